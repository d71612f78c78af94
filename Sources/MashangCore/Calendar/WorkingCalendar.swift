import Foundation

/// Office hours of an organisation: sessions within a day, in seconds after midnight China time. Default
/// 08:30–12:00 and 14:00–17:30 (seven hours).
public struct WorkingHours: Codable, Sendable, Equatable {
    public struct Session: Codable, Sendable, Equatable {
        public var start: Int
        public var end: Int
        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    public private(set) var sessions: [Session]

    /// Sessions must be non-empty, within the day, in order and not overlapping.
    public init(sessions: [Session]) throws(ValidationError) {
        var previousEnd = 0
        var rules = FieldRules()
        rules.require(!sessions.isEmpty, "sessions", "required")
        for session in sessions {
            rules.require(session.start >= previousEnd && session.start < session.end && session.end <= 86_400, "sessions", "invalid")
            previousEnd = session.end
        }
        try rules.check()
        self.sessions = sessions
    }

    public static let standard = try! WorkingHours(sessions: [
        Session(start: 8 * 3600 + 1800, end: 12 * 3600),
        Session(start: 14 * 3600, end: 17 * 3600 + 1800),
    ])

    /// Working seconds in one working day.
    public var secondsPerDay: Int { sessions.reduce(0) { $0 + $1.end - $1.start } }
}

/// Working days and working hours from the holiday table and an organisation's office hours. Deadlines in working
/// days end at the close of the Nth working day after the start day; deadlines in working hours count only time
/// inside office sessions of working days.
public struct WorkingCalendar: Sendable {
    public let holidays: HolidayTable
    public let hours: WorkingHours

    public init(holidays: HolidayTable, hours: WorkingHours = .standard) {
        self.holidays = holidays
        self.hours = hours
    }

    public func isWorkingDay(_ day: ChinaDay) -> Bool {
        switch holidays.kind(of: day) {
        case .holiday: false
        case .workday: true
        case nil: !day.isWeekend
        }
    }

    /// The first working day strictly after `day` … counting `count` of them; `count` 0 gives `day` itself.
    public func workingDay(_ count: Int, after day: ChinaDay) -> ChinaDay {
        var current = day, remaining = count
        while remaining > 0 {
            current = current.adding(1)
            if isWorkingDay(current) { remaining -= 1 }
        }
        return current
    }

    /// The close of business of the `days`-th working day after the one `date` falls on.
    public func addingWorkingDays(_ days: Int, to date: Date) -> Date {
        workingDay(days, after: ChinaDay(date)).at(hours.sessions.last!.end)
    }

    /// The moment when `seconds` of working time have passed since `date`.
    public func addingWorkingTime(_ seconds: TimeInterval, to date: Date) -> Date {
        var day = ChinaDay(date)
        var clock = date.timeIntervalSince(day.start)
        var remaining = seconds
        while true {
            if isWorkingDay(day) {
                for session in hours.sessions where TimeInterval(session.end) > clock {
                    let from = max(clock, TimeInterval(session.start))
                    let available = TimeInterval(session.end) - from
                    if remaining <= available { return day.start.addingTimeInterval(from + remaining) }
                    remaining -= available
                    clock = TimeInterval(session.end)
                }
            }
            day = day.adding(1)
            clock = 0
        }
    }

    /// Working time between two moments (0 when `end` is not after `start`).
    public func workingTime(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        var total: TimeInterval = 0
        var day = ChinaDay(start)
        let last = ChinaDay(end)
        while day <= last {
            if isWorkingDay(day) {
                let lower = day == ChinaDay(start) ? start.timeIntervalSince(day.start) : 0
                let upper = day == last ? end.timeIntervalSince(day.start) : 86_400
                for session in hours.sessions {
                    total += max(0, min(upper, TimeInterval(session.end)) - max(lower, TimeInterval(session.start)))
                }
            }
            day = day.adding(1)
        }
        return total
    }
}
