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
        try await Self.mappingUnavailable { try await self.transaction(work) }
    }

    private func transaction<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
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
        try await Self.mappingUnavailable { try await work(self.pool.database(logger: self.logger).sql()) }
    }

    /// Connection failures (the server down, restarting or refusing connections, a connection cut mid-request) become
    /// `DatabaseUnavailable`; errors of the request itself pass through.
    static func mappingUnavailable<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            let connectionCodes: [PSQLError.Code] = [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed]
            // SQL states of class 08 (connection), 53 (resources: disk full, too many connections), 57 (shut down).
            let state = error.serverInfo?[.sqlState] ?? ""
            if connectionCodes.contains(error.code) || ["08", "53", "57"].contains(String(state.prefix(2))) {
                throw DatabaseUnavailable(reason: "PostgreSQL: \(error.code) \(state)")
            }
            throw error
        } catch where error is IOError || error is ChannelError || error is NIOConnectionError {
            throw DatabaseUnavailable(reason: "PostgreSQL: \(error)")
        }
    }

    public func close() async throws {
        try await pool.shutdownAsync()
    }
}
