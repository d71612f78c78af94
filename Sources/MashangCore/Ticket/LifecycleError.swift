/// Why the lifecycle refused a command. The web layer maps each code to HTTP 409 and a localised message.
public struct LifecycleError: Error, Sendable, Equatable {
    public enum Code: String, Sendable {
        /// The action is not allowed in the ticket's current status.
        case illegalTransition
        /// A reply is refused while tasks are still open.
        case openTasks
        /// The task does not exist or is already complete.
        case taskNotOpen
        /// After two send-backs only the joint centre may dispatch.
        case jointDecisionRequired
        /// A binding joint-centre dispatch cannot be sent back.
        case bindingDispatch
        /// Only consultations may be answered directly.
        case notConsultation
        /// Already handled at the joint tier.
        case topTier
        /// The merge target is this ticket, or is not open.
        case invalidMergeTarget
        /// Dispatching to the organisation that already holds the ticket.
        case sameOrganization
        /// An extension request is already waiting for a decision.
        case extensionPending
        /// There is no extension request to decide on.
        case noExtensionPending
        /// That limit is not running in the ticket's current status.
        case deadlineNotRunning
        /// The ticket's clock is paused: resume it first.
        case paused
        /// A pause request is already waiting for a decision.
        case pausePending
        /// There is no pause request to decide on.
        case noPausePending
        /// The clock is not paused.
        case notPaused
        /// The pause asked for would have ended already: the unit asks again with a new day.
        case pauseExpired
        /// Only the joint centre refers a request beyond the mechanism, and only once it holds it (before dispatch, or
        /// escalated to the joint tier).
        case notAtJointCentre
        /// The request is already registered as a petition.
        case alreadyPetition
        /// The request is not registered as a petition.
        case notPetition
        /// The petition's acceptance is already decided.
        case petitionDecided
        /// The petition's acceptance is not decided yet.
        case petitionUndecided
        /// The petition was not accepted (不予受理 or 转送): it has no handling limit or review.
        case petitionNotAccepted
        /// The handling is answered (the 处理意见书 is out): nothing left to extend.
        case petitionAnswered
        /// The handling was already extended once (by up to the regulation's 30 days in all).
        case petitionExtended
        /// No 处理意见书 yet (or no 复查意见 yet): there is nothing to review.
        case petitionNotAnswered
        /// A review is waiting for its decision.
        case reviewPending
        /// No review is waiting for a decision.
        case noReviewPending
        /// 复核 was the last level: the same matter is not reviewed again.
        case reviewChainEnded
        /// The petitioner's 30 days to ask for the review have passed.
        case reviewTooLate
    }

    public var code: Code
    public var status: TicketStatus
    public var action: TicketAction

    public init(_ code: Code, status: TicketStatus, action: TicketAction) {
        self.code = code
        self.status = status
        self.action = action
    }
}

/// Input that fails validation, with every offending field named.
public struct ValidationError: Error, Sendable, Equatable {
    public struct Field: Sendable, Equatable, Codable {
        public var name: String
        /// `required`, `tooLong`, `tooShort`, `invalid`, `unknown`, `notAllowed`, `past`.
        public var problem: String
        /// Values the message names besides the field (the territory a point lies outside …), by placeholder.
        public var values: [String: String]?
        public init(_ name: String, _ problem: String, values: [String: String]? = nil) {
            self.name = name
            self.problem = problem
            self.values = values
        }
    }

    public var fields: [Field]
    public init(_ fields: [Field]) { self.fields = fields }
    public init(_ name: String, _ problem: String) { self.fields = [Field(name, problem)] }
}

/// The actor may not do this. `notFound` hides tickets the actor may not see at all.
public enum AccessError: Error, Sendable, Equatable {
    case unauthenticated
    case forbidden
    case notFound
}
