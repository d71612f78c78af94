import Foundation

/// What the sweeper does to one ticket: the next warning or supervision notice it is owed now, and when it next
/// needs a look. Pure, so that every node and every rerun reaches the same answer from the same history, and a
/// notice already in the history is never issued again.
public enum DeadlineSweep {
    public static func nextNotice(deadlines: [Deadline], events: [TicketEvent], now: Date) -> TicketChange? {
        let (warned, missed) = issued(events)
        for deadline in deadlines where deadline.metAt == nil {
            let wasMissed = missed.contains { $0.concerns(deadline) }
            if now > deadline.due {
                if !wasMissed { return .deadlineMissed(DeadlineNotice(deadline)) }
            } else if now >= deadline.warnAt && !wasMissed && !warned.contains(where: { $0.concerns(deadline) }) {
                return .deadlineWarned(DeadlineNotice(deadline))
            }
        }
        return nil
    }

    /// The earliest moment a running limit reaches a notice not yet issued; nil when nothing is pending.
    public static func nextCheck(deadlines: [Deadline], events: [TicketEvent]) -> Date? {
        let (warned, missed) = issued(events)
        return deadlines.compactMap { deadline -> Date? in
            guard deadline.metAt == nil, !missed.contains(where: { $0.concerns(deadline) }) else { return nil }
            return warned.contains(where: { $0.concerns(deadline) }) ? deadline.due.addingTimeInterval(1) : deadline.warnAt
        }.min()
    }

    private static func issued(_ events: [TicketEvent]) -> (warned: [DeadlineNotice], missed: [DeadlineNotice]) {
        var warned: [DeadlineNotice] = [], missed: [DeadlineNotice] = []
        for event in events {
            switch event.change {
            case .deadlineWarned(let notice): warned.append(notice)
            case .deadlineMissed(let notice): missed.append(notice)
            default: break
            }
        }
        return (warned, missed)
    }
}
