import Foundation

/// Plausible boundaries for the demo's areas, near the real 广华 street of 潜江 (Hubei): the area is a 3 × 2 lattice of
/// communities whose shared edges bend at a midpoint, and each community is cut into a southern grid 1 and a northern
/// grid 2. Neighbours share their edges exactly, so every grid lies inside its community and every community inside
/// the area, and every point of the area belongs to one grid (points on a shared edge to either).
enum DemoBoundaries {
    static let columns = [112.6200, 112.6320, 112.6440, 112.6560]
    static let rows = [30.4050, 30.4160, 30.4270]
    /// Offsets of the lattice's inner corners, in degrees, so that no street looks ruled.
    static let cornerShift: [[(Double, Double)]] = [
        [(0, 0), (0, 0.0011), (0, -0.0009), (0, 0)],
        [(0.0006, 0), (-0.0008, 0.0013), (0.0010, -0.0012), (-0.0005, 0)],
        [(0, 0), (0, -0.0010), (0, 0.0007), (0, 0)],
    ]

    static func corner(_ row: Int, _ column: Int) -> GeoPoint {
        let shift = cornerShift[row][column]
        return rounded(GeoPoint(latitude: rows[row] + shift.0, longitude: columns[column] + shift.1))
    }

    /// The bend of the edge between two corners: its midpoint pushed sideways by an amount fixed per edge.
    static func bend(_ a: GeoPoint, _ b: GeoPoint, seed: Int) -> GeoPoint {
        let amount = [0.0007, -0.0005, 0.0004, -0.0008, 0.0006, -0.0003][seed % 6]
        let dLat = b.latitude - a.latitude, dLon = b.longitude - a.longitude
        let length = (dLat * dLat + dLon * dLon).squareRoot()
        return rounded(
            GeoPoint(
                latitude: (a.latitude + b.latitude) / 2 + dLon / length * amount,
                longitude: (a.longitude + b.longitude) / 2 - dLat / length * amount))
    }

    static func rounded(_ point: GeoPoint) -> GeoPoint {
        GeoPoint(latitude: (point.latitude * 1e6).rounded() / 1e6, longitude: (point.longitude * 1e6).rounded() / 1e6)
    }

    /// Horizontal edges bend by their position, vertical ones by theirs, so that both communities beside an edge see
    /// the same bend.
    static func southBend(_ row: Int, _ column: Int) -> GeoPoint {
        bend(corner(row, column), corner(row, column + 1), seed: row * 3 + column)
    }
    static func westBend(_ row: Int, _ column: Int) -> GeoPoint {
        bend(corner(row, column), corner(row + 1, column), seed: row * 4 + column + 1)
    }

    /// The cell of the lattice a community fills: the first three communities along the south, the others north.
    static func cell(ofCommunity index: Int) -> (row: Int, column: Int) { (index / 3, index % 3) }

    static func community(_ index: Int) -> AreaBoundary {
        let (row, column) = cell(ofCommunity: index)
        let ring = [
            corner(row, column), southBend(row, column), corner(row, column + 1), westBend(row, column + 1),
            corner(row + 1, column + 1), southBend(row + 1, column), corner(row + 1, column), westBend(row, column),
            corner(row, column),
        ]
        return AreaBoundary(polygons: [GeoPolygon(rings: [ring])])
    }

    /// Grid 1 is the community's southern half, grid 2 its northern; the line between them bends at the cell's centre.
    static func grid(_ number: Int, ofCommunity index: Int) -> AreaBoundary {
        let (row, column) = cell(ofCommunity: index)
        let west = westBend(row, column), east = westBend(row, column + 1)
        let centre = rounded(
            GeoPoint(latitude: (west.latitude + east.latitude) / 2 + 0.0004, longitude: (west.longitude + east.longitude) / 2))
        let ring =
            number == 1
            ? [corner(row, column), southBend(row, column), corner(row, column + 1), east, centre, west, corner(row, column)]
            : [west, centre, east, corner(row + 1, column + 1), southBend(row + 1, column), corner(row + 1, column), west]
        return AreaBoundary(polygons: [GeoPolygon(rings: [ring])])
    }

    /// The whole area: the lattice's outline, counter-clockwise from the south-west corner.
    static var area: AreaBoundary {
        var ring: [GeoPoint] = []
        for column in 0..<3 { ring += [corner(0, column), southBend(0, column)] }
        for row in 0..<2 { ring += [corner(row, 3), westBend(row, 3)] }
        for column in (0..<3).reversed() { ring += [corner(2, column + 1), southBend(2, column)] }
        for row in (0..<2).reversed() { ring += [corner(row + 1, 0), westBend(row, 0)] }
        ring.append(corner(0, 0))
        return AreaBoundary(polygons: [GeoPolygon(rings: [ring])])
    }
}
