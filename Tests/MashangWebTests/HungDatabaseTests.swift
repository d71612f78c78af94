import Foundation
import Hummingbird
import HummingbirdTesting
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import NIOCore
import NIOPosix
import SQLKit
import Synchronization
import Testing

/// A TCP proxy in front of the test PostgreSQL server that can "hang": it keeps every connection open but passes no
/// more bytes either way, as a server that stopped answering (frozen, cut off by a firewall that drops packets) does.
final class HangingProxy: Sendable {
    private let hung = Mutex(false)
    func hang() { hung.withLock { $0 = true } }
    var isHung: Bool { hung.withLock { $0 } }

    func serving(to host: String, port target: Int, _ body: (Int) async throws -> Void) async throws {
        try await LoopbackServer.serving(connection: { try await self.relay($0, to: host, port: target) }, body)
    }

    private func relay(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>, to host: String, port: Int) async throws {
        let upstream = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: host, port: port) { channel in
            channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
        }
        try await client.executeThenClose { clientIn, clientOut in
            try await upstream.executeThenClose { serverIn, serverOut in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { for try await bytes in clientIn where !self.isHung { try await serverOut.write(bytes) } }
                    group.addTask { for try await bytes in serverIn where !self.isHung { try await clientOut.write(bytes) } }
                    try await group.next()
                    group.cancelAll()
                }
            }
        }
    }
}

/// A PostgreSQL server that hangs with connections open costs a request the request deadline, then a 503, not the
/// minute (writes) or two (reads) that background work may wait; and the server itself is told to drop what a node
/// abandoned.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to run the hung-server test"))
struct HungDatabaseTests {
    @Test func aHungServerCostsARequestItsDeadlineNotMinutes() async throws {
        let url = try #require(TestDatabases.postgresURL)
        let target = try #require(URLComponents(string: url))
        let proxy = HangingProxy()
        try await proxy.serving(to: target.host ?? "127.0.0.1", port: target.port ?? 5432) { port in
            try await TestDatabases.withPostgres(through: { url in
                var components = URLComponents(string: url)!
                components.host = "127.0.0.1"
                components.port = port
                return components.string!
            }) { database in
                // The server-side limits are set on every connection.
                let settings = try await database.backend.read { sql in
                    [
                        try await sql.raw("SHOW statement_timeout").first()?.decode(column: "statement_timeout", as: String.self),
                        try await sql.raw("SHOW idle_in_transaction_session_timeout").first()?
                            .decode(column: "idle_in_transaction_session_timeout", as: String.self),
                    ]
                }
                #expect(settings == ["2min", "10s"])

                var configuration = AppConfiguration()
                configuration.databaseRequestDeadline = .seconds(2)
                let dependencies = try await AppDependencies.load(stores: database.stores)
                let router = buildRouter(configuration: configuration, dependencies: dependencies, hotspots: HotspotCache())
                try await Application(router: router).test(.router) { client in
                    try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
                    proxy.hang()
                    let started = ContinuousClock.now
                    try await client.execute(uri: "/health", method: .get) { #expect($0.status == .serviceUnavailable) }
                    let waited = ContinuousClock.now - started
                    // The request's 2 s (a few hundred ms of slack on a loaded machine), not the read deadline's 120 s.
                    #expect(waited >= .seconds(2) && waited < .seconds(5), "waited \(waited)")
                    print("hung PostgreSQL: /health answered 503 after \(waited)")
                }
            }
        }
    }
}
