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

extension TicketPolicy {
    /// Whether the actor's role and organisation allow this kind of action on the ticket at all (the workbench shows
    /// only these). For `completeTask` the answer is for some task; the server checks the specific task on submit.
    public static func mayAttempt(_ action: TicketAction, by actor: StaffActor, on ticket: TicketState, reference: ReferenceData) -> Bool {
        let sample: TicketCommand = switch action {
        case .dispatch: .dispatch(organization: "", department: nil, assisting: [], note: nil)
        case .acknowledge: .acknowledge
        case .sendBack: .sendBack(reason: .other, note: "")
        case .assign: .assign(department: "", handler: nil)
        case .addTask: .addTask(title: "", department: "", responsiblePerson: "", dueDate: "")
        case .completeTask: .completeTask(id: ticket.openTasks.first { actor.department == $0.department }?.id ?? ticket.openTasks.first?.id ?? 0, result: "")
        case .reply: .reply(text: "", contactMethod: .phone)
        case .followUp: .followUp(satisfaction: .satisfied, note: nil)
        case .escalate: .escalate(note: nil)
        case .merge: .merge(into: "")
        case .reject: .reject(reason: "")
        case .answer: .answer(text: "")
        case .reopen: .reopen(reason: "")
        }
        return (try? authorize(sample, by: actor, on: ticket, reference: reference)) != nil
    }
}
