/// How a user stands to a ticket. Handlers are scoped by department, every other role by organisation; the
/// joint centre stands over every ticket. Exactly one relation holds for a user and a ticket: a handler's own
/// department comes first, then the joint centre.
public enum TicketRelation: String, Sendable, CaseIterable, Codable {
    /// The user belongs to the joint centre (联合中心).
    case jointCentre
    /// The user's organisation leads (or holds) the ticket.
    case leadOrganization
    /// The user's organisation assists (协办).
    case assistingOrganization
    /// The user's organisation dispatched the ticket to another one and no longer takes part (我单位派出): it may
    /// read the ticket, nothing more.
    case dispatchingOrganization
    /// A handler of the department the ticket is assigned to.
    case assignedDepartment
    /// A handler of a department that has a task on the ticket (but is not the assigned one).
    case taskDepartment
    /// None of the above: the ticket is out of reach and answers "not found".
    case none

    /// The relations a role can stand in; the others are not applicable to it.
    public static func applicable(to role: Role) -> [TicketRelation] {
        guard role.seesRequests else { return [.none] }
        return role == .handler
            ? [.jointCentre, .assignedDepartment, .taskDepartment, .none]
            : [.jointCentre, .leadOrganization, .assistingOrganization, .dispatchingOrganization, .none]
    }
}

extension StaffActor {
    /// This user's relation to a ticket.
    public func relation(to ticket: TicketState) -> TicketRelation {
        guard role.seesRequests else { return .none }
        if role == .handler, let department {
            if ticket.department == department { return .assignedDepartment }
            if ticket.tasks.contains(where: { $0.department == department }) { return .taskDepartment }
        }
        if isJointCentre { return .jointCentre }
        if role == .handler { return .none }
        if ticket.leadOrganization == organization { return .leadOrganization }
        if ticket.assistingOrganizations.contains(organization) { return .assistingOrganization }
        return ticket.sentBy.contains(organization) ? .dispatchingOrganization : .none
    }
}
