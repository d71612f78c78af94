import Foundation
import MashangCore
import MashangStore

/// The ticket use cases: validation, authorisation and the lifecycle around the store, with the injected clock.
struct TicketService: Sendable {
    let dependencies: AppDependencies

    private var store: SQLTicketStore { dependencies.database.tickets }

    func create(_ request: IntakeRequest, source: IntakeSource, idempotencyKey: String?) async throws -> CreatedTicket {
        let snapshot = dependencies.reference.snapshot
        var generator = SystemRandomNumberGenerator()
        let draft = try IntakeValidator.validate(request, source: source, reference: snapshot.data, rules: snapshot.rules,
                                                 trackingCode: TrackingCode.make(using: &generator))
        let actor: EventActor = switch source {
        case .staff(let staff): staff.eventActor
        case .publicForm: .publicRequester
        }
        return try await store.create(draft, by: actor, at: dependencies.clock(), idempotencyKey: idempotencyKey)
    }

    func ticket(_ number: String, for actor: StaffActor) async throws -> StoredTicket {
        guard let ticket = try await store.ticket(number: number), actor.canView(ticket.state) else { throw AccessError.notFound }
        return ticket
    }

    func perform(_ command: TicketCommand, on number: String, by actor: StaffActor) async throws -> StoredTicket {
        let reference = dependencies.reference.snapshot.data
        let now = dependencies.clock()
        var mergeTarget: String?
        if case .merge(let into) = command { mergeTarget = into }
        return try await store.apply(to: number, mergeTarget: mergeTarget, by: actor.eventActor, at: now) { ticket, target in
            try TicketPolicy.authorize(command, by: actor, on: ticket, reference: reference)
            // A merge target the actor may not see is treated as unknown, so its existence does not leak.
            let visibleTarget = target.flatMap { actor.canView($0) ? $0 : nil }
            return try TicketLifecycle.decide(command, on: ticket, by: actor,
                                              context: DecisionContext(reference: reference, now: now, mergeTarget: visibleTarget))
        }
    }

    func list(_ query: TicketQuery) async throws -> TicketPage {
        try await store.tickets(matching: query)
    }
}
