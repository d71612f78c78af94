import Foundation

/// Who caused an event: a staff user, or the public (requester) channel.
public struct EventActor: Codable, Sendable, Equatable {
    public var username: String
    public var organization: String?

    public init(username: String, organization: String?) {
        self.username = username
        self.organization = organization
    }

    /// The requester acting through a public form.
    public static let publicRequester = EventActor(username: "public", organization: nil)
}

/// One entry of a ticket's append-only history.
public struct TicketEvent: Codable, Sendable, Equatable {
    /// 1-based position in the ticket's history.
    public var sequence: Int
    public var occurredAt: Date
    public var actor: EventActor
    public var change: TicketChange

    public init(sequence: Int, occurredAt: Date, actor: EventActor, change: TicketChange) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actor = actor
        self.change = change
    }
}

/// What an event did. Each case carries a payload struct so the stored JSON stays flat and explicit.
public enum TicketChange: Sendable, Equatable {
    case created(Created)
    case dispatched(Dispatched)
    case acknowledged
    case sentBack(SentBack)
    case assigned(Assigned)
    case taskAdded(TicketTask)
    case taskCompleted(TaskCompleted)
    case replied(TicketReply)
    case followedUp(FollowUp)
    case escalated(Escalated)
    case merged(Merged)
    case rejected(Rejected)
    case answered(Answered)
    case reopened(Reopened)
    /// The sweeper: a time limit has reached its warning share (预警).
    case deadlineWarned(DeadlineNotice)
    /// The sweeper: a time limit has passed unmet; a supervision notice (督办单) goes to the responsible unit.
    case deadlineMissed(DeadlineNotice)
    /// The sweeper: no rating came within the follow-up period after the reply; closed as "not rated" (未评价),
    /// which never counts as satisfied.
    case closedUnrated(ClosedUnrated)
    /// 延期申请: more time asked for a running limit, with the reason.
    case extensionRequested(ExtensionRequest)
    /// The supervisor's answer; an approved extension moves the limit's due time (recorded here).
    case extensionDecided(ExtensionDecision)
    /// A contact with the requester was recorded (it meets the first-contact limit).
    case contacted(Contacted)
    /// 共性问题: the ticket joined a common issue handled once at the source by one responsible unit.
    case linkedToCommonIssue(CommonIssueLink)
    /// The common issue's answer, given at the source, reaches this ticket's requester as its reply.
    case answeredAtSource(SourceAnswer)
    /// A register of the mechanism took the ticket up (a mediation case, a legal reception day consultation, a
    /// concern of a sentiment report, an outreach question…), or recorded progress on it.
    case registerNoted(RegisterNote)
    /// 中止申请: the unit asks to stop the clock while something outside its hands is awaited.
    case pauseRequested(PauseRequest)
    /// The supervisor's answer; an approved pause stops the running limits' clocks from this moment.
    case pauseDecided(PauseDecision)
    /// The clock runs again: on the expected day (the sweeper), on the awaited event, or by hand.
    case resumed(Resumption)
    /// Referred to a named body outside the mechanism, with the referral letter (转交机制外).
    case referred(Referral)
    /// 登记为信访事项.
    case petitionRegistered(PetitionRegistration)
    /// 受理/不予受理/转送, with its 告知书.
    case petitionDecided(PetitionAcceptance)
    /// The handling limit extended, with a notice.
    case petitionExtended(PetitionExtension)
    /// 复查 or 复核 asked for.
    case petitionReviewRequested(PetitionReviewRequest)
    /// 复查意见 or 复核意见.
    case petitionReviewDecided(PetitionReviewDecision)
    /// The requester's personal data was anonymised (retention reached, or the person asked for erasure): the
    /// creation event's contact was replaced, and this event attests the replacement in the ticket's hash chain.
    case requesterAnonymised(RequesterAnonymisation)
    /// The requester's name or phone was corrected at their request (PIPL art. 46): the creation event's contact was
    /// replaced, and this event attests the replacement in the ticket's hash chain.
    case requesterCorrected(RequesterCorrection)

    /// The stable type code stored next to the payload.
    public var type: String {
        switch self {
        case .created: "created"
        case .dispatched: "dispatched"
        case .acknowledged: "acknowledged"
        case .sentBack: "sentBack"
        case .assigned: "assigned"
        case .taskAdded: "taskAdded"
        case .taskCompleted: "taskCompleted"
        case .replied: "replied"
        case .followedUp: "followedUp"
        case .escalated: "escalated"
        case .merged: "merged"
        case .rejected: "rejected"
        case .answered: "answered"
        case .reopened: "reopened"
        case .deadlineWarned: "deadlineWarned"
        case .deadlineMissed: "deadlineMissed"
        case .closedUnrated: "closedUnrated"
        case .extensionRequested: "extensionRequested"
        case .extensionDecided: "extensionDecided"
        case .contacted: "contacted"
        case .linkedToCommonIssue: "linkedToCommonIssue"
        case .answeredAtSource: "answeredAtSource"
        case .registerNoted: "registerNoted"
        case .pauseRequested: "pauseRequested"
        case .pauseDecided: "pauseDecided"
        case .resumed: "resumed"
        case .referred: "referred"
        case .petitionRegistered: "petitionRegistered"
        case .petitionDecided: "petitionDecided"
        case .petitionExtended: "petitionExtended"
        case .petitionReviewRequested: "petitionReviewRequested"
        case .petitionReviewDecided: "petitionReviewDecided"
        case .requesterAnonymised: "requesterAnonymised"
        case .requesterCorrected: "requesterCorrected"
        }
    }

    public struct Created: Codable, Sendable, Equatable {
        public var number: String
        public var draft: TicketDraft
        public init(number: String, draft: TicketDraft) {
            self.number = number
            self.draft = draft
        }
    }

    public struct Dispatched: Codable, Sendable, Equatable {
        public var organization: String
        public var department: String?
        public var assisting: [String]
        /// A joint-centre decision after repeated send-backs: the receiver may not send it back again.
        public var binding: Bool
        public var note: String?
        public init(organization: String, department: String?, assisting: [String], binding: Bool, note: String?) {
            self.organization = organization
            self.department = department
            self.assisting = assisting
            self.binding = binding
            self.note = note
        }
    }

    public struct SentBack: Codable, Sendable, Equatable {
        public var reason: SendBackReason
        public var note: String
        public init(reason: SendBackReason, note: String) {
            self.reason = reason
            self.note = note
        }
    }

    public struct Assigned: Codable, Sendable, Equatable {
        public var department: String
        public var handler: String?
        public init(department: String, handler: String?) {
            self.department = department
            self.handler = handler
        }
    }

    public struct TaskCompleted: Codable, Sendable, Equatable {
        public var taskId: Int
        public var result: String
        public init(taskId: Int, result: String) {
            self.taskId = taskId
            self.result = result
        }
    }

    public struct Escalated: Codable, Sendable, Equatable {
        public var from: Tier
        public var to: Tier
        public var note: String?
        /// Why the sweeper escalated (`overdue:resolve:<start>`, `unsatisfied:2` …); nil for a person's escalation.
        public var cause: String?
        public init(from: Tier, to: Tier, note: String?, cause: String? = nil) {
            self.cause = cause
            self.from = from
            self.to = to
            self.note = note
        }
    }

    public struct Merged: Codable, Sendable, Equatable {
        public var into: String
        public init(into: String) { self.into = into }
    }

    public struct Rejected: Codable, Sendable, Equatable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }

    public struct Answered: Codable, Sendable, Equatable {
        public var text: String
        public init(text: String) { self.text = text }
    }

    public struct Reopened: Codable, Sendable, Equatable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }
}

extension TicketChange: Codable {
    private enum CodingKeys: String, CodingKey { case type, data }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "created": self = .created(try container.decode(Created.self, forKey: .data))
        case "dispatched": self = .dispatched(try container.decode(Dispatched.self, forKey: .data))
        case "acknowledged": self = .acknowledged
        case "sentBack": self = .sentBack(try container.decode(SentBack.self, forKey: .data))
        case "assigned": self = .assigned(try container.decode(Assigned.self, forKey: .data))
        case "taskAdded": self = .taskAdded(try container.decode(TicketTask.self, forKey: .data))
        case "taskCompleted": self = .taskCompleted(try container.decode(TaskCompleted.self, forKey: .data))
        case "replied": self = .replied(try container.decode(TicketReply.self, forKey: .data))
        case "followedUp": self = .followedUp(try container.decode(FollowUp.self, forKey: .data))
        case "escalated": self = .escalated(try container.decode(Escalated.self, forKey: .data))
        case "merged": self = .merged(try container.decode(Merged.self, forKey: .data))
        case "rejected": self = .rejected(try container.decode(Rejected.self, forKey: .data))
        case "answered": self = .answered(try container.decode(Answered.self, forKey: .data))
        case "reopened": self = .reopened(try container.decode(Reopened.self, forKey: .data))
        case "deadlineWarned": self = .deadlineWarned(try container.decode(DeadlineNotice.self, forKey: .data))
        case "deadlineMissed": self = .deadlineMissed(try container.decode(DeadlineNotice.self, forKey: .data))
        case "closedUnrated": self = .closedUnrated(try container.decode(ClosedUnrated.self, forKey: .data))
        case "extensionRequested": self = .extensionRequested(try container.decode(ExtensionRequest.self, forKey: .data))
        case "extensionDecided": self = .extensionDecided(try container.decode(ExtensionDecision.self, forKey: .data))
        case "contacted": self = .contacted(try container.decode(Contacted.self, forKey: .data))
        case "linkedToCommonIssue": self = .linkedToCommonIssue(try container.decode(CommonIssueLink.self, forKey: .data))
        case "answeredAtSource": self = .answeredAtSource(try container.decode(SourceAnswer.self, forKey: .data))
        case "registerNoted": self = .registerNoted(try container.decode(RegisterNote.self, forKey: .data))
        case "pauseRequested": self = .pauseRequested(try container.decode(PauseRequest.self, forKey: .data))
        case "pauseDecided": self = .pauseDecided(try container.decode(PauseDecision.self, forKey: .data))
        case "resumed": self = .resumed(try container.decode(Resumption.self, forKey: .data))
        case "referred": self = .referred(try container.decode(Referral.self, forKey: .data))
        case "petitionRegistered": self = .petitionRegistered(try container.decode(PetitionRegistration.self, forKey: .data))
        case "petitionDecided": self = .petitionDecided(try container.decode(PetitionAcceptance.self, forKey: .data))
        case "petitionExtended": self = .petitionExtended(try container.decode(PetitionExtension.self, forKey: .data))
        case "petitionReviewRequested":
            self = .petitionReviewRequested(try container.decode(PetitionReviewRequest.self, forKey: .data))
        case "petitionReviewDecided": self = .petitionReviewDecided(try container.decode(PetitionReviewDecision.self, forKey: .data))
        case "requesterAnonymised": self = .requesterAnonymised(try container.decode(RequesterAnonymisation.self, forKey: .data))
        case "requesterCorrected": self = .requesterCorrected(try container.decode(RequesterCorrection.self, forKey: .data))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown event type \(type)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .created(let data): try container.encode(data, forKey: .data)
        case .dispatched(let data): try container.encode(data, forKey: .data)
        case .acknowledged: break
        case .sentBack(let data): try container.encode(data, forKey: .data)
        case .assigned(let data): try container.encode(data, forKey: .data)
        case .taskAdded(let data): try container.encode(data, forKey: .data)
        case .taskCompleted(let data): try container.encode(data, forKey: .data)
        case .replied(let data): try container.encode(data, forKey: .data)
        case .followedUp(let data): try container.encode(data, forKey: .data)
        case .escalated(let data): try container.encode(data, forKey: .data)
        case .merged(let data): try container.encode(data, forKey: .data)
        case .rejected(let data): try container.encode(data, forKey: .data)
        case .answered(let data): try container.encode(data, forKey: .data)
        case .reopened(let data): try container.encode(data, forKey: .data)
        case .deadlineWarned(let data): try container.encode(data, forKey: .data)
        case .deadlineMissed(let data): try container.encode(data, forKey: .data)
        case .closedUnrated(let data): try container.encode(data, forKey: .data)
        case .extensionRequested(let data): try container.encode(data, forKey: .data)
        case .extensionDecided(let data): try container.encode(data, forKey: .data)
        case .contacted(let data): try container.encode(data, forKey: .data)
        case .linkedToCommonIssue(let data): try container.encode(data, forKey: .data)
        case .answeredAtSource(let data): try container.encode(data, forKey: .data)
        case .registerNoted(let data): try container.encode(data, forKey: .data)
        case .pauseRequested(let data): try container.encode(data, forKey: .data)
        case .pauseDecided(let data): try container.encode(data, forKey: .data)
        case .resumed(let data): try container.encode(data, forKey: .data)
        case .referred(let data): try container.encode(data, forKey: .data)
        case .petitionRegistered(let data): try container.encode(data, forKey: .data)
        case .petitionDecided(let data): try container.encode(data, forKey: .data)
        case .petitionExtended(let data): try container.encode(data, forKey: .data)
        case .petitionReviewRequested(let data): try container.encode(data, forKey: .data)
        case .petitionReviewDecided(let data): try container.encode(data, forKey: .data)
        case .requesterAnonymised(let data): try container.encode(data, forKey: .data)
        case .requesterCorrected(let data): try container.encode(data, forKey: .data)
        }
    }
}

/// A correction of the requester's contact at their request, and the proof the history checks against.
public struct RequesterCorrection: Codable, Sendable, Equatable {
    /// The joint centre's grounds (the person's request).
    public var note: String
    /// SHA-256 of the creation event's payload as rewritten with the corrected contact (see `RequesterAnonymisation`).
    public var creationDigest: String

    public init(note: String, creationDigest: String) {
        self.note = note
        self.creationDigest = creationDigest
    }
}

/// What an anonymisation did, and the proof the history checks against.
public struct RequesterAnonymisation: Codable, Sendable, Equatable {
    public enum Reason: String, Codable, Sendable, CaseIterable {
        /// The retention period after closure has passed (the daily job).
        case retention
        /// The person asked for erasure (PIPL art. 47), through the joint centre.
        case erasure
    }

    public var reason: Reason
    /// The joint centre's note of an erasure request (its grounds); nil for the daily job.
    public var note: String?
    /// SHA-256 of the creation event's payload as rewritten: `mashang verify` accepts that payload, in place of the
    /// one its chain digest was made from, because this later, chained event names it.
    public var creationDigest: String

    public init(reason: Reason, note: String?, creationDigest: String) {
        self.reason = reason
        self.note = note
        self.creationDigest = creationDigest
    }
}

/// Which time limit a sweeper notice is about: its kind and start identify it, so each notice is issued once.
public struct DeadlineNotice: Codable, Sendable, Equatable {
    public var kind: Deadline.Kind
    public var startedAt: Date
    public var due: Date
    public var organization: String
    public var department: String?
    /// The task's number, for a `.task` limit (absent in histories written before it was recorded).
    public var task: Int?

    public init(_ deadline: Deadline) {
        kind = deadline.kind
        startedAt = deadline.startedAt
        due = deadline.due
        organization = deadline.organization
        department = deadline.department
        task = deadline.task
    }

    /// The same limit with the same due time: an extension gives a limit a new due time and so new notices.
    public func concerns(_ deadline: Deadline) -> Bool { kind == deadline.kind && startedAt == deadline.startedAt && due == deadline.due }
}

/// Closed without a rating: when the reply was given and how many days the requester had.
public struct ClosedUnrated: Codable, Sendable, Equatable {
    public var repliedAt: Date
    public var days: Int
    public init(repliedAt: Date, days: Int) {
        self.repliedAt = repliedAt
        self.days = days
    }
}

/// A request for more time on one limit.
public struct ExtensionRequest: Codable, Sendable, Equatable {
    public var deadline: Deadline.Kind
    /// The new due day, `yyyy-MM-dd`: the limit ends at the close of business of that working day.
    public var until: String
    public var reason: String
    public init(deadline: Deadline.Kind, until: String, reason: String) {
        self.deadline = deadline
        self.until = until
        self.reason = reason
    }
}

/// A supervisor's answer to an extension request.
public struct ExtensionDecision: Codable, Sendable, Equatable {
    public var deadline: Deadline.Kind
    public var until: String
    public var approved: Bool
    public var note: String?
    public init(deadline: Deadline.Kind, until: String, approved: Bool, note: String?) {
        self.deadline = deadline
        self.until = until
        self.approved = approved
        self.note = note
    }
}

/// A recorded contact with the requester.
public struct Contacted: Codable, Sendable, Equatable {
    public var method: ContactMethod
    public var note: String
    public init(method: ContactMethod, note: String) {
        self.method = method
        self.note = note
    }
}

/// The common issue a ticket joined: its number, title and the unit responsible for it.
public struct CommonIssueLink: Codable, Sendable, Equatable {
    public var issue: Int64
    public var title: String
    public var organization: String
    public init(issue: Int64, title: String, organization: String) {
        self.issue = issue
        self.title = title
        self.organization = organization
    }
}

/// The answer to a common issue as it reaches one of its tickets.
public struct SourceAnswer: Codable, Sendable, Equatable {
    public var issue: Int64
    public var text: String
    public var organization: String
    public init(issue: Int64, text: String, organization: String) {
        self.issue = issue
        self.text = text
        self.organization = organization
    }
}

/// A register's note on a ticket: which register and record, what happened (a code with its catalogue text
/// `timeline.register.<register>.<what>`), and whether the ticket is law-related (涉法涉诉) from now on.
public struct RegisterNote: Codable, Sendable, Equatable {
    /// A `RegisterKind` raw value, or `legalDay`.
    public var register: String
    public var record: Int64
    /// `opened`, `session`, `agree`, `fail`, `consultation`, `raised`…
    public var what: String
    public var detail: String?
    public var lawRelated: Bool

    public init(register: String, record: Int64, what: String, detail: String? = nil, lawRelated: Bool = false) {
        self.register = register
        self.record = record
        self.what = what
        self.detail = detail
        self.lawRelated = lawRelated
    }
}

/// A referral beyond the mechanism: the outside body (city 12345, a ministry's hotline, an arbitration commission …),
/// how the requester reaches it, and the referral letter as sent.
public struct Referral: Codable, Sendable, Equatable {
    public var body: String
    public var contact: String?
    public var letter: String
    public init(body: String, contact: String?, letter: String) {
        self.body = body
        self.contact = contact
        self.letter = letter
    }
}
