import Foundation

/// Where a request says it happens: the point in WGS-84 and the system the client gave it in (the point it sent is
/// `GCJ02.gcj02(fromWGS84:)` of this one when that was GCJ-02).
public struct TicketLocation: Codable, Sendable, Equatable {
    public var point: GeoPoint
    public var system: CoordinateSystem

    public init(point: GeoPoint, system: CoordinateSystem) {
        self.point = point
        self.system = system
    }

    /// The point as the client sent it.
    public var given: GeoPoint {
        switch system {
        case .wgs84: point
        case .gcj02: GCJ02.gcj02(fromWGS84: point)
        }
    }
}
