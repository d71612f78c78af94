/// Who may perform which action on a ticket, read from `AuthorizationMatrix`. Checked on the server for every
/// action, after visibility.
public enum TicketPolicy {
    /// Throws `.notFound` when the actor may not see the ticket, `.forbidden` when they see it but may not act.
    /// - Parameter followUpBy: the mechanism's setting of who may record a follow-up (回访).
    public static func authorize(
        _ command: TicketCommand, by actor: StaffActor, on ticket: TicketState,
        reference: ReferenceData, followUpBy: FigureDefinitions.FollowUpRecorders = .jointCentre
    ) throws(AccessError) {
        guard actor.canView(ticket) else { throw .notFound }
        let relation = actor.relation(to: ticket)
        switch AuthorizationMatrix.grant(.act(command.action), role: actor.role, relation: relation, followUpBy: followUpBy) {
        case .allow: return
        case .deny: throw .forbidden
        case .ownTasks:
            guard case .completeTask(let id, _) = command,
                let task = ticket.tasks.first(where: { $0.id == id }),
                owns(task, actor: actor, reference: reference)
            else { throw .forbidden }
        }
    }

    /// Whether the actor may see the requester's contact in clear (an audited act).
    public static func mayRevealContact(_ actor: StaffActor, on ticket: TicketState) -> Bool {
        AuthorizationMatrix.grant(.revealContact, role: actor.role, relation: actor.relation(to: ticket)) == .allow
    }

    /// Whether an actor may take in new tickets at the joint desk.
    public static func mayCreateTickets(_ actor: StaffActor) -> Bool {
        switch actor.role {
        case .intake, .dispatcher, .supervisor: true
        case .handler, .leader, .mediator, .assistance, .admin, .securityAdmin, .auditAdmin: false
        }
    }

    /// A task is the actor's own when it is for their department, or (for coordinators) for a department of
    /// their organisation.
    static func owns(_ task: TicketTask, actor: StaffActor, reference: ReferenceData) -> Bool {
        if actor.role == .handler { return actor.department == task.department }
        return reference.department(task.department)?.organization == actor.organization
    }
}

extension TicketPolicy {
    /// Whether the actor's role and relation allow this kind of action on the ticket at all (the workbench shows
    /// only these). For `completeTask` limited to own tasks, the answer is whether one of them is open.
    public static func mayAttempt(
        _ action: TicketAction, by actor: StaffActor, on ticket: TicketState, reference: ReferenceData,
        followUpBy: FigureDefinitions.FollowUpRecorders = .jointCentre
    ) -> Bool {
        guard actor.canView(ticket) else { return false }
        switch AuthorizationMatrix.grant(.act(action), role: actor.role, relation: actor.relation(to: ticket), followUpBy: followUpBy) {
        case .allow: return true
        case .deny: return false
        case .ownTasks: return ticket.openTasks.contains { owns($0, actor: actor, reference: reference) }
        }
    }
}
