import Foundation
import Logging
import MashangCore
import MashangStore
import SQLKit

/// Real databases for tests: a fresh SQLite file in a temporary directory, or a fresh schema on the PostgreSQL
/// server named by `MASHANG_TEST_POSTGRES_URL`.
public enum TestDatabases {
    public static let postgresURL: String? = {
        let url = ProcessInfo.processInfo.environment["MASHANG_TEST_POSTGRES_URL"]
        return url?.isEmpty == false ? url : nil
    }()

    /// `MASHANG_TEST_WEB_DATABASE=postgres`: the web suite's application runs on the PostgreSQL server instead of a
    /// SQLite file (`scripts/test` runs the web suite once on each).
    public static let webOnPostgres: Bool = {
        guard ProcessInfo.processInfo.environment["MASHANG_TEST_WEB_DATABASE"] == "postgres" else { return false }
        precondition(postgresURL != nil, "MASHANG_TEST_WEB_DATABASE=postgres needs MASHANG_TEST_POSTGRES_URL")
        return true
    }()

    static var logger: Logger {
        var logger = Logger(label: "mashang-test")
        logger.logLevel = .warning
        return logger
    }

    /// Runs `body` with a migrated, empty SQLite database in a new temporary directory, removed afterwards.
    public static func withSQLite<T>(_ body: (MashangDatabase) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try await MashangDatabase.open(.sqlite(directory: directory), cipher: Fixtures.cipher, logger: logger)
        return try await database.closing(after: body)
    }

    /// Runs `body` with a migrated, empty schema of its own on the test PostgreSQL server, dropped afterwards.
    /// - Parameter route: the address the database is opened through (a test proxy in front of the server), from the
    ///   server's own; migrations and clean-up go to the server directly.
    public static func withPostgres<T>(
        through route: (String) -> String = { $0 }, _ body: (MashangDatabase) async throws -> T
    ) async throws -> T {
        try await withSchema { url, schema in
            try await MashangDatabase(
                backend: try PostgresBackend(url: route(url), searchPath: [schema], logger: logger), cipher: Fixtures.cipher
            )
            .closing(after: body)
        }
    }

    /// Two independent connections (two "nodes") to one fresh schema on the test PostgreSQL server.
    public static func withPostgresPair<T>(_ body: (MashangDatabase, MashangDatabase) async throws -> T) async throws -> T {
        try await withSchema { url, schema in
            let first = MashangDatabase(
                backend: try PostgresBackend(url: url, searchPath: [schema], logger: logger), cipher: Fixtures.cipher)
            return try await first.closing { first in
                let second = MashangDatabase(
                    backend: try PostgresBackend(url: url, searchPath: [schema], logger: logger), cipher: Fixtures.cipher)
                return try await second.closing { second in try await body(first, second) }
            }
        }
    }

    /// At most this many tests hold a schema at once. Each opens pools of up to 8 connections, and a suite starts all
    /// its tests together (the web suite on PostgreSQL is nearly 200) against a server of 300 connections: past that
    /// the server refuses them.
    static let schemaSlots = TestSlots(16)

    /// A fresh migrated schema for `body`, dropped afterwards whatever happens; every pool opened here is shut down.
    private static func withSchema<T>(_ body: (_ url: String, _ schema: String) async throws -> T) async throws -> T {
        guard let url = postgresURL else { throw PostgresUnavailable() }
        return try await schemaSlots.holding {
            let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await opened(url) { try await $0.write { database in try await database.raw("CREATE SCHEMA \(ident: schema)").run() } }
            do {
                try await opened(url, searchPath: [schema]) { try await Migrator(backend: $0).migrate() }
                let result = try await body(url, schema)
                try await dropSchema(schema, url)
                return result
            } catch {
                try? await dropSchema(schema, url)
                throw error
            }
        }
    }

    /// `body` with a pool of its own, shut down afterwards whether or not `body` succeeded.
    private static func opened<T>(_ url: String, searchPath: [String]? = nil, _ body: (PostgresBackend) async throws -> T) async throws
        -> T
    {
        let backend = try PostgresBackend(url: url, searchPath: searchPath, logger: logger)
        do {
            let result = try await body(backend)
            try await backend.close()
            return result
        } catch {
            try? await backend.close()
            throw error
        }
    }

    /// Ends the PostgreSQL backends whose last statement is `LIKE pattern`, as a network cut would; how many.
    public static func terminateBackends(runningLike pattern: String, on database: MashangDatabase) async throws -> Int {
        try await database.backend.write { database in
            try await database.raw(
                "SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE query LIKE \(bind: pattern)"
            ).all().count
        }
    }

    private static func dropSchema(_ schema: String, _ url: String) async throws {
        try await opened(url) { try await $0.write { database in try await database.raw("DROP SCHEMA \(ident: schema) CASCADE").run() } }
    }

    public struct PostgresUnavailable: Error {}
}
