import Foundation

/// Finds the area a point lies in: of every area in use whose boundary holds the point, the smallest (a grid before
/// its community), ties going to the deeper area and then the code, so that a point on the line between two grids is
/// always placed the same way.
public struct AreaLocator: Sendable {
    struct Entry: Sendable {
        var code: String
        var boundary: AreaBoundary
        var bounds: GeoBounds
        var squareMetres: Double
        var depth: Int
    }

    let entries: [Entry]
    /// The outermost areas with a boundary (none of their ancestors has one): the mechanism's territory.
    public let territory: [String]

    init(areas: [Area], tree: CodeTree) {
        entries = areas.compactMap { area in
            guard !area.isRetired, let boundary = area.boundary else { return nil }
            return Entry(
                code: area.code, boundary: boundary, bounds: boundary.bounds, squareMetres: boundary.squareMetres,
                depth: tree.depth(of: area.code))
        }
        let drawn = Set(entries.map(\.code))
        territory = entries.map(\.code).filter { code in !tree.lineage(of: code).dropFirst().contains(where: drawn.contains) }
    }

    /// Whether any area in use has a boundary: without one, coordinates cannot place a request.
    public var isEmpty: Bool { entries.isEmpty }

    /// The smallest area in use holding the point (WGS-84), or nil when it lies outside every boundary.
    public func area(containing point: GeoPoint) -> String? {
        entries.filter { $0.bounds.contains(point) && $0.boundary.contains(point) }
            .min { ($0.squareMetres, -$0.depth, $0.code) < ($1.squareMetres, -$1.depth, $1.code) }?.code
    }

    /// The box around every boundary (nil when there is none): what a map of the areas draws.
    public var bounds: GeoBounds? {
        entries.map(\.bounds).reduce(nil) { $0?.union($1) ?? $1 }
    }
}
