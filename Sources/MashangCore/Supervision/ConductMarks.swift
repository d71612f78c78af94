import Foundation

/// What one ticket's history adds to the conduct figures (作风监督): per day and unit, the figures it shows and the
/// bases the rates are taken over. Worked out again whenever the ticket changes or one of its limits falls due, and
/// kept as rollups, so the conduct page is exact at any volume without reading histories.
public struct ConductMarks: Sendable, Equatable {
    /// A base of the rates: how many times something happened to a unit.
    public enum Base: String, Sendable, CaseIterable, Codable {
        case dispatches, limitsDue, acknowledged, closed, ratings, ended
    }

    /// Where and when a mark counts. `department` nil: the organisation as a whole only.
    public struct Place: Hashable, Sendable {
        public var day: Int
        public var organization: String
        public var department: String?

        public init(day: Int, organization: String, department: String?) {
            self.day = day
            self.organization = organization
            self.department = department
        }
    }

    /// A reply, for the boilerplate check: the event it is and the unit that held the ticket when it was written.
    public struct Reply: Sendable, Equatable {
        public var sequence: Int
        public var day: Int
        public var organization: String
        public var text: String
    }

    public var figures: [Place: Set<ConductReport.Figure>] = [:]
    public var bases: [Place: [Base: Int]] = [:]
    public var replies: [Reply] = []

    public init() {}

    public var isEmpty: Bool { figures.isEmpty && bases.isEmpty && replies.isEmpty }

    mutating func add(_ figure: ConductReport.Figure, _ date: Date, _ organization: String, _ department: String?) {
        figures[Place(day: ChinaDay(date).index, organization: organization, department: department), default: []].insert(figure)
    }

    mutating func count(_ base: Base, _ date: Date, _ organization: String, _ department: String?) {
        bases[Place(day: ChinaDay(date).index, organization: organization, department: department), default: [:]][base, default: 0] += 1
    }

    /// The marks of a ticket as of `now`: events by the day they happened, limits by the day they fall due (a limit is
    /// counted missed once it is late by the one rule every figure uses, `Deadline.isLate`).
    public static func of(_ ticket: StoredTicket, deadlines: [Deadline], at now: Date) -> ConductMarks {
        var marks = ConductMarks()
        var organization = ticket.state.leadOrganization, department: String?
        var sentBackBy: [String] = []
        var closedAt: Date?
        for event in ticket.events {
            let at = event.occurredAt
            switch event.change {
            case .dispatched(let dispatch):
                if dispatch.binding && sentBackBy.contains(dispatch.organization) { marks.add(.bounced, at, dispatch.organization, nil) }
                organization = dispatch.organization
                department = dispatch.department
                marks.count(.dispatches, at, organization, department)
            case .sentBack:
                sentBackBy.append(organization)
                marks.add(.sentBack, at, organization, department)
                department = nil
            case .assigned(let assignment):
                department = assignment.department
            case .acknowledged:
                marks.count(.acknowledged, at, organization, department)
            case .extensionRequested:
                marks.add(.extensionRequested, at, organization, department)
            case .pauseRequested:
                marks.add(.paused, at, organization, department)
            case .replied(let reply):
                marks.replies.append(Reply(sequence: event.sequence, day: ChinaDay(at).index, organization: organization, text: reply.text))
            case .followedUp(let followUp):
                if followUp.selfRecorded { marks.add(.selfRecordedRating, at, organization, department) }
                marks.count(.ratings, at, organization, department)
                if followUp.satisfaction.closesTicket {
                    closedAt = at
                    marks.count(.closed, at, organization, department)
                    marks.count(.ended, at, organization, department)
                } else {
                    marks.add(.unsatisfied, at, organization, department)
                    // Reopened by the rating: counted on the day it had been closed.
                    if let closed = closedAt { marks.add(.reopenedAfterClosure, closed, organization, department) }
                    closedAt = nil
                }
            case .reopened:
                if let closed = closedAt { marks.add(.reopenedAfterClosure, closed, organization, department) }
                closedAt = nil
            case .closedUnrated:
                closedAt = at
                marks.add(.closedWithoutContact, at, organization, department)
                marks.count(.closed, at, organization, department)
                marks.count(.ended, at, organization, department)
            case .rejected, .merged:
                // Ended by whoever decided it (the holder at the joint desk, or the lead organisation).
                let unit = event.actor.organization ?? organization
                marks.add(event.change.isRejection ? .rejected : .merged, at, unit, nil)
                marks.count(.ended, at, unit, nil)
            default:
                break
            }
        }
        for deadline in deadlines {
            marks.count(.limitsDue, deadline.due, deadline.organization, deadline.department)
            if deadline.isLate(at: now) {
                marks.add(.overdue, deadline.due, deadline.organization, deadline.department)
            }
        }
        return marks
    }
}

extension TicketChange {
    var isRejection: Bool { if case .rejected = self { true } else { false } }
}
