import Foundation
import Logging
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// Tickets are remembered by version: a change made through another connection — another node on PostgreSQL, another
/// process on the same SQLite file — is read at once, never a remembered older state.
struct TicketCacheTests {
    static func changeElsewhereIsReadAtOnce(_ reader: MashangDatabase, _ writer: MashangDatabase) async throws {
        let actor = Fixtures.jointIntake.eventActor
        let number = try await reader.tickets.create(Fixtures.draft(channel: .qr), by: actor, at: Fixtures.now, idempotencyKey: nil).ticket
            .state.number
        let before = try #require(try await reader.tickets.ticket(number: number))
        #expect(before.state.status == .received)
        let later = Fixtures.now.addingTimeInterval(600)
        _ = try await writer.tickets.apply(to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: later) { state, _ in
            try TicketLifecycle.decide(
                .dispatch(organization: "guanghua-street", department: "gh-construction", assisting: [], note: nil),
                on: state, by: Fixtures.jointDispatcher, context: DecisionContext(reference: Fixtures.reference, now: later))
        }
        let after = try #require(try await reader.tickets.ticket(number: number))
        #expect(after.state.status == .dispatched)
        #expect(after.events.count == 2)
        let tracked = try await reader.tickets.ticket(number: number, trackingCode: after.state.trackingCode ?? "")
        #expect(tracked?.state.version == after.state.version)
        // Read again unchanged: the same ticket.
        #expect(try await reader.tickets.ticket(number: number) == after)
    }

    @Test func sqliteTwoConnections() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await MashangDatabase.open(
            .sqlite(directory: directory), cipher: Fixtures.cipher, logger: Logger(label: "cache-test"))
        try await first.closing { first in
            let second = try await MashangDatabase.open(
                .sqlite(directory: directory), cipher: Fixtures.cipher, logger: Logger(label: "cache-test"))
            try await second.closing { second in try await Self.changeElsewhereIsReadAtOnce(first, second) }
        }
    }

    @Test(.enabled(if: TestDatabases.postgresURL != nil, "needs MASHANG_TEST_POSTGRES_URL"))
    func postgresTwoNodes() async throws {
        try await TestDatabases.withPostgresPair { first, second in try await Self.changeElsewhereIsReadAtOnce(first, second) }
    }
}
