import Foundation
import Logging
import NIOCore
import NIOPosix
@preconcurrency import PostgresKit
import SQLKit

/// PostgreSQL through a connection pool; each write is one transaction on one pooled connection.
/// `@unchecked`: AsyncKit's pool guards its state with a lock and is used from many threads by design.
public final class PostgresBackend: SQLBackend, @unchecked Sendable {
    public let flavor = SQLFlavor.postgres
    private let pool: EventLoopGroupConnectionPool<PostgresConnectionSource>
    private let logger: Logger

    /// - Parameter url: `postgres://user:pass@host:port/database`.
    /// - Parameter searchPath: schemas to use instead of the server default (tests give each run its own schema).
    public init(url: String, searchPath: [String]? = nil, maxConnectionsPerEventLoop: Int = 4, logger: Logger) throws {
        var configuration = try SQLPostgresConfiguration(url: url)
        configuration.searchPath = searchPath
        pool = EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: maxConnectionsPerEventLoop,
            pruneInterval: nil,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton
        )
        self.logger = logger
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await pool.requestConnection(logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        let database = connection.sql()
        try await database.raw("BEGIN").run()
        do {
            let result = try await work(database)
            try await database.raw("COMMIT").run()
            return result
        } catch {
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await work(pool.database(logger: logger).sql())
    }

    public func close() async throws {
        try await pool.shutdownAsync()
    }
}
