import Foundation

/// The petition limits, in calendar days (信访工作条例 counts 日, not working days). The numbers are the regulation's;
/// what it leaves open is `lastDayRolls`. docs/petitions.md names the article of each.
public struct PetitionRules: Codable, Sendable, Equatable {
    /// 15 日: the acceptance decision (受理、不予受理或转送) and its 告知书, from registration.
    public var acceptanceDays = 15
    /// 60 日: the handling, from acceptance to the 处理意见书.
    public var handlingDays = 60
    /// 30 日 at most: an approved extension of the handling.
    public var longestExtension = 30
    /// 30 日: the petitioner's time to ask for 复查 (from the 处理意见书) or 复核 (from the 复查意见).
    public var requestDays = 30
    /// 30 日: the reviewing body's time to give its 复查 or 复核 opinion, from the request.
    public var decisionDays = 30
    /// Whether a period whose last day is a day off (a weekend or a public holiday, with 调休 working days counted as
    /// working) ends on the next working day instead, as China's procedural laws count periods. On by default.
    public var lastDayRolls = true
    /// The share of a limit after which it is warned, as for the other limits.
    public var warnShare = 0.8

    public init(lastDayRolls: Bool = true) { self.lastDayRolls = lastDayRolls }

    public static let statutory = PetitionRules()

    /// The last day of a period of `days` calendar days counted from the day after `start` (the first day is not
    /// counted), moved off a day off when `lastDayRolls`.
    public func lastDay(_ days: Int, from start: Date, calendar: WorkingCalendar) -> ChinaDay {
        var day = ChinaDay(start).adding(days)
        if lastDayRolls { while !calendar.isWorkingDay(day) { day = day.adding(1) } }
        return day
    }

    /// The moment a period ends: midnight (China time) after its last day.
    public func due(_ days: Int, from start: Date, calendar: WorkingCalendar) -> Date {
        lastDay(days, from: start, calendar: calendar).adding(1).start
    }

    /// Whether the petitioner's period to ask for a review, counted from `answeredAt`, is still open at `now`.
    public func mayRequestReview(answeredAt: Date, at now: Date, calendar: WorkingCalendar) -> Bool {
        now < due(requestDays, from: answeredAt, calendar: calendar)
    }
}
