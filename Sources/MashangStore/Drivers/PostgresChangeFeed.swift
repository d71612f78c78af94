import Logging
import MashangCore
import NIOCore
import NIOPosix
@preconcurrency import PostgresKit
import SQLKit

/// `LISTEN`/`NOTIFY` on one channel per deployment. The channel is named after the schema the deployment uses (tests
/// give each run its own schema in one database, and a channel belongs to the database, not the schema).
public struct PostgresChangeFeed: ChangeFeed {
    let backend: PostgresBackend
    let configuration: PostgresConnection.Configuration
    public let channel: String
    let logger: Logger
    /// How often the listening connection is asked for `SELECT 1`: a server that stopped answering (or a connection
    /// cut without a reset) is noticed within this and `probeDeadline`, and the node listens again elsewhere.
    static let probeInterval: Duration = .seconds(10)
    static let probeDeadline: Duration = .seconds(5)

    public func announce(_ payload: String) async throws {
        try await backend.read { database in
            try await database.raw("SELECT pg_notify(\(bind: channel), \(bind: payload)) AS sent").run()
        }
    }

    public func listen(ready: @escaping @Sendable () -> Void, receive: @escaping @Sendable (String) -> Void) async throws {
        let connection = try await PostgresBackend.mappingUnavailable {
            try await PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 0, logger: logger
            ).get()
        }
        do {
            try await connection.listen(on: channel) { notifications in
                ready()
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await notification in notifications { receive(notification.payload) }
                        throw DatabaseUnavailable(reason: "PostgreSQL ended the listening connection")
                    }
                    group.addTask {
                        while true {
                            try await Task.sleep(for: Self.probeInterval)
                            try await PostgresBackend.within(Self.probeDeadline) {
                                try await connection.query("SELECT 1", logger: logger)
                            }
                        }
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }
}

extension PostgresChangeFeed {
    /// The channel of a deployment using `schema` (the server's default schema: the plain name).
    static func channel(schema: String?) -> String {
        "mashang_tickets" + (schema.map { "_" + $0 } ?? "")
    }
}
