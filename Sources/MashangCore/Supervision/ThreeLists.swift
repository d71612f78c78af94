import Foundation

/// 三清单 across tickets: the rows of the task list (任务清单), the responsibility list (责任清单) and the feedback list
/// (反馈清单), each worked out from one ticket and its limits, so that the lists agree with the ticket pages.
public enum ThreeLists {
    /// An open task with the standing of its due date (the `.task` limit: warned the day before, late after the day).
    public struct TaskRow: Sendable, Equatable {
        public var number: String
        public var task: TicketTask
        public var organization: String
        public var standing: Deadline.Standing
    }

    /// Who answers for an open ticket now, and how its resolve limit stands.
    public struct ResponsibilityRow: Sendable, Equatable {
        public var number: String
        public var status: TicketStatus
        public var category: String
        public var leadOrganization: String
        public var department: String?
        public var handler: String?
        public var assisting: [String]
        public var openTasks: Int
        /// The running resolve (办结) limit, if any.
        public var resolveDue: Date?
        public var resolveStanding: Deadline.Standing?
    }

    /// Where the answer to the requester stands.
    public enum FeedbackStage: String, Sendable, CaseIterable {
        /// Not yet answered (dispatched, in progress or reopened).
        case awaitingReply
        /// Answered; the requester's rating (回访) is awaited.
        case awaitingRating
        /// Closed: rated, or closed unrated after the waiting days.
        case done

        public var statuses: [TicketStatus] {
            switch self {
            case .awaitingReply: [.dispatched, .inProgress, .reopened]
            case .awaitingRating: [.replied]
            case .done: [.closed]
            }
        }

        public static func of(_ status: TicketStatus) -> FeedbackStage? {
            allCases.first { $0.statuses.contains(status) }
        }
    }

    public struct FeedbackRow: Sendable, Equatable {
        public var number: String
        public var stage: FeedbackStage
        public var leadOrganization: String
        public var repliedAt: Date?
        public var reply: TicketReply?
        /// A consultation answered directly (解答) has this instead of a reply.
        public var answer: String?
        public var followUp: FollowUp?
        public var closedAt: Date?
    }

    /// The open tasks of a ticket, earliest due first; only `department`'s when given, and only those due in
    /// `dueFrom...dueTo` (`yyyy-MM-dd`, either end open) when given.
    public static func tasks(
        of ticket: StoredTicket, deadlines: [Deadline], at now: Date, department: String? = nil,
        dueFrom: String? = nil, dueTo: String? = nil
    ) -> [TaskRow] {
        ticket.state.openTasks
            .filter { task in
                (department == nil || task.department == department)
                    && dueFrom.map { task.dueDate >= $0 } ?? true && dueTo.map { task.dueDate <= $0 } ?? true
            }
            .map { task in
                let limit = deadlines.last { $0.kind == .task && $0.task == task.id }
                return TaskRow(
                    number: ticket.state.number, task: task,
                    organization: limit?.organization ?? task.organization ?? ticket.state.leadOrganization,
                    standing: limit?.standing(at: now) ?? .running)
            }
            .sorted { ($0.task.dueDate, $0.task.id) < ($1.task.dueDate, $1.task.id) }
    }

    public static func responsibility(of ticket: StoredTicket, deadlines: [Deadline], at now: Date) -> ResponsibilityRow {
        let state = ticket.state
        let resolve = deadlines.last { $0.kind == .resolve && $0.metAt == nil }
        return ResponsibilityRow(
            number: state.number, status: state.status, category: state.category,
            leadOrganization: state.leadOrganization, department: state.department, handler: state.handler,
            assisting: state.assistingOrganizations, openTasks: state.openTasks.count,
            resolveDue: resolve?.due, resolveStanding: resolve?.standing(at: now))
    }

    /// The feedback row of a ticket; nil for a ticket that has no feedback to give yet or any more (received,
    /// rejected, merged).
    public static func feedback(of ticket: StoredTicket) -> FeedbackRow? {
        let state = ticket.state
        guard let stage = FeedbackStage.of(state.status) else { return nil }
        let repliedAt = ticket.events.last { event in
            switch event.change {
            case .replied, .answeredAtSource: true
            default: false
            }
        }?.occurredAt
        return FeedbackRow(
            number: state.number, stage: stage, leadOrganization: state.leadOrganization, repliedAt: repliedAt,
            reply: state.replies.last, answer: state.answer, followUp: state.followUps.last, closedAt: state.closedAt)
    }
}
