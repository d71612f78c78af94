import Foundation

extension Deadline {
    /// Whether this limit was missed as of `now`: met after its due time, or not met and past it. The one rule every
    /// figure, list and page uses, so lateness never depends on whether or when the sweeper looked.
    public func isLate(at now: Date) -> Bool {
        switch standing(at: now) {
        case .metLate, .overdue: true
        case .running, .warning, .met: false
        }
    }
}

/// A ticket's lateness, worked out from its limits (themselves a pure function of the history, the working calendar
/// and the time policy) at one moment; `recheckAt` is when the answer can next change without a new event.
public struct Lateness: Sendable, Equatable {
    /// Some limit was missed.
    public var overdue: Bool
    /// Some sign-for (签收) limit was missed.
    public var signForLate: Bool
    /// The earliest due time of a limit still running and not yet past: then the ticket becomes late by itself.
    public var recheckAt: Date?

    public init(overdue: Bool = false, signForLate: Bool = false, recheckAt: Date? = nil) {
        self.overdue = overdue
        self.signForLate = signForLate
        self.recheckAt = recheckAt
    }

    /// A ticket without limits (just received, never dispatched).
    public static let none = Lateness()

    public static func of(_ deadlines: [Deadline], at now: Date) -> Lateness {
        var lateness = Lateness()
        for deadline in deadlines {
            if deadline.isLate(at: now) {
                lateness.overdue = true
                if deadline.kind == .signFor { lateness.signForLate = true }
            } else if deadline.metAt.map({ $0 > now }) ?? true {
                // Still running: it turns late just after its due time.
                let turns = deadline.due.addingTimeInterval(0.001)
                lateness.recheckAt = min(lateness.recheckAt ?? turns, turns)
            }
        }
        return lateness
    }
}

/// The working calendar and time policy in force: what a ticket's limits are worked out from.
public struct TimeRules: Sendable {
    public var holidays: HolidayTable
    public var hours: [String: WorkingHours]
    public var policy: TimePolicy

    public init(holidays: HolidayTable, hours: [String: WorkingHours], policy: TimePolicy) {
        self.holidays = holidays
        self.hours = hours
        self.policy = policy
    }

    public static let standard = TimeRules(holidays: .empty, hours: [:], policy: TimePolicy())

    public func calendar(for organization: String) -> WorkingCalendar {
        WorkingCalendar(holidays: holidays, hours: hours[organization] ?? .standard)
    }

    public func deadlines(of ticket: StoredTicket) -> [Deadline] {
        TicketDeadlines.of(ticket.events, state: ticket.state, policy: policy, calendar: calendar(for:))
    }

    public func lateness(of ticket: StoredTicket, at now: Date) -> Lateness {
        Lateness.of(deadlines(of: ticket), at: now)
    }
}

extension TimeRules {
    public func sweep(_ ticket: StoredTicket) -> DeadlineSweep {
        let holidays = self.holidays, hours = self.hours
        return DeadlineSweep(ticket: ticket, policy: policy) { WorkingCalendar(holidays: holidays, hours: hours[$0] ?? .standard) }
    }
}
