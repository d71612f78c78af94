/// Which tickets an actor may see. Visibility is defined once, through a ticket's parties, so that the store can
/// index exactly the same rule it enforces (`ticket_parties`).
public enum TicketScope: Sendable, Hashable {
    /// The joint centre sees everything.
    case all
    /// Tickets whose lead (or current holder) or an assisting organisation is this one.
    case organization(String)
    /// Tickets assigned to this department, or with a task for it.
    case department(String)
    /// Tickets this organisation dispatched to another (我单位派出), read-only to it.
    case sentBy(String)
    /// No ticket at all: the security and audit administrators.
    case nothing

    /// The party key a ticket must carry to be visible in this scope; nil for `.all`.
    public var partyKey: String? {
        switch self {
        case .all: nil
        case .organization(let code): TicketState.organizationParty(code)
        case .department(let code): TicketState.departmentParty(code)
        case .sentBy(let code): TicketState.senderParty(code)
        case .nothing: "none:"
        }
    }
}

extension StaffActor {
    /// The list scope the store applies in SQL. It is the "view" column of `AuthorizationMatrix` expressed as a
    /// party key; a test checks the two agree for every role and relation.
    public var scope: TicketScope {
        guard role.seesRequests else { return .nothing }
        if isJointCentre { return .all }
        if role == .handler { return .department(department ?? "") }
        return .organization(organization)
    }

    /// The list of what the user's organisation dispatched elsewhere (我单位派出); nil for handlers, who are scoped by
    /// department and dispatch nothing.
    public var sentScope: TicketScope? {
        role == .handler || !role.seesRequests ? nil : .sentBy(organization)
    }

    public func canView(_ ticket: TicketState) -> Bool {
        AuthorizationMatrix.grant(.view, role: role, relation: relation(to: ticket)) == .allow
    }
}

extension TicketState {
    static func organizationParty(_ code: String) -> String { "org:" + code }
    static func departmentParty(_ code: String) -> String { "dept:" + code }
    static func senderParty(_ code: String) -> String { "sent:" + code }

    /// The organisations and departments involved in the ticket, as visibility keys.
    public var parties: Set<String> {
        var keys: Set<String> = [Self.organizationParty(leadOrganization)]
        for organization in assistingOrganizations { keys.insert(Self.organizationParty(organization)) }
        if let department { keys.insert(Self.departmentParty(department)) }
        for task in tasks { keys.insert(Self.departmentParty(task.department)) }
        for sender in sentBy { keys.insert(Self.senderParty(sender)) }
        return keys
    }
}
