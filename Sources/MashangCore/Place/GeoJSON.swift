import Foundation

/// GeoJSON (RFC 7946) for boundaries: a `Polygon` or `MultiPolygon` geometry, positions `[longitude, latitude]` in
/// WGS-84. A boundary is written as a `Polygon` when it has one polygon, else as a `MultiPolygon`.
extension AreaBoundary: Codable {
    private enum Keys: String, CodingKey { case type, coordinates }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let type = try container.decode(String.self, forKey: .type)
        let polygons: [[[[Double]]]]
        switch type {
        case "Polygon": polygons = [try container.decode([[[Double]]].self, forKey: .coordinates)]
        case "MultiPolygon": polygons = try container.decode([[[[Double]]]].self, forKey: .coordinates)
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "not a Polygon or MultiPolygon: \(type)")
        }
        self.init(
            polygons: try polygons.map { rings in
                GeoPolygon(
                    rings: try rings.map { positions in
                        try Self.withoutRepeats(
                            positions.map { position in
                                guard position.count >= 2 else {
                                    throw DecodingError.dataCorruptedError(
                                        forKey: .coordinates, in: container, debugDescription: "a position needs two numbers")
                                }
                                return GeoPoint(latitude: position[1], longitude: position[0])
                            })
                    })
            })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        let coordinates = polygons.map { $0.rings.map { $0.map { [$0.longitude, $0.latitude] } } }
        if coordinates.count == 1 {
            try container.encode("Polygon", forKey: .type)
            try container.encode(coordinates[0], forKey: .coordinates)
        } else {
            try container.encode("MultiPolygon", forKey: .type)
            try container.encode(coordinates, forKey: .coordinates)
        }
    }

    /// A point repeated straight after itself says nothing and would look like an edge folding back.
    private static func withoutRepeats(_ points: [GeoPoint]) -> [GeoPoint] {
        points.enumerated().filter { $0.offset == 0 || points[$0.offset - 1] != $0.element }.map(\.element)
    }

    /// The boundary as GeoJSON text (a geometry object, keys sorted).
    public var geoJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// Reads a boundary from GeoJSON text: a Polygon or MultiPolygon geometry, or a Feature holding one; nil when the
    /// text is not that.
    public init?(geoJSON text: String) {
        guard let feature = try? JSONDecoder().decode(GeoJSONFeature.self, from: Data(text.utf8)) else { return nil }
        self = feature.geometry
    }
}

/// A GeoJSON Feature with a boundary, or a bare geometry read as one (then without properties).
public struct GeoJSONFeature: Decodable, Sendable {
    public var geometry: AreaBoundary
    /// Text and number properties, as text (`code`, `name`, `name_en`, `parent` name an area).
    public var properties: [String: String]

    private enum Keys: String, CodingKey { case type, geometry, properties }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if try container.decode(String.self, forKey: .type) == "Feature" {
            geometry = try container.decode(AreaBoundary.self, forKey: .geometry)
            let raw = try container.decodeIfPresent([String: GeoJSONProperty].self, forKey: .properties) ?? [:]
            properties = raw.compactMapValues(\.text)
        } else {
            geometry = try AreaBoundary(from: decoder)
            properties = [:]
        }
    }
}

/// A GeoJSON FeatureCollection (or a single Feature) of area boundaries, as `mashang import areas` reads it.
public struct GeoJSONFeatures: Decodable, Sendable {
    public var features: [GeoJSONFeature]

    private enum Keys: String, CodingKey { case type, features }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        if try container.decode(String.self, forKey: .type) == "FeatureCollection" {
            features = try container.decode([GeoJSONFeature].self, forKey: .features)
        } else {
            features = [try GeoJSONFeature(from: decoder)]
        }
    }
}

/// A property value: text and numbers are kept as text, anything else is ignored.
private struct GeoJSONProperty: Decodable {
    var text: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text
        } else if let number = try? container.decode(Int.self) {
            text = String(number)
        } else {
            text = nil
        }
    }
}
