import Foundation

/// A point on the earth in degrees. Mashang keeps every point in WGS-84 (what GPS and GeoJSON use); a point given in
/// another system is converted on the way in (`CoordinateSystem`).
public struct GeoPoint: Codable, Sendable, Hashable {
    public var latitude: Double
    public var longitude: Double

    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }

    /// Finite, latitude within ±90° and longitude within ±180°.
    public var isValid: Bool {
        latitude.isFinite && longitude.isFinite && (-90...90).contains(latitude) && (-180...180).contains(longitude)
    }

    /// The great-circle distance in metres (haversine, on a sphere of the earth's mean radius).
    public func distance(to other: GeoPoint) -> Double {
        let radius = 6_371_008.8
        let lat1 = latitude * .pi / 180, lat2 = other.latitude * .pi / 180
        let dLat = lat2 - lat1, dLon = (other.longitude - longitude) * .pi / 180
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(lat1) * cos(lat2) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * radius * asin(min(1, sqrt(h)))
    }
}

/// The coordinate systems a request may name. Chinese map apps (AMap, Tencent, the WeChat location picker) report
/// GCJ-02, an obfuscated offset of WGS-84 of a few hundred metres inside China; GPS and the browser report WGS-84.
public enum CoordinateSystem: String, Codable, Sendable, CaseIterable {
    case wgs84
    case gcj02

    /// The point in WGS-84.
    public func wgs84(_ point: GeoPoint) -> GeoPoint {
        switch self {
        case .wgs84: point
        case .gcj02: GCJ02.wgs84(fromGCJ02: point)
        }
    }

    /// The system a request's `coordinateSystem` names (case and a hyphen ignored: `WGS-84`, `gcj02`); nil when unknown.
    public init?(named name: String) {
        self.init(rawValue: name.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: ""))
    }
}

/// GCJ-02 (国测局坐标): the published forward formula, and its inverse by fixed-point iteration (the forward offset
/// varies slowly, so a few steps reach a millimetre). Outside China the two systems coincide.
public enum GCJ02 {
    static let semiMajorAxis = 6_378_245.0
    static let eccentricitySquared = 0.006_693_421_622_965_943_23

    public static func isOutsideChina(_ point: GeoPoint) -> Bool {
        !(72.004...137.8347).contains(point.longitude) || !(0.8293...55.8271).contains(point.latitude)
    }

    public static func gcj02(fromWGS84 point: GeoPoint) -> GeoPoint {
        guard !isOutsideChina(point) else { return point }
        let (dLat, dLon) = offset(point)
        return GeoPoint(latitude: point.latitude + dLat, longitude: point.longitude + dLon)
    }

    public static func wgs84(fromGCJ02 point: GeoPoint) -> GeoPoint {
        guard !isOutsideChina(point) else { return point }
        var guess = point
        for _ in 0..<30 {
            let forward = gcj02(fromWGS84: guess)
            let dLat = point.latitude - forward.latitude, dLon = point.longitude - forward.longitude
            guess.latitude += dLat
            guess.longitude += dLon
            if abs(dLat) < 1e-10 && abs(dLon) < 1e-10 { break }
        }
        return guess
    }

    private static func offset(_ point: GeoPoint) -> (Double, Double) {
        let x = point.longitude - 105.0, y = point.latitude - 35.0
        let wave = (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        var dLat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x)) + wave
        dLat += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        dLat += (160.0 * sin(y / 12.0 * .pi) + 320.0 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        var dLon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x)) + wave
        dLon += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        dLon += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        let radLat = point.latitude / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - eccentricitySquared * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180.0) / ((semiMajorAxis * (1 - eccentricitySquared)) / (magic * sqrtMagic) * .pi)
        dLon = (dLon * 180.0) / (semiMajorAxis / sqrtMagic * cos(radLat) * .pi)
        return (dLat, dLon)
    }
}
