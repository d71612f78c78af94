import Foundation
import MashangCore
import MashangTesting
import Testing

/// 矛盾上交 done properly: the joint centre refers a request outside every member's competence to a named outside body;
/// the ticket ends here in a tier of its own, its limits stop, and the requester is told where it went.
struct ReferralTests {
    static let refer = TicketCommand.refer(
        body: "潜江市劳动人事争议仲裁委员会", contact: "0728-6202000", letter: "该劳动争议涉及外地用工单位，不属于机制成员单位职责，转请依法处理。")

    @Test func theJointCentreRefersAReceivedRequestAndItEndsInTheTierBeyond() throws {
        var script = try TicketScript.at(.received)
        let before = script.state
        try script.run(Self.refer, as: Fixtures.jointDispatcher)
        #expect(script.state.status == .referred && !script.state.status.isOpen)
        #expect(script.state.referral?.body == "潜江市劳动人事争议仲裁委员会")
        #expect(script.state.tier == .beyond)
        let ticket = StoredTicket(state: script.state, events: script.events)
        #expect(ResolutionTier.of(ticket, reference: Fixtures.reference) == .beyond)
        // Nothing more is owed: no limit runs, and no action is offered but a petition's acceptance decision, which is
        // owed in writing whatever became of the request (and offered only on a petition).
        #expect(TicketLifecycle.availableActions(in: .referred) == [.decidePetition])
        #expect(
            DeadlineSweep(ticket: ticket, policy: TimePolicy()) { _ in WorkingCalendar(holidays: OfficialHolidays.table) }.nextCheck == nil)
        let told = RequesterMessages.of(script.events.last!, before: before, after: script.state)
        #expect(told.map(\.purpose) == [.referred])
        #expect(told.first?.variables == ["body": "潜江市劳动人事争议仲裁委员会", "contact": "0728-6202000"])
    }

    @Test func onlyTheJointCentreRefersAndOnlyWhileItHoldsTheRequest() throws {
        let received = try TicketScript.at(.received).state
        // A member organisation may not refer, by the matrix and by the lifecycle.
        #expect(throws: AccessError.forbidden) {
            try TicketPolicy.authorize(
                Self.refer, by: Fixtures.governmentDispatcher, on: try TicketScript.at(.inProgress).state, reference: Fixtures.reference)
        }
        #expect(throws: LifecycleError(.notAtJointCentre, status: .received, action: .refer)) {
            try TicketLifecycle.decide(
                Self.refer, on: received, by: Fixtures.governmentDispatcher,
                context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
        }
        // In progress at a member organisation: the joint centre escalates first.
        var working = try TicketScript.at(.inProgress)
        #expect(throws: LifecycleError(.notAtJointCentre, status: .inProgress, action: .refer)) {
            try TicketLifecycle.decide(
                Self.refer, on: working.state, by: Fixtures.jointDispatcher,
                context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
        }
        try working.run(.escalate(note: "需联合中心协调"), as: Fixtures.actor("guanghua-street", .supervisor))
        #expect(working.state.tier == .joint)
        try working.run(Self.refer, as: Fixtures.jointSupervisor)
        #expect(working.state.status == .referred)
        // Replied or closed: too late to refer.
        #expect(throws: LifecycleError(.illegalTransition, status: .replied, action: .refer)) {
            try TicketLifecycle.decide(
                Self.refer, on: try TicketScript.at(.replied).state, by: Fixtures.jointDispatcher,
                context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
        }
        // The outside body and the letter are required.
        #expect(throws: ValidationError([.init("body", "required"), .init("letter", "required")])) {
            try TicketLifecycle.decide(
                .refer(body: " ", contact: nil, letter: ""), on: received, by: Fixtures.jointDispatcher,
                context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
        }
    }
}
