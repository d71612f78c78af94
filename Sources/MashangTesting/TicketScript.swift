import Foundation
import MashangCore

/// Drives a ticket through the real lifecycle and policy in memory, for tests that need a ticket in a given state.
public struct TicketScript {
    public private(set) var state: TicketState
    public private(set) var events: [TicketEvent]
    public var clock: Date
    /// The calendar and limits the lifecycle counts petition periods on.
    public var time: TimeRules = .standard

    public init(_ state: TicketState = Fixtures.receivedTicket()) {
        self.state = state
        self.events = [
            TicketEvent(
                sequence: 1, occurredAt: state.receivedAt, actor: .publicRequester,
                change: .created(.init(number: state.number, draft: TicketScript.draft(of: state))))
        ]
        self.clock = state.receivedAt
    }

    private static func draft(of state: TicketState) -> TicketDraft {
        TicketDraft(
            channel: state.channel, kind: state.kind, category: state.category, area: state.area,
            intakePoint: state.intakePoint, urgency: state.urgency, description: state.description,
            requester: state.requester, trackingCode: state.trackingCode, holder: state.leadOrganization,
            suggestedOrganization: state.suggestedOrganization, suggestedDepartment: state.suggestedDepartment,
            contactConsent: state.contactConsent)
    }

    /// Applies a command as the actor; throws what the lifecycle throws and changes nothing then.
    @discardableResult
    public mutating func run(_ command: TicketCommand, as actor: StaffActor, mergeTarget: TicketState? = nil) throws -> TicketChange {
        clock = clock.addingTimeInterval(3600)
        let change = try TicketLifecycle.decide(
            command, on: state, by: actor,
            context: DecisionContext(reference: Fixtures.reference, now: clock, mergeTarget: mergeTarget, time: time))
        let event = TicketEvent(sequence: state.version + 1, occurredAt: clock, actor: actor.eventActor, change: change)
        state.apply(event)
        events.append(event)
        return change
    }

    /// The ticket brought to `status` along the usual path (government handles a leaking roof).
    public static func at(_ status: TicketStatus, kind: TicketKind = .complaint) throws -> TicketScript {
        var script = TicketScript(Fixtures.receivedTicket(Fixtures.draft(kind: kind)))
        let government = Fixtures.governmentDispatcher
        switch status {
        case .received:
            return script
        case .rejected:
            try script.run(.reject(reason: "不属于受理范围"), as: Fixtures.jointDispatcher)
            return script
        case .referred:
            try script.run(
                .refer(body: "潜江市12345政务服务便民热线", contact: "12345", letter: "不属于机制成员单位职责，转请办理。"),
                as: Fixtures.jointDispatcher)
            return script
        case .merged:
            try script.run(
                .merge(into: "MS-2026-000002"), as: Fixtures.jointDispatcher,
                mergeTarget: Fixtures.receivedTicket(number: "MS-2026-000002"))
            return script
        default:
            break
        }
        try script.run(
            .dispatch(organization: "guanghua-street", department: "gh-construction", assisting: [], note: nil),
            as: Fixtures.jointDispatcher)
        if status == .dispatched { return script }
        try script.run(.acknowledge, as: government)
        if status == .inProgress { return script }
        try script.run(.reply(text: "已安排维修", contactMethod: .phone), as: government)
        if status == .replied { return script }
        if status == .reopened {
            try script.run(.followUp(satisfaction: .unsatisfied, note: "还在漏"), as: Fixtures.jointIntake)
            return script
        }
        try script.run(.followUp(satisfaction: .satisfied, note: nil), as: Fixtures.jointIntake)
        return script
    }
}
