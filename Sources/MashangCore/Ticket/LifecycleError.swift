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
