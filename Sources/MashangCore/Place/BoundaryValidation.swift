import Foundation

/// What is wrong with a boundary, as a field problem (`problem.<rawValue>` in the messages).
public enum BoundaryProblem: String, Sendable, Error, CaseIterable {
    case empty = "boundaryEmpty"
    case tooManyPoints = "boundaryTooManyPoints"
    case invalidCoordinate = "boundaryInvalidCoordinate"
    case notClosed = "boundaryNotClosed"
    case tooFewPoints = "boundaryTooFewPoints"
    case selfIntersecting = "boundarySelfIntersecting"
    case holeOutside = "boundaryHoleOutside"
    case polygonsOverlap = "boundaryPolygonsOverlap"
    case outsideParent = "boundaryOutsideParent"
}

extension AreaBoundary {
    /// More points than a hand-drawn community or grid needs; it bounds the quadratic checks below.
    public static let maxPoints = 5_000

    /// The first problem of the shape on its own, or nil when it is a valid (Multi)Polygon: every ring closed with at
    /// least three distinct corners, coordinates in range, no ring crossing or touching itself, holes inside their
    /// outer ring, polygons apart from each other.
    public var problem: BoundaryProblem? {
        guard !polygons.isEmpty else { return .empty }
        let rings = polygons.flatMap(\.rings)
        guard rings.reduce(0, { $0 + $1.count }) <= Self.maxPoints else { return .tooManyPoints }
        guard rings.allSatisfy({ $0.allSatisfy(\.isValid) }) else { return .invalidCoordinate }
        for ring in rings {
            guard ring.count >= 4, Set(ring).count >= 3 else { return .tooFewPoints }
            guard ring.first == ring.last else { return .notClosed }
            if Self.isSelfIntersecting(ring) || Self.squareMetres(ring) == 0 { return .selfIntersecting }
        }
        for polygon in polygons {
            for hole in polygon.holes where !Self.ring(hole, isWithin: [polygon.outer]) { return .holeOutside }
        }
        for (index, polygon) in polygons.enumerated() {
            for other in polygons[(index + 1)...] where Self.rings(polygon.outer, other.outer, overlap: true) {
                return .polygonsOverlap
            }
        }
        return nil
    }

    /// Whether every polygon of this boundary lies inside `parent` (edges may run along the parent's).
    public func isWithin(_ parent: AreaBoundary) -> Bool {
        polygons.allSatisfy { polygon in
            let points = polygon.outer + zip(polygon.outer, polygon.outer.dropFirst()).map(Self.midpoint)
            return points.allSatisfy { parent.placement(of: $0).isInsideOrOnEdge }
                && !parent.polygons.flatMap(\.rings).contains { Self.rings(polygon.outer, $0, overlap: false) }
        }
    }

    static func midpoint(_ a: GeoPoint, _ b: GeoPoint) -> GeoPoint {
        GeoPoint(latitude: (a.latitude + b.latitude) / 2, longitude: (a.longitude + b.longitude) / 2)
    }

    /// A ring crosses itself, touches itself at a corner other than its neighbours', or doubles back along an edge.
    static func isSelfIntersecting(_ ring: [GeoPoint]) -> Bool {
        let edges = zip(ring, ring.dropFirst()).map { Segment($0, $1) }
        let count = edges.count
        for i in 0..<count {
            for j in (i + 1)..<count {
                let adjacent = j == i + 1 || (i == 0 && j == count - 1)
                if adjacent {
                    // Neighbours share one corner; they may not fold back over each other.
                    let (first, second) = j == i + 1 ? (edges[i], edges[j]) : (edges[j], edges[i])
                    if Segment.turn(first.a, first.b, second.b) == 0 && first.contains(second.b) { return true }
                    if Segment.turn(first.a, first.b, second.b) == 0 && second.contains(first.a) { return true }
                } else if edges[i].touches(edges[j]) {
                    return true
                }
            }
        }
        return false
    }

    /// Whether a ring lies inside-or-on the rings given (the first an outer ring), its corners and edge midpoints
    /// inside and no edge crossing theirs.
    static func ring(_ ring: [GeoPoint], isWithin rings: [[GeoPoint]]) -> Bool {
        let shape = AreaBoundary(polygons: [GeoPolygon(rings: rings)])
        let points = ring + zip(ring, ring.dropFirst()).map(midpoint)
        return points.allSatisfy { shape.placement(of: $0).isInsideOrOnEdge } && !rings.contains { Self.rings(ring, $0, overlap: false) }
    }

    /// Whether two rings' edges cross; with `overlap`, also whether either holds a corner or edge midpoint of the other
    /// strictly inside (two polygons of one area may touch, never overlap).
    static func rings(_ a: [GeoPoint], _ b: [GeoPoint], overlap: Bool) -> Bool {
        let edgesA = zip(a, a.dropFirst()).map { Segment($0, $1) }, edgesB = zip(b, b.dropFirst()).map { Segment($0, $1) }
        if edgesA.contains(where: { edge in edgesB.contains { edge.crossesProperly($0) } }) { return true }
        guard overlap else { return false }
        let shapeA = AreaBoundary(polygons: [GeoPolygon(rings: [a])]), shapeB = AreaBoundary(polygons: [GeoPolygon(rings: [b])])
        let pointsA = a + zip(a, a.dropFirst()).map(midpoint), pointsB = b + zip(b, b.dropFirst()).map(midpoint)
        return pointsA.contains { shapeB.placement(of: $0) == .inside } || pointsB.contains { shapeA.placement(of: $0) == .inside }
    }
}
