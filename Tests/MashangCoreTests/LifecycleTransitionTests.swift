import Foundation
import MashangCore
import MashangTesting
import Testing

/// Every command against every status: legal ones produce their event, illegal ones are refused with
/// `illegalTransition` and change nothing.
struct LifecycleTransitionTests {
    /// One sample of each command, valid in content, so that only the status decides.
    static let commands: [TicketCommand] = [
        .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil),
        .acknowledge,
        .sendBack(reason: .notOurJurisdiction, note: "不属于本单位"),
        .assign(department: "gh-construction", handler: nil),
        .addTask(title: "现场核实", department: "gh-construction", responsiblePerson: "张伟", dueDate: "2026-12-31"),
        .completeTask(id: 1, result: "完成"),
        .reply(text: "已处理", contactMethod: .phone),
        .followUp(satisfaction: .satisfied, note: nil),
        .escalate(note: nil),
        .merge(into: "MS-2026-000002"),
        .reject(reason: "不予受理"),
        .answer(text: "答复"),
        .reopen(reason: "群众再次反映"),
        .requestPause(reason: .weather, resumeOn: "2026-03-20", note: "暴雨停工"),
        .registerPetition(reason: "书面信访", leapfrog: false),
    ]

    static let legal: [TicketStatus: Set<TicketAction>] = [
        .received: [.dispatch, .merge, .reject, .answer, .refer, .registerPetition, .decidePetition],
        .dispatched: [
            .acknowledge, .sendBack, .escalate, .merge, .requestExtension, .decideExtension, .registerPetition, .decidePetition,
            .extendPetition,
        ],
        .inProgress: [
            .assign, .addTask, .completeTask, .contact, .reply, .escalate, .merge, .requestExtension, .decideExtension, .requestPause,
            .decidePause, .resume, .refer, .registerPetition, .decidePetition, .extendPetition,
        ],
        // The petition steps after the answer depend on the petition, not the status (PetitionTests).
        .replied: [.followUp, .decidePetition, .requestPetitionReview, .decidePetitionReview],
        .closed: [.reopen, .decidePetition, .requestPetitionReview, .decidePetitionReview],
        .reopened: [
            .acknowledge, .contact, .escalate, .requestExtension, .decideExtension, .registerPetition, .decidePetition, .extendPetition,
        ],
        // An acceptance decision is owed in writing whatever became of the request.
        .rejected: [.decidePetition],
        .merged: [.decidePetition],
        .referred: [.decidePetition],
    ]

    @Test(arguments: TicketStatus.allCases)
    func everyCommandIsLegalExactlyWhereTheDesignSaysSo(_ status: TicketStatus) throws {
        for command in Self.commands {
            // Consultations so that `answer` is decided by status alone; a task exists so `completeTask` is too.
            var script = try TicketScript.at(status, kind: .consultation)
            if status == .inProgress {
                try script.run(
                    .addTask(title: "核实", department: "gh-construction", responsiblePerson: "李晔", dueDate: "2026-12-31"),
                    as: Fixtures.governmentDispatcher)
            }
            let before = script.state
            let isLegal = Self.legal[status]!.contains(command.action)
            let actor = script.state.awaitingJointDecision ? Fixtures.jointDispatcher : Fixtures.jointSupervisor
            do {
                try script.run(command, as: actor, mergeTarget: Fixtures.receivedTicket(number: "MS-2026-000002"))
                #expect(isLegal, "\(command.action) should be refused in \(status)")
            } catch let error as LifecycleError {
                // `reply` with an open task is refused for another reason; everything else is a transition error.
                if command.action == .reply && status == .inProgress {
                    #expect(error.code == .openTasks)
                } else {
                    #expect(!isLegal, "\(command.action) should be allowed in \(status), got \(error.code)")
                    #expect(error.code == .illegalTransition)
                }
                #expect(script.state == before)
            }
        }
    }

    @Test(arguments: TicketStatus.allCases)
    func theWorkbenchOffersExactlyTheLegalActions(_ status: TicketStatus) {
        #expect(Set(TicketLifecycle.availableActions(in: status)) == Self.legal[status])
    }

    @Test func foldingTheHistoryGivesTheSameStateAsApplyingStepByStep() throws {
        for status in TicketStatus.allCases {
            let script = try TicketScript.at(status)
            #expect(TicketState.fold(script.events) == script.state)
            #expect(script.state.status == status)
            #expect(script.state.version == script.events.count)
        }
    }

    @Test func aHistoryThatDoesNotStartWithCreationFoldsToNothing() {
        #expect(TicketState.fold([]) == nil)
        let event = TicketEvent(sequence: 1, occurredAt: Fixtures.now, actor: .publicRequester, change: .acknowledged)
        #expect(TicketState.fold([event]) == nil)
    }

    @Test func eventsRoundTripThroughJSON() throws {
        let script = try TicketScript.at(.closed)
        let data = try JSONEncoder().encode(script.events)
        #expect(try JSONDecoder().decode([TicketEvent].self, from: data) == script.events)
    }
}
