import Foundation
import Logging
import MashangCore
import MashangStore
import MashangTesting
import Synchronization
import Testing

@testable import MashangServices

/// What one board heard, in order.
final class HeardChanges: Sendable {
    private let numbers = Mutex<[String]>([])

    init(_ changes: TicketChanges) {
        let stream = changes.subscribe()
        Task { [self] in for await number in stream { numbers.withLock { $0.append(number) } } }
    }

    var all: [String] { numbers.withLock { $0 } }
}

/// Two nodes on one PostgreSQL server: a dispatch board on either hears the changes made on both (LISTEN/NOTIFY), a
/// node hears its own change once, and a node whose listening connection is cut listens again and tells its boards
/// to reload.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to run the two-node board tests"))
struct SharedBoardTests {
    @Test func aBoardOnEitherNodeHearsBothNodesChanges() async throws {
        try await TestDatabases.withPostgresPair { first, second in
            try await first.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
            let nodes = [
                TicketService(dependencies: try await AppDependencies.load(stores: first.stores, clock: { Fixtures.now })),
                TicketService(dependencies: try await AppDependencies.load(stores: second.stores, clock: { Fixtures.now })),
            ]
            let relays = try nodes.enumerated().map { index, node in
                ChangeRelay(
                    feed: try #require(node.dependencies.stores.changeFeed), changes: node.dependencies.changes, node: "node\(index)",
                    logger: Logger(label: "mashang-test"))
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for relay in relays { group.addTask { try await relay.run() } }
                try await Self.waitUntil { relays.allSatisfy(\.isListening) }
                let boards = nodes.map { HeardChanges($0.dependencies.changes) }

                // A ticket dispatched on the first node reaches the second's board, and one dispatched on the second
                // reaches the first's. Each node hears its own change once: PostgreSQL hands every listener the
                // notices in commit order, so an echo of a node's own change would stand before the next ticket's.
                let number = try await Self.create(first)
                _ = try await nodes[0].perform(Self.dispatch, on: number, by: Fixtures.jointDispatcher, from: "127.0.0.1")
                try await Self.waitUntil { boards[1].all.contains(number) }
                let second = try await Self.create(first)
                _ = try await nodes[1].perform(Self.dispatch, on: second, by: Fixtures.jointDispatcher, from: "127.0.0.1")
                try await Self.waitUntil { boards[0].all.contains(second) }
                let third = try await Self.create(first)
                _ = try await nodes[0].perform(Self.dispatch, on: third, by: Fixtures.jointDispatcher, from: "127.0.0.1")
                try await Self.waitUntil { boards[1].all.contains(third) }
                #expect(boards[0].all.prefix(2) == [number, second])
                #expect(boards[1].all == [number, second, third])

                // The listening connections are cut (both nodes listen on the deployment's one channel): each listens
                // again and tells its boards to reload, since changes in between were not heard.
                #expect(try await Self.terminateListeners(of: relays[1].feed, on: first) == 2)
                try await Self.waitUntil { boards.allSatisfy { $0.all.last == TicketChanges.everything } }
                try await Self.waitUntil { relays.allSatisfy(\.isListening) }
                let later = try await Self.create(first)
                _ = try await nodes[0].perform(Self.dispatch, on: later, by: Fixtures.jointDispatcher, from: "127.0.0.1")
                try await Self.waitUntil { boards[1].all.last == later }
                group.cancelAll()
            }
        }
    }

    static let dispatch = TicketCommand.dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil)

    static func create(_ database: MashangDatabase) async throws -> String {
        try await database.tickets.create(
            Fixtures.draft(channel: .qr), by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: nil
        )
        .ticket.state.number
    }

    /// Ends the backends listening on the feed's channel, as a network cut or a server restart would.
    static func terminateListeners(of feed: any ChangeFeed, on database: MashangDatabase) async throws -> Int {
        let channel = try #require(feed as? PostgresChangeFeed).channel
        return try await TestDatabases.terminateBackends(runningLike: "LISTEN%" + channel + "%", on: database)
    }

    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(20)) }
        #expect(condition(), "waited 10 s")
    }
}

/// What a node sends other nodes: numbers in batches under PostgreSQL's payload limit, or one "reload" when the relay
/// cannot keep up.
@Suite struct ChangeBatchTests {
    @Test func aBurstOfChangesTravelsInFewNotices() async throws {
        let numbers = (1...2_000).map { String(format: "MS-2026-%06d", $0) }
        let payloads = ChangeRelay.payloads(node: "n1", numbers: numbers)
        #expect(payloads.count == 4 && payloads.allSatisfy { $0.utf8.count < 8_000 && $0.hasPrefix("n1|") })
        #expect(payloads.flatMap { $0.dropFirst(3).split(separator: ",").map(String.init) } == numbers)
        #expect(ChangeRelay.payloads(node: "n1", numbers: []).isEmpty)
    }

    @Test func aRelayThatFallsBehindSendsOneReloadInstead() {
        let changes = TicketChanges()
        changes.publish("MS-2026-000001")
        #expect(changes.takePending().isEmpty, "nothing is kept where no relay runs")
        changes.startRelaying()
        for index in 0...TicketChanges.maxPending { changes.publish(String(format: "MS-2026-%06d", index)) }
        #expect(changes.takePending() == [TicketChanges.everything])
        changes.publish("MS-2026-000002")
        #expect(changes.takePending() == ["MS-2026-000002"])
    }
}
