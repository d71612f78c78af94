import Foundation

/// A calendar day in China (UTC+8, no daylight saving), as a count of days since 1970-01-01: days compare and add
/// as integers, which keeps deadline arithmetic exact and fast.
public struct ChinaDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let index: Int

    public init(index: Int) { self.index = index }

    public init(_ date: Date) {
        index = Int(((date.timeIntervalSince1970 + Self.offset) / 86_400).rounded(.down))
    }

    /// A strict `yyyy-MM-dd`; nil if malformed or not a real day.
    public init?(_ text: String) {
        guard let date = ChinaTime.day(text) else { return nil }
        self.init(date)
    }

    static let offset: TimeInterval = 8 * 3600

    /// Midnight at the start of the day, China time.
    public var start: Date { Date(timeIntervalSince1970: TimeInterval(index) * 86_400 - Self.offset) }

    /// The moment `seconds` after midnight of this day.
    public func at(_ seconds: Int) -> Date { start.addingTimeInterval(TimeInterval(seconds)) }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((index % 7) + 7 + 3) % 7 + 1 }
    public var isWeekend: Bool { weekday >= 6 }
    public var year: Int { ChinaTime.year(of: start) }

    public func adding(_ days: Int) -> ChinaDay { ChinaDay(index: index + days) }

    public var description: String { ChinaTime.dayString(start) }

    public static func < (lhs: ChinaDay, rhs: ChinaDay) -> Bool { lhs.index < rhs.index }
}
