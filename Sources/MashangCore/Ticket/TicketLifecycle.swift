import Foundation

/// What a decision may look at besides the ticket itself.
public struct DecisionContext: Sendable {
    public var reference: ReferenceData
    public var now: Date
    /// For `merge`: the state of the target ticket, or nil when no ticket has that number.
    public var mergeTarget: TicketState?
    /// The calendar and limits petitions are counted on.
    public var time: TimeRules
    /// For `registerPetition`: the same requester's earlier petitions on the same category, oldest first.
    public var earlierPetitions: [String]

    public init(
        reference: ReferenceData, now: Date, mergeTarget: TicketState? = nil, time: TimeRules = .standard,
        earlierPetitions: [String] = []
    ) {
        self.reference = reference
        self.now = now
        self.mergeTarget = mergeTarget
        self.time = time
        self.earlierPetitions = earlierPetitions
    }
}

/// The ticket state machine. `decide` either returns the change a command produces or throws; it never mutates.
/// Applying the returned change with `TicketState.apply` gives the new state.
public enum TicketLifecycle {
    /// The code of the joint centre (江汉油田综治信访联合调解中心), which triages and decides bounced tickets.
    public static let jointCentre = "joint"

    /// - Parameter actor: the staff user, or nil for the requester acting through the public tracking page.
    public static func decide(
        _ command: TicketCommand, on ticket: TicketState, by actor: StaffActor?,
        context: DecisionContext
    ) throws -> TicketChange {
        let status = ticket.status
        func refuse(_ code: LifecycleError.Code) -> LifecycleError {
            LifecycleError(code, status: status, action: command.action)
        }
        func require(_ allowed: Set<TicketStatus>) throws {
            guard allowed.contains(status) else { throw refuse(.illegalTransition) }
        }
        var rules = FieldRules()

        switch command {
        case .dispatch(let organization, let department, let assisting, let note):
            try require([.received])
            if ticket.awaitingJointDecision && actor?.isJointCentre != true { throw refuse(.jointDecisionRequired) }
            let target = context.reference.organization(organization)
            rules.require(target != nil && target?.kind != .joint, "organization", "unknown")
            if target?.isRetired == true { rules.add("organization", "retired") }
            if let department {
                rules.require(context.reference.department(department, belongsTo: organization), "department", "unknown")
                if context.reference.department(department)?.isRetired == true { rules.add("department", "retired") }
            }
            var uniqueAssisting: [String] = []
            for code in assisting where !uniqueAssisting.contains(code) { uniqueAssisting.append(code) }
            for code in uniqueAssisting {
                let known = context.reference.organization(code).map { $0.kind != .joint && !$0.isRetired } ?? false
                rules.require(known && code != organization, "assisting", "invalid")
            }
            let note = rules.text(note, "note", max: 500, required: false)
            try rules.check()
            return .dispatched(
                .init(
                    organization: organization, department: department, assisting: uniqueAssisting,
                    binding: ticket.awaitingJointDecision, note: note))

        case .acknowledge:
            try require([.dispatched, .reopened])
            return .acknowledged

        case .sendBack(let reason, let note):
            try require([.dispatched])
            if ticket.bindingDispatch { throw refuse(.bindingDispatch) }
            let note = rules.text(note, "note", max: 500)
            try rules.check()
            return .sentBack(.init(reason: reason, note: note!))

        case .assign(let department, let handler):
            try require([.inProgress])
            rules.require(context.reference.department(department, belongsTo: ticket.leadOrganization), "department", "unknown")
            let handler = rules.text(handler, "handler", max: 50, required: false)
            try rules.check()
            return .assigned(.init(department: department, handler: handler))

        case .addTask(let title, let department, let person, let dueDate):
            try require([.inProgress])
            let title = rules.text(title, "title", max: 200)
            let owner = context.reference.department(department)?.organization
            let involved = owner.map { $0 == ticket.leadOrganization || ticket.assistingOrganizations.contains($0) } ?? false
            rules.require(involved, "department", "unknown")
            if context.reference.department(department)?.isRetired == true { rules.add("department", "retired") }
            let person = rules.text(person, "responsiblePerson", max: 50)
            if ChinaTime.day(dueDate) == nil {
                rules.add("dueDate", "invalid")
            } else {
                rules.require(dueDate >= ChinaTime.dayString(context.now), "dueDate", "past")
            }
            try rules.check()
            return .taskAdded(
                TicketTask(
                    id: ticket.tasks.count + 1, title: title!, department: department, organization: owner,
                    responsiblePerson: person!, dueDate: dueDate))

        case .completeTask(let id, let result):
            try require([.inProgress])
            guard ticket.tasks.contains(where: { $0.id == id && !$0.completed }) else { throw refuse(.taskNotOpen) }
            let result = rules.text(result, "result", max: 2000)
            try rules.check()
            return .taskCompleted(.init(taskId: id, result: result!))

        case .reply(let text, let method):
            try require([.inProgress])
            if !ticket.openTasks.isEmpty { throw refuse(.openTasks) }
            let text = rules.text(text, "text", max: 2000)
            try rules.check()
            return .replied(TicketReply(text: text!, contactMethod: method))

        case .followUp(let satisfaction, let note):
            try require([.replied])
            let note = rules.text(note, "note", max: 500, required: satisfaction == .unsatisfied)
            try rules.check()
            // Staff of an organisation that handles the ticket rate their own work: marked, whoever allowed it. The joint
            // centre never handles one itself (it holds tickets only until they are dispatched or merged).
            let handling = actor.map {
                !$0.isJointCentre && ($0.organization == ticket.leadOrganization || ticket.assistingOrganizations.contains($0.organization))
            }
            return .followedUp(FollowUp(satisfaction: satisfaction, note: note, selfRecorded: handling ?? false))

        case .escalate(let note):
            try require([.dispatched, .inProgress, .reopened])
            guard let next = ticket.tier.next else { throw refuse(.topTier) }
            let note = rules.text(note, "note", max: 500, required: false)
            try rules.check()
            return .escalated(.init(from: ticket.tier, to: next, note: note))

        case .merge(let into):
            try require([.received, .dispatched, .inProgress])
            guard let target = context.mergeTarget else { throw ValidationError("into", "unknown") }
            guard target.number != ticket.number, target.status.isOpen, target.status != .replied else {
                throw refuse(.invalidMergeTarget)
            }
            return .merged(.init(into: into))

        case .reject(let reason):
            try require([.received])
            let reason = rules.text(reason, "reason", max: 500)
            try rules.check()
            return .rejected(.init(reason: reason!))

        case .answer(let text):
            try require([.received])
            guard ticket.kind == .consultation else { throw refuse(.notConsultation) }
            let text = rules.text(text, "text", max: 2000)
            try rules.check()
            return .answered(.init(text: text!))

        case .requestExtension(let deadline, let until, let reason):
            try require([.dispatched, .inProgress, .reopened])
            // A task's due date is the lead organisation's to set, not a limit to extend.
            if !Deadline.Kind.extendable.contains(deadline) { rules.add("deadline", "invalid"); try rules.check() }
            let running: Bool =
                switch deadline {
                case .signFor: status == .dispatched
                case .firstContact: status == .inProgress && ticket.replies.isEmpty
                case .resolve: status == .inProgress || status == .reopened
                case .task, .petitionAcceptance, .petitionHandling, .petitionReview, .petitionReexamination: false
                }
            guard running else { throw refuse(.deadlineNotRunning) }
            guard ticket.pendingExtension == nil else { throw refuse(.extensionPending) }
            // A paused clock has no due time to move; the unit resumes it first.
            guard ticket.pause == nil else { throw refuse(.paused) }
            let day = ChinaDay(until)
            rules.require(day != nil, "until", "invalid")
            if let day { rules.require(day > ChinaDay(context.now), "until", "past") }
            let reason = rules.text(reason, "reason", max: 500)
            try rules.check()
            return .extensionRequested(ExtensionRequest(deadline: deadline, until: until, reason: reason!))

        case .decideExtension(let approve, let note):
            try require([.dispatched, .inProgress, .reopened])
            guard let request = ticket.pendingExtension else { throw refuse(.noExtensionPending) }
            guard !approve || ticket.pause == nil else { throw refuse(.paused) }
            let note = rules.text(note, "note", max: 500, required: !approve)
            try rules.check()
            return .extensionDecided(ExtensionDecision(deadline: request.deadline, until: request.until, approved: approve, note: note))

        case .contact(let method, let note):
            try require([.inProgress, .reopened])
            let note = rules.text(note, "note", max: 1000)
            try rules.check()
            return .contacted(Contacted(method: method, note: note!))

        case .requestPause(let reason, let resumeOn, let note):
            try require([.inProgress])
            guard ticket.pause == nil else { throw refuse(.paused) }
            guard ticket.pendingPause == nil else { throw refuse(.pausePending) }
            let today = ChinaDay(context.now)
            if let day = ChinaDay(resumeOn) {
                rules.require(day > today, "resumeOn", "past")
                rules.require(day.index - today.index <= ClockPause.longestDays, "resumeOn", "pauseTooLong")
            } else {
                rules.add("resumeOn", "invalid")
            }
            let note = rules.text(note, "note", max: 500)
            try rules.check()
            return .pauseRequested(PauseRequest(reason: reason, resumeOn: resumeOn, note: note!))

        case .decidePause(let approve, let note):
            try require([.inProgress])
            guard let request = ticket.pendingPause else { throw refuse(.noPausePending) }
            if approve, let day = ChinaDay(request.resumeOn), day <= ChinaDay(context.now) { throw refuse(.pauseExpired) }
            let note = rules.text(note, "note", max: 500, required: !approve)
            try rules.check()
            return .pauseDecided(PauseDecision(reason: request.reason, resumeOn: request.resumeOn, approved: approve, note: note))

        case .resume(let arrived, let note):
            try require([.inProgress])
            guard ticket.pause != nil else { throw refuse(.notPaused) }
            let note = rules.text(note, "note", max: 500, required: false)
            try rules.check()
            return .resumed(Resumption(cause: arrived ? .awaitedEvent : .byHand, note: note))

        case .refer(let body, let contact, let letter):
            try require([.received, .inProgress])
            // The joint centre decides that no member can handle it: at its desk, or once escalated to it.
            guard actor?.isJointCentre == true, status == .received || ticket.tier == .joint else { throw refuse(.notAtJointCentre) }
            let body = rules.text(body, "body", max: 100)
            let contact = rules.text(contact, "contact", max: 100, required: false)
            let letter = rules.text(letter, "letter", max: 4000)
            try rules.check()
            return .referred(Referral(body: body!, contact: contact, letter: letter!))

        case .registerPetition, .decidePetition, .extendPetition, .requestPetitionReview, .decidePetitionReview:
            return try PetitionSteps.decide(command, on: ticket, context: context, refuse: refuse)

        case .reopen(let reason):
            try require([.closed])
            let reason = rules.text(reason, "reason", max: 500)
            try rules.check()
            return .reopened(.init(reason: reason!))
        }
    }
}

extension TicketLifecycle {
    /// The actions the ticket's status allows, in the order a workbench offers them. Content rules (open tasks,
    /// consultation only, top tier, binding dispatch) are still checked by `decide`.
    public static func availableActions(in status: TicketStatus) -> [TicketAction] {
        switch status {
        case .received: [.dispatch, .answer, .merge, .reject, .refer, .registerPetition, .decidePetition]
        case .dispatched:
            [
                .acknowledge, .sendBack, .escalate, .merge, .requestExtension, .decideExtension, .registerPetition, .decidePetition,
                .extendPetition,
            ]
        case .inProgress:
            [
                .assign, .addTask, .completeTask, .contact, .reply, .escalate, .merge, .requestExtension, .decideExtension,
                .requestPause, .decidePause, .resume, .refer, .registerPetition, .decidePetition, .extendPetition,
            ]
        case .replied: [.followUp, .decidePetition, .requestPetitionReview, .decidePetitionReview]
        case .closed: [.reopen, .decidePetition, .requestPetitionReview, .decidePetitionReview]
        case .reopened:
            [.acknowledge, .contact, .escalate, .requestExtension, .decideExtension, .registerPetition, .decidePetition, .extendPetition]
        case .rejected, .merged, .referred: [.decidePetition]
        }
    }
}
