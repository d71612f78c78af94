import Foundation

/// A polygon: its outer ring, then its holes. Each ring is closed (its last point repeats its first).
public struct GeoPolygon: Sendable, Equatable {
    public var rings: [[GeoPoint]]

    public init(rings: [[GeoPoint]]) {
        self.rings = rings
    }

    public var outer: [GeoPoint] { rings.first ?? [] }
    public var holes: ArraySlice<[GeoPoint]> { rings.dropFirst() }
}

/// Where a point lies against a shape; a point on an edge counts as inside, so that a request on the line between two
/// grids is placed rather than refused.
public enum PointPlacement: Sendable, Equatable {
    case inside, onEdge, outside

    public var isInsideOrOnEdge: Bool { self != .outside }
}

/// 边界: an area's boundary, one or more polygons (a MultiPolygon), in WGS-84. Geometry is planar in degrees of
/// longitude and latitude, which is exact for containment at the scale of a district.
public struct AreaBoundary: Sendable, Equatable {
    public var polygons: [GeoPolygon]

    public init(polygons: [GeoPolygon]) {
        self.polygons = polygons
    }

    public func placement(of point: GeoPoint) -> PointPlacement {
        guard bounds.contains(point) else { return .outside }
        for polygon in polygons {
            switch Self.placement(of: point, in: polygon.outer) {
            case .outside: continue
            case .onEdge: return .onEdge
            case .inside: break
            }
            var inHole = false
            for hole in polygon.holes {
                switch Self.placement(of: point, in: hole) {
                case .inside: inHole = true
                case .onEdge: return .onEdge
                case .outside: break
                }
            }
            if !inHole { return .inside }
        }
        return .outside
    }

    public func contains(_ point: GeoPoint) -> Bool { placement(of: point).isInsideOrOnEdge }

    /// The surface in square metres (outer rings less holes, an equirectangular projection at each ring's latitude):
    /// what picks the smallest of several areas holding a point.
    public var squareMetres: Double {
        polygons.reduce(0) { total, polygon in
            total + Self.squareMetres(polygon.outer) - polygon.holes.reduce(0) { $0 + Self.squareMetres($1) }
        }
    }

    /// The smallest box of latitudes and longitudes around every ring.
    public var bounds: GeoBounds { GeoBounds(points: polygons.flatMap(\.outer)) }

    /// A point inside the boundary, away from its edges where the shape allows: the centre of the largest polygon's
    /// outer ring if that lies inside, else the midpoint of the widest inside run of the horizontal line through it.
    public var labelPoint: GeoPoint? {
        guard let largest = polygons.max(by: { Self.squareMetres($0.outer) < Self.squareMetres($1.outer) }) else { return nil }
        let box = GeoBounds(points: largest.outer)
        let centre = GeoPoint(latitude: (box.south + box.north) / 2, longitude: (box.west + box.east) / 2)
        if placement(of: centre) == .inside { return centre }
        var crossings: [Double] = []
        for ring in largest.rings {
            for (a, b) in zip(ring, ring.dropFirst()) where (a.latitude > centre.latitude) != (b.latitude > centre.latitude) {
                crossings.append(a.longitude + (centre.latitude - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude))
            }
        }
        crossings.sort()
        let runs = stride(from: 0, to: crossings.count - 1, by: 2).map { (crossings[$0], crossings[$0 + 1]) }
        guard let widest = runs.max(by: { $0.1 - $0.0 < $1.1 - $1.0 }) else { return nil }
        return GeoPoint(latitude: centre.latitude, longitude: (widest.0 + widest.1) / 2)
    }

    // MARK: - Geometry

    static func placement(of point: GeoPoint, in ring: [GeoPoint]) -> PointPlacement {
        var inside = false
        let x = point.longitude, y = point.latitude
        for (a, b) in zip(ring, ring.dropFirst()) {
            if Segment(a, b).contains(point) { return .onEdge }
            if (a.latitude > y) != (b.latitude > y) {
                let crossing = a.longitude + (y - a.latitude) / (b.latitude - a.latitude) * (b.longitude - a.longitude)
                if x < crossing { inside.toggle() }
            }
        }
        return inside ? .inside : .outside
    }

    static func squareMetres(_ ring: [GeoPoint]) -> Double {
        guard ring.count > 3 else { return 0 }
        let metresPerDegree = 111_319.49
        let meanLatitude = ring.dropLast().reduce(0) { $0 + $1.latitude } / Double(ring.count - 1)
        let scale = cos(meanLatitude * .pi / 180)
        var twice = 0.0
        for (a, b) in zip(ring, ring.dropFirst()) { twice += a.longitude * b.latitude - b.longitude * a.latitude }
        return abs(twice) / 2 * metresPerDegree * metresPerDegree * scale
    }
}

/// A box of latitudes and longitudes.
public struct GeoBounds: Sendable, Equatable {
    public var south: Double, west: Double, north: Double, east: Double

    public init(south: Double, west: Double, north: Double, east: Double) {
        self.south = south
        self.west = west
        self.north = north
        self.east = east
    }

    init(points: [GeoPoint]) {
        south = points.map(\.latitude).min() ?? 0
        north = points.map(\.latitude).max() ?? 0
        west = points.map(\.longitude).min() ?? 0
        east = points.map(\.longitude).max() ?? 0
    }

    public func contains(_ point: GeoPoint) -> Bool {
        (south...north).contains(point.latitude) && (west...east).contains(point.longitude)
    }

    public func union(_ other: GeoBounds) -> GeoBounds {
        GeoBounds(south: min(south, other.south), west: min(west, other.west), north: max(north, other.north), east: max(east, other.east))
    }
}

/// A straight edge between two points, in degrees.
struct Segment {
    var a: GeoPoint, b: GeoPoint

    init(_ a: GeoPoint, _ b: GeoPoint) {
        self.a = a
        self.b = b
    }

    /// Below this (in degrees²) a turn counts as straight: a point a tenth of a millimetre off a 1-km edge is on it.
    /// Coordinates near 112° carry about 1e-14° of rounding, which smaller tolerances would mistake for a bend.
    static let tolerance = 1e-14

    static func turn(_ p: GeoPoint, _ q: GeoPoint, _ r: GeoPoint) -> Double {
        let value = (q.longitude - p.longitude) * (r.latitude - p.latitude) - (q.latitude - p.latitude) * (r.longitude - p.longitude)
        return abs(value) < tolerance ? 0 : value
    }

    func contains(_ point: GeoPoint) -> Bool {
        Self.turn(a, b, point) == 0
            && min(a.longitude, b.longitude) <= point.longitude && point.longitude <= max(a.longitude, b.longitude)
            && min(a.latitude, b.latitude) <= point.latitude && point.latitude <= max(a.latitude, b.latitude)
    }

    /// Whether the two edges cross at a point inside both (not where one ends on the other, and not along a shared
    /// stretch): the crossing that makes a ring self-intersecting or one shape leave another.
    func crossesProperly(_ other: Segment) -> Bool {
        let d1 = Self.turn(other.a, other.b, a), d2 = Self.turn(other.a, other.b, b)
        let d3 = Self.turn(a, b, other.a), d4 = Self.turn(a, b, other.b)
        return d1 * d2 < 0 && d3 * d4 < 0
    }

    /// Whether the edges meet anywhere, ends and overlaps included.
    func touches(_ other: Segment) -> Bool {
        crossesProperly(other) || contains(other.a) || contains(other.b) || other.contains(a) || other.contains(b)
    }
}
