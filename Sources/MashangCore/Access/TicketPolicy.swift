/// Who may perform which action on a ticket. Checked on the server for every action, after visibility.
public enum TicketPolicy {
    /// Throws `.notFound` when the actor may not see the ticket, `.forbidden` when they see it but may not act.
    public static func authorize(_ command: TicketCommand, by actor: StaffActor, on ticket: TicketState,
                                 reference: ReferenceData) throws(AccessError) {
        guard actor.canView(ticket) else { throw .notFound }
        guard permits(command, by: actor, on: ticket, reference: reference) else { throw .forbidden }
    }

    /// Whether an actor may take in new tickets at the joint desk.
    public static func mayCreateTickets(_ actor: StaffActor) -> Bool {
        switch actor.role {
        case .intake, .dispatcher, .supervisor: true
        case .handler, .leader, .mediator, .assistance, .admin: false
        }
    }

    private static func permits(_ command: TicketCommand, by actor: StaffActor, on ticket: TicketState,
                                reference: ReferenceData) -> Bool {
        let responsible = actor.isJointCentre || actor.organization == ticket.leadOrganization
        let coordinates = [.dispatcher, .supervisor].contains(actor.role) && responsible
        let handlesHere = actor.role == .handler && actor.department != nil && actor.department == ticket.department
        switch command {
        case .dispatch, .acknowledge, .sendBack, .assign:
            return coordinates
        case .addTask, .reply:
            return coordinates || handlesHere
        case .completeTask(let id, _):
            guard let task = ticket.tasks.first(where: { $0.id == id }) else { return coordinates || handlesHere }
            let ownsTask = actor.department == task.department
                || ([.dispatcher, .supervisor].contains(actor.role)
                    && reference.department(task.department)?.organization == actor.organization)
            return coordinates || handlesHere || ownsTask
        case .followUp, .merge, .reject, .answer:
            return responsible && [.intake, .dispatcher, .supervisor].contains(actor.role)
        case .escalate:
            return coordinates
        case .reopen:
            return responsible && actor.role == .supervisor
        }
    }
}
