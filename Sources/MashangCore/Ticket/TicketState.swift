import Foundation

/// The current state of a ticket: by construction the left fold of its event history.
public struct TicketState: Codable, Sendable, Equatable {
    public var number: String
    public var status: TicketStatus
    public var channel: Channel
    public var kind: TicketKind
    public var category: String
    public var area: String
    public var intakePoint: String?
    /// The coordinates given at intake (WGS-84), if any.
    public var location: TicketLocation?
    public var urgency: Urgency
    public var description: String
    public var requester: Requester
    public var trackingCode: String?
    /// What the requester agreed to at intake about being contacted (nil: not asked).
    public var contactConsent: ContactConsent?
    public var tier: Tier
    /// The organisation responsible now: the holder before dispatch, the lead (主办) after.
    public var leadOrganization: String
    /// The organisation that made the current dispatch; a send-back returns the ticket to it.
    public var dispatchedBy: String?
    /// Every organisation whose staff dispatched the ticket to another organisation (我单位派出), in order: each keeps
    /// a read-only view of what it sent.
    public var sentBy: [String] = []
    public var assistingOrganizations: [String]
    public var department: String?
    public var handler: String?
    public var suggestedOrganization: String?
    public var suggestedDepartment: String?
    public var sendBackCount: Int
    /// Sent back twice: only the joint centre may dispatch it again, and that dispatch is binding.
    public var awaitingJointDecision: Bool
    public var bindingDispatch: Bool
    public var tasks: [TicketTask]
    public var replies: [TicketReply]
    public var followUps: [FollowUp]
    public var answer: String?
    public var mergedInto: String?
    public var rejectionReason: String?
    public var receivedAt: Date
    public var updatedAt: Date
    /// An extension request waiting for a supervisor's decision.
    public var pendingExtension: ExtensionRequest?
    /// A pause request waiting for a supervisor's decision.
    public var pendingPause: PauseRequest?
    /// The pause in force: the running limits' clocks stand still.
    public var pause: ActivePause?
    /// Where the request went when it was referred beyond the mechanism.
    public var referral: Referral?
    /// Its life as a 信访事项, once the joint centre registered it as one.
    public var petition: PetitionState?
    /// The common issue the ticket belongs to, if any.
    public var commonIssue: Int64?
    /// 涉法涉诉: a legal reception day consultation or a mediation case took the ticket up.
    public var lawRelated = false
    public var closedAt: Date?
    /// Number of events folded so far.
    public var version: Int

    /// The satisfaction of the latest follow-up, if any.
    public var satisfaction: Satisfaction? { followUps.last?.satisfaction }
    public var openTasks: [TicketTask] { tasks.filter { !$0.completed } }
    /// The earliest due date (`yyyy-MM-dd`) among open tasks: what the desk's "due soon" and "overdue" look at.
    public var nextDue: String? { openTasks.map(\.dueDate).min() }

    /// Folds a full history. Returns nil when the history does not start with a creation event.
    public static func fold(_ events: [TicketEvent]) -> TicketState? {
        guard let first = events.first, case .created(let created) = first.change else { return nil }
        var state = TicketState(created: created, at: first.occurredAt)
        for event in events.dropFirst() { state.apply(event) }
        return state
    }

    public init(created: TicketChange.Created, at date: Date) {
        let draft = created.draft
        number = created.number
        status = .received
        channel = draft.channel
        kind = draft.kind
        category = draft.category
        area = draft.area
        intakePoint = draft.intakePoint
        location = draft.location
        urgency = draft.urgency
        description = draft.description
        requester = draft.requester
        trackingCode = draft.trackingCode
        contactConsent = draft.contactConsent
        tier = .grassroots
        leadOrganization = draft.holder
        dispatchedBy = nil
        assistingOrganizations = []
        department = nil
        handler = nil
        suggestedOrganization = draft.suggestedOrganization
        suggestedDepartment = draft.suggestedDepartment
        sendBackCount = 0
        awaitingJointDecision = false
        bindingDispatch = false
        tasks = []
        replies = []
        followUps = []
        answer = nil
        mergedInto = nil
        rejectionReason = nil
        receivedAt = date
        updatedAt = date
        closedAt = nil
        version = 1
    }

    /// Applies one event. Events are only ever produced by `TicketLifecycle.decide`, so no check is repeated here.
    public mutating func apply(_ event: TicketEvent) {
        let lastActivity = updatedAt
        version += 1
        updatedAt = event.occurredAt
        switch event.change {
        case .created:
            break
        case .dispatched(let dispatch):
            status = .dispatched
            if let sender = event.actor.organization, sender != dispatch.organization, !sentBy.contains(sender) { sentBy.append(sender) }
            dispatchedBy = leadOrganization
            leadOrganization = dispatch.organization
            department = dispatch.department
            handler = nil
            assistingOrganizations = dispatch.assisting
            bindingDispatch = dispatch.binding
            awaitingJointDecision = false
            if tier == .grassroots { tier = .organization }
        case .acknowledged:
            status = .inProgress
        case .sentBack:
            status = .received
            sendBackCount += 1
            leadOrganization = dispatchedBy ?? leadOrganization
            department = nil
            handler = nil
            assistingOrganizations = []
            if sendBackCount >= 2 {
                awaitingJointDecision = true
                leadOrganization = TicketLifecycle.jointCentre
            }
        case .assigned(let assignment):
            department = assignment.department
            handler = assignment.handler
        case .taskAdded(let task):
            tasks.append(task)
        case .taskCompleted(let completion):
            if let index = tasks.firstIndex(where: { $0.id == completion.taskId }) {
                tasks[index].completed = true
                tasks[index].result = completion.result
            }
        case .replied(let reply):
            status = .replied
            answerPetition(at: event.occurredAt)
            endPause()
            replies.append(reply)
            // A merged ticket answered with the ticket it joined is open again until its requester rates the answer.
            closedAt = nil
        case .followedUp(let followUp):
            followUps.append(followUp)
            if followUp.satisfaction.closesTicket {
                status = .closed
                closedAt = event.occurredAt
            } else {
                status = .reopened
            }
        case .escalated(let escalation):
            tier = escalation.to
        case .merged(let merge):
            status = .merged
            endPause()
            mergedInto = merge.into
            closedAt = event.occurredAt
        case .rejected(let rejection):
            status = .rejected
            rejectionReason = rejection.reason
            closedAt = event.occurredAt
        case .answered(let answered):
            status = .closed
            answerPetition(at: event.occurredAt)
            answer = answered.text
            closedAt = event.occurredAt
        case .reopened:
            status = .reopened
            closedAt = nil
        case .deadlineWarned, .deadlineMissed:
            // Supervision notes change no status.
            break
        case .closedUnrated:
            status = .closed
            closedAt = event.occurredAt
        case .extensionRequested(let request):
            pendingExtension = request
        case .extensionDecided:
            pendingExtension = nil
        case .contacted:
            break
        case .linkedToCommonIssue(let link):
            commonIssue = link.issue
        case .answeredAtSource(let answer):
            status = .replied
            endPause()
            answerPetition(at: event.occurredAt)
            replies.append(TicketReply(text: answer.text, contactMethod: .online))
        case .registerNoted(let note):
            if note.lawRelated { lawRelated = true }
        case .pauseRequested(let request):
            pendingPause = request
        case .pauseDecided(let decision):
            pendingPause = nil
            if decision.approved { pause = ActivePause(reason: decision.reason, since: event.occurredAt, resumeOn: decision.resumeOn) }
        case .resumed:
            pause = nil
        case .referred(let referral):
            status = .referred
            self.referral = referral
            tier = .beyond
            closedAt = event.occurredAt
            endPause()
        case .petitionRegistered(let registration):
            petition = PetitionState(registeredAt: event.occurredAt, registration: registration)
        case .petitionDecided(let acceptance):
            petition?.acceptance = acceptance
            petition?.decidedAt = event.occurredAt
        case .petitionExtended(let granted):
            petition?.extended = granted
        case .petitionReviewRequested(let request):
            petition?.reviews.append(
                PetitionReviewState(level: request.level, requestedAt: event.occurredAt, reason: request.reason))
        case .petitionReviewDecided(let decision):
            if let index = petition?.reviews.indices.last {
                petition?.reviews[index].decision = decision
                petition?.reviews[index].decidedAt = event.occurredAt
            }
        case .requesterAnonymised:
            // Bookkeeping, not handling: the contact is gone and the ticket's last activity stays what it was.
            requester = Requester()
            updatedAt = lastActivity
        case .requesterCorrected:
            // The corrected contact is in the rewritten creation event; the ticket's last activity stays.
            updatedAt = lastActivity
        }
    }

    /// The first reply after acceptance is the petition's 处理意见书.
    private mutating func answerPetition(at date: Date) {
        if petition?.isAccepted == true && petition?.answeredAt == nil { petition?.answeredAt = date }
    }

    /// The reply or a merge ends the work, and with it a pause or a pause request.
    private mutating func endPause() {
        pause = nil
        pendingPause = nil
    }
}
