import Foundation
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// 事事有回音 for merged requests: the answer given on a ticket reaches every ticket merged into it, in the same
/// transaction, and each merged requester rates it on their own ticket.
extension StoreConformance {
    static let mergeCases: [StoreCase] = [
        StoreCase(
            name: "a reply reaches every ticket merged into it, through chains, and each is rated on its own", run: replyReachesMerged)
    ]

    static func replyReachesMerged(_ database: MashangDatabase) async throws {
        try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
        var clock = Fixtures.now
        func create() async throws -> String {
            try await database.tickets.create(Fixtures.draft(), by: actor, at: clock, idempotencyKey: nil).ticket.state.number
        }
        func run(_ command: TicketCommand, on number: String, as staff: StaffActor?, target: String? = nil) async throws -> StoredTicket {
            clock = clock.addingTimeInterval(600)
            let now = clock
            return try await database.tickets.apply(to: number, mergeTarget: target, by: staff?.eventActor ?? .publicRequester, at: now) {
                state, target in
                try TicketLifecycle.decide(
                    command, on: state, by: staff, context: DecisionContext(reference: Fixtures.reference, now: now, mergeTarget: target))
            }
        }
        let main = try await create(), joined = try await create(), chained = try await create(), other = try await create()
        _ = try await run(.merge(into: joined), on: chained, as: Fixtures.jointDispatcher, target: joined)
        _ = try await run(.merge(into: main), on: joined, as: Fixtures.jointDispatcher, target: main)
        #expect(try await database.tickets.ticket(number: chained)?.state.status == .merged)
        // `chained` joined `joined` before that was merged in turn: the answer follows the chain.
        _ = try await run(
            .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: main, as: Fixtures.jointDispatcher)
        _ = try await run(.acknowledge, on: main, as: Fixtures.governmentDispatcher)
        _ = try await run(.reply(text: "已统一维修屋顶", contactMethod: .visit), on: main, as: Fixtures.governmentDispatcher)
        for number in [joined, chained] {
            let ticket = try #require(try await database.tickets.ticket(number: number))
            #expect(ticket.state.status == .replied && ticket.state.closedAt == nil, "\(number)")
            #expect(ticket.state.replies.last?.text == "已统一维修屋顶")
            #expect(ticket.state.replies.last?.via == main)
            #expect(ticket.state.mergedInto != nil)
        }
        #expect(try await database.tickets.ticket(number: other)?.state.replies.isEmpty == true)
        // Each requester rates on their own ticket; the joined one is then closed like any other.
        _ = try await run(.followUp(satisfaction: .satisfied, note: nil), on: joined, as: nil)
        _ = try await run(.followUp(satisfaction: .unsatisfied, note: "还在漏"), on: chained, as: nil)
        #expect(try await database.tickets.ticket(number: joined)?.state.status == .closed)
        #expect(try await database.tickets.ticket(number: chained)?.state.status == .reopened)
        try await database.figures.refreshAll(at: clock)
        let counts = try await database.figures.counts(scope: "all", from: ChinaDay(Fixtures.now), to: ChinaDay(clock)).total
        #expect(counts[.received] == 4 && counts[.closed] == 1 && counts[.satisfied] == 1 && counts[.unsatisfied] == 1)
    }
}
