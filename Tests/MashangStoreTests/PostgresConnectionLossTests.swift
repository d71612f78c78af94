import Foundation
import Logging
import MashangCore
import MashangTesting
import NIOPosix
@preconcurrency import PostgresKit
import Testing

@testable import MashangStore

/// Connections the PostgreSQL server ends (a restart ends them all) fail what is asked of them at once and go back to
/// the pool: none keeps a request — or a pool's place — waiting for an answer that cannot come.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "needs MASHANG_TEST_POSTGRES_URL"), .timeLimit(.minutes(2)))
struct PostgresConnectionLossTests {
    static var logger: Logger {
        var logger = Logger(label: "mashang-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func aQueryOnAClosedConnectionFailsAtOnce() async throws {
        let configuration = try SQLPostgresConfiguration(url: TestDatabases.postgresURL!).coreConfiguration
        let connection = try await PostgresConnection.connect(
            on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
            id: 1, logger: Self.logger)
        try await connection.close()
        let failedAtOnce = try await PostgresBackend.within(.seconds(10)) {
            do {
                try await LivePostgresConnection(connection: connection).sql().raw("SELECT 1").run()
                return false
            } catch is DatabaseUnavailable {
                return true
            }
        }
        #expect(failedAtOnce)
    }

    /// The server ends the connection in the middle of a transaction; the transaction's `ROLLBACK` then goes to a
    /// closed connection (under load, a restart's closing races every query in flight). With one connection per event loop, a connection kept would leave every later operation on
    /// its loop waiting for it.
    @Test func aConnectionEndedMidTransactionIsGivenBack() async throws {
        let backend = try PostgresBackend(url: TestDatabases.postgresURL!, connections: 1, logger: Self.logger)
        // Closed whatever happens: a pool dropped unclosed traps the whole test process (AsyncKit asserts in deinit).
        let rounds: Int
        do {
            rounds = try await Self.terminateAndRecover(backend)
        } catch {
            try await backend.close()
            throw error
        }
        #expect(rounds == 6)
        try await backend.close()
    }

    /// Six times: the server ends the connection inside a write, and the next read gets a working one.
    private static func terminateAndRecover(_ backend: PostgresBackend) async throws -> Int {
        // The whole suite runs beside this test on two cores in CI: a minute rather than half of one.
        try await PostgresBackend.within(.seconds(60)) {
            for _ in 0..<6 {
                await #expect(throws: DatabaseUnavailable.self) {
                    try await backend.write { database in
                        do {
                            try await database.raw("SELECT pg_terminate_backend(pg_backend_pid())").run()
                        } catch {
                            // By the time the failure reaches the transaction, the connection is gone.
                            try? await Task.sleep(for: .milliseconds(100))
                            throw error
                        }
                    }
                }
                try await Task.sleep(for: PostgresBackend.pause + .milliseconds(100))
                let one = try await backend.read { database in
                    try await database.raw("SELECT 1 AS one").first()?.decode(column: "one", as: Int.self)
                }
                #expect(one == 1)
            }
            return 6
        }
    }
}
