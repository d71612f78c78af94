import Foundation

/// When a message may go out: no text message between 22:00 and 08:00 China time unless urgent, no more than
/// `dailyCap` text messages to one number in a China day, and retries after a failure at growing intervals until the
/// last try, after which the message is dead-lettered for an administrator to resend.
public struct DeliveryRules: Sendable, Equatable {
    /// Minutes after midnight, China time.
    public var quietFrom = 22 * 60
    public var quietUntil = 8 * 60
    public var dailyCap = 5
    /// Seconds to wait after the first, second … failed attempt; a failure after the last is final.
    public var retryDelays: [TimeInterval] = [60, 300, 1_800, 7_200, 21_600]

    public init() {}

    /// Whether `date` falls in the quiet hours.
    public func isQuiet(_ date: Date) -> Bool {
        guard quietFrom != quietUntil else { return false }
        let minute = Self.minuteOfDay(date)
        return quietFrom > quietUntil ? minute >= quietFrom || minute < quietUntil : minute >= quietFrom && minute < quietUntil
    }

    /// The earliest moment at or after `now` the message may be sent by `channel`.
    public func earliest(_ channel: MessageChannel, urgent: Bool, at now: Date) -> Date {
        guard channel == .sms, !urgent, isQuiet(now) else { return now }
        return nextQuietEnd(after: now)
    }

    /// When to try again after `attempts` failed attempts (nil: that was the last; the message is dead).
    public func retry(afterAttempts attempts: Int, at now: Date) -> Date? {
        guard attempts >= 1, attempts <= retryDelays.count else { return nil }
        return now.addingTimeInterval(retryDelays[attempts - 1])
    }

    /// The end of the quiet hours on the next China day: where a message over the day's cap waits.
    public func nextDay(after now: Date) -> Date {
        let startOfDay = ChinaTime.calendar.startOfDay(for: now)
        let tomorrow = ChinaTime.calendar.date(byAdding: .day, value: 1, to: startOfDay)!
        return tomorrow.addingTimeInterval(TimeInterval(quietUntil * 60))
    }

    func nextQuietEnd(after now: Date) -> Date {
        let startOfDay = ChinaTime.calendar.startOfDay(for: now)
        let today = startOfDay.addingTimeInterval(TimeInterval(quietUntil * 60))
        return today > now ? today : nextDay(after: now)
    }

    static func minuteOfDay(_ date: Date) -> Int {
        let parts = ChinaTime.calendar.dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }
}
