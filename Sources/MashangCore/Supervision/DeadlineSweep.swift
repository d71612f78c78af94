import Foundation

/// What the sweeper does to one ticket: the next event it is owed now (a warning, a supervision notice, an
/// escalation, closing as not rated), and when it next needs a look. Pure, so that every node and every rerun reaches
/// the same answer from the same history, and an event already in the history is never issued again.
public struct DeadlineSweep: Sendable {
    public let ticket: StoredTicket
    public let deadlines: [Deadline]
    public let policy: TimePolicy
    public let calendar: @Sendable (String) -> WorkingCalendar

    public init(ticket: StoredTicket, policy: TimePolicy, calendar: @escaping @Sendable (String) -> WorkingCalendar) {
        self.ticket = ticket
        self.policy = policy
        self.calendar = calendar
        deadlines = TicketDeadlines.of(ticket.events, state: ticket.state, policy: policy, calendar: calendar)
    }

    /// The limits still watched: all of an open ticket's; of a finished one (closed, rejected, referred …) only a
    /// petition's, whose steps are owed in writing whatever became of the request.
    private var watched: [Deadline] {
        let open = ticket.state.status.isOpen
        return deadlines.filter { $0.metAt == nil && (open || Deadline.Kind.petition.contains($0.kind)) }
    }

    public func nextEvent(at now: Date) -> TicketChange? {
        guard ticket.state.status.isOpen || ticket.state.petition?.owesAStep == true else { return nil }
        // The expected day has come: the clock runs again before anything else is judged.
        if let pause = ticket.state.pause, now >= pause.scheduledResume { return .resumed(Resumption(cause: .scheduled, note: nil)) }
        for deadline in watched {
            let wasMissed = missedAt(deadline) != nil
            if now > deadline.due {
                if !wasMissed { return .deadlineMissed(DeadlineNotice(deadline)) }
            } else if now >= deadline.warnAt && !wasMissed && !warned(deadline) {
                return .deadlineWarned(DeadlineNotice(deadline))
            }
        }
        guard ticket.state.status.isOpen else { return nil }
        if let next = ticket.state.tier.next {
            for (cause, at) in escalations() where at <= now && !escalated(cause) {
                return .escalated(.init(from: ticket.state.tier, to: next, note: nil, cause: cause))
            }
        }
        if let closing = unratedClosing(), closing.at <= now {
            return .closedUnrated(ClosedUnrated(repliedAt: closing.repliedAt, days: policy.followUpDays))
        }
        return nil
    }

    /// The earliest moment something not yet issued becomes due; nil when nothing is pending.
    public var nextCheck: Date? {
        var moments = watched.compactMap { deadline -> Date? in
            guard missedAt(deadline) == nil else { return nil }
            return warned(deadline) ? deadline.due.addingTimeInterval(1) : deadline.warnAt
        }
        guard ticket.state.status.isOpen else { return moments.min() }
        if ticket.state.tier.next != nil { moments += escalations().filter { !escalated($0.cause) }.map(\.at) }
        if let closing = unratedClosing() { moments.append(closing.at) }
        if let pause = ticket.state.pause { moments.append(pause.scheduledResume) }
        return moments.min()
    }

    // MARK: - From the history

    private func warned(_ deadline: Deadline) -> Bool {
        ticket.events.contains { if case .deadlineWarned(let notice) = $0.change { notice.concerns(deadline) } else { false } }
    }

    private func missedAt(_ deadline: Deadline) -> Date? {
        ticket.events.first { if case .deadlineMissed(let notice) = $0.change { notice.concerns(deadline) } else { false } }?.occurredAt
    }

    private func escalated(_ cause: String) -> Bool {
        ticket.events.contains { if case .escalated(let escalation) = $0.change { escalation.cause == cause } else { false } }
    }

    /// Escalations owed, with the moment each falls due: a missed resolve limit still unmet `escalateAfterDays`
    /// working days after its supervision notice, and every unsatisfied rating after the first.
    private func escalations() -> [(cause: String, at: Date)] {
        var owed: [(String, Date)] = []
        for deadline in deadlines where deadline.kind == .resolve && deadline.metAt == nil {
            guard let noticeAt = missedAt(deadline) else { continue }
            let at = calendar(deadline.organization).addingWorkingDays(policy.escalateAfterDays, to: noticeAt)
            owed.append(("overdue:resolve:\(Int(deadline.startedAt.timeIntervalSince1970))", at))
        }
        var unsatisfied = 0
        for event in ticket.events {
            guard case .followedUp(let followUp) = event.change, !followUp.satisfaction.closesTicket else { continue }
            unsatisfied += 1
            if unsatisfied >= 2 { owed.append(("unsatisfied:\(unsatisfied)", event.occurredAt)) }
        }
        return owed
    }

    /// A replied ticket waits `followUpDays` for its rating.
    private func unratedClosing() -> (repliedAt: Date, at: Date)? {
        guard ticket.state.status == .replied,
            let reply = ticket.events.last(where: { if case .replied = $0.change { true } else { false } })
        else { return nil }
        return (reply.occurredAt, reply.occurredAt.addingTimeInterval(TimeInterval(policy.followUpDays) * 86_400))
    }
}
