/// Something a user may do to a ticket: see it, reveal its requester's contact, or one of the lifecycle actions.
public enum TicketOperation: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case view
    case revealContact
    case act(TicketAction)

    public static let allCases: [TicketOperation] = [.view, .revealContact] + TicketAction.allCases.map { .act($0) }

    public var description: String {
        switch self {
        case .view: "view"
        case .revealContact: "reveal-contact"
        case .act(let action): action.rawValue
        }
    }
}

/// The answer of one matrix cell.
public enum Grant: String, Sendable, Equatable {
    case allow
    case deny
    /// Allowed for the tasks of the user's own department (handlers) or organisation (coordinators) only.
    case ownTasks
}

/// The one authorisation matrix: role × relation to the ticket × operation. `TicketPolicy` and the store's list
/// scope are derived from it; docs/authorization.md prints it and a test walks every cell through the HTTP API.
public enum AuthorizationMatrix {
    /// - Parameter followUpBy: the mechanism's setting of who records follow-ups (回访). Under the default only the joint
    ///   centre does: a unit never rates its own work. `handlingChain` gives the lead organisation the cells below too.
    public static func grant(
        _ operation: TicketOperation, role: Role, relation: TicketRelation,
        followUpBy: FigureDefinitions.FollowUpRecorders = .jointCentre
    ) -> Grant {
        guard TicketRelation.applicable(to: role).contains(relation), relation != .none else { return .deny }
        if operation == .view { return .allow }
        // 我单位派出: the organisation that sent the ticket elsewhere follows it, read-only and without the contact.
        if relation == .dispatchingOrganization { return .deny }
        if operation == .act(.followUp) && relation == .leadOrganization && followUpBy == .jointCentre { return .deny }
        let responsible = relation == .jointCentre || relation == .leadOrganization
        switch role {
        case .dispatcher, .supervisor:
            // 信访事项 are the joint centre's to register and record, whoever handles them; extending the handling and
            // recording a review body's opinion are its supervisors'.
            if case .act(let action) = operation, TicketAction.petition.contains(action) {
                guard relation == .jointCentre else { return .deny }
                return role == .supervisor || ![.extendPetition, .decidePetitionReview].contains(action) ? .allow : .deny
            }
            if responsible {
                if case .act(.reopen) = operation { return role == .supervisor ? .allow : .deny }
                // Extensions and pauses are decided by the joint centre's supervisors (督办室), never by the unit that asked.
                if operation == .act(.decideExtension) || operation == .act(.decidePause) {
                    return role == .supervisor && relation == .jointCentre ? .allow : .deny
                }
                // Referring a request beyond the mechanism is the joint centre's decision (矛盾上交 done properly).
                if operation == .act(.refer) { return relation == .jointCentre ? .allow : .deny }
                return .allow
            }
            // An assisting organisation works the tasks given to its departments.
            if case .act(.completeTask) = operation { return .ownTasks }
            return .deny
        case .intake:
            guard responsible else { return .deny }
            switch operation {
            case .revealContact, .act(.followUp), .act(.merge), .act(.reject), .act(.answer): return .allow
            default: return .deny
            }
        case .handler:
            switch (relation, operation) {
            case (.jointCentre, .revealContact): return .allow
            case (.assignedDepartment, .revealContact), (.assignedDepartment, .act(.addTask)),
                (.assignedDepartment, .act(.completeTask)), (.assignedDepartment, .act(.reply)),
                (.assignedDepartment, .act(.requestExtension)), (.assignedDepartment, .act(.contact)),
                (.assignedDepartment, .act(.requestPause)), (.assignedDepartment, .act(.resume)):
                return .allow
            case (.taskDepartment, .revealContact): return .allow
            case (.taskDepartment, .act(.completeTask)): return .ownTasks
            default: return .deny
            }
        case .leader, .mediator, .assistance, .admin, .securityAdmin, .auditAdmin:
            return .deny
        }
    }
}
