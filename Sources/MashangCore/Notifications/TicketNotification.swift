import Foundation

/// Something staff should know about a ticket, addressed to audiences rather than to named users, so that whoever
/// holds the role at the time sees it and nothing is lost when people change.
public struct TicketNotification: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case dispatched, sentBack, dueSoon, overdue, ratingReceived, escalated, extensionRequested, extensionDecided
        case pauseRequested, pauseDecided, resumed
    }

    public var kind: Kind
    public var ticket: String
    /// Who should see it: see `NotificationAudience`.
    public var audiences: [String]
    /// Values for the message (organisation, department, limit, satisfaction …).
    public var details: [String: String]

    public init(kind: Kind, ticket: String, audiences: [String], details: [String: String] = [:]) {
        self.kind = kind
        self.ticket = ticket
        self.audiences = audiences
        self.details = details
    }

    /// The notifications one event raises, from the ticket's state before and after it.
    public static func of(_ event: TicketEvent, before: TicketState, after: TicketState) -> [TicketNotification] {
        let number = after.number
        func make(_ kind: Kind, _ audiences: [String], _ details: [String: String] = [:]) -> [TicketNotification] {
            var unique: [String] = []
            for audience in audiences where !unique.contains(audience) { unique.append(audience) }
            return [TicketNotification(kind: kind, ticket: number, audiences: unique, details: details)]
        }
        typealias A = NotificationAudience
        let lead = after.leadOrganization
        let handlers = after.department.map { [A.department($0)] } ?? []
        switch event.change {
        case .dispatched(let dispatch):
            return make(
                .dispatched, [A.coordinators(dispatch.organization)] + (dispatch.department.map { [A.department($0)] } ?? []),
                ["organization": dispatch.organization])
        case .sentBack(let sendBack):
            return make(.sentBack, [A.coordinators(lead)], ["organization": before.leadOrganization, "reason": sendBack.reason.rawValue])
        case .deadlineWarned(let notice):
            var details = ["deadline": notice.kind.rawValue, "due": ISO8601DateFormatter().string(from: notice.due)]
            if let task = after.tasks.first(where: { $0.id == notice.task }) {
                details["task"] = task.title
                details["dueDate"] = task.dueDate
            }
            return make(.dueSoon, [A.coordinators(notice.organization)] + (notice.department.map { [A.department($0)] } ?? []), details)
        case .deadlineMissed(let notice):
            // 督办单: to the responsible unit, its supervisors and the joint centre's supervision office.
            return make(
                .overdue,
                [A.coordinators(notice.organization), A.supervisors(notice.organization)]
                    + (notice.department.map { [A.department($0)] } ?? []) + [A.supervisors(TicketLifecycle.jointCentre)],
                ["deadline": notice.kind.rawValue, "organization": notice.organization])
        case .followedUp(let followUp):
            return make(.ratingReceived, [A.coordinators(lead)] + handlers, ["satisfaction": followUp.satisfaction.rawValue])
        case .escalated(let escalation):
            return make(.escalated, [A.coordinators(lead), A.supervisors(TicketLifecycle.jointCentre)], ["tier": escalation.to.rawValue])
        case .extensionRequested(let request):
            return make(
                .extensionRequested, [A.supervisors(TicketLifecycle.jointCentre)],
                ["deadline": request.deadline.rawValue, "until": request.until, "organization": lead])
        case .extensionDecided(let decision):
            return make(
                .extensionDecided, [A.coordinators(lead)] + handlers,
                ["deadline": decision.deadline.rawValue, "until": decision.until, "approved": decision.approved ? "yes" : "no"])
        case .pauseRequested(let request):
            return make(
                .pauseRequested, [A.supervisors(TicketLifecycle.jointCentre)],
                ["pauseReason": request.reason.rawValue, "resumeOn": request.resumeOn, "organization": lead])
        case .pauseDecided(let decision):
            return make(
                .pauseDecided, [A.coordinators(lead)] + handlers,
                ["pauseReason": decision.reason.rawValue, "resumeOn": decision.resumeOn, "approved": decision.approved ? "yes" : "no"])
        case .resumed(let resumption):
            // The unit's own resumption needs no telling; the sweeper's does.
            guard resumption.cause == .scheduled else { return [] }
            return make(.resumed, [A.coordinators(lead)] + handlers)
        case .created, .acknowledged, .assigned, .taskAdded, .taskCompleted, .replied, .merged, .rejected, .answered,
            .reopened, .closedUnrated, .contacted, .linkedToCommonIssue, .answeredAtSource, .registerNoted, .referred,
            .requesterAnonymised, .requesterCorrected:
            return []
        case .petitionRegistered, .petitionDecided, .petitionExtended, .petitionReviewRequested, .petitionReviewDecided:
            // The joint centre records every petition step itself; the limits warn and supervise like the others.
            return []
        }
    }
}

/// Audience keys: a role group of an organisation, or a department's handlers.
public enum NotificationAudience {
    /// Dispatchers and supervisors of an organisation.
    public static func coordinators(_ organization: String) -> String { "coordinators:" + organization }
    public static func supervisors(_ organization: String) -> String { "supervisors:" + organization }
    public static func department(_ code: String) -> String { "department:" + code }

    /// The audiences a user belongs to.
    public static func of(_ actor: StaffActor) -> [String] {
        switch actor.role {
        case .dispatcher: [coordinators(actor.organization)]
        case .supervisor: [coordinators(actor.organization), supervisors(actor.organization)]
        case .handler: actor.department.map { [department($0)] } ?? []
        case .intake, .leader, .mediator, .assistance, .admin, .securityAdmin, .auditAdmin: []
        }
    }
}
