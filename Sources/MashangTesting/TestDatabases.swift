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
        guard let url = postgresURL else { throw PostgresUnavailable() }
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try PostgresBackend(url: url, logger: logger)
        try await admin.write { database in try await database.raw("CREATE SCHEMA \(ident: schema)").run() }
        do {
            let migrating = try PostgresBackend(url: url, searchPath: [schema], logger: logger)
            try await Migrator(backend: migrating).migrate()
            try await migrating.close()
            let backend = try PostgresBackend(url: route(url), searchPath: [schema], logger: logger)
            let result = try await MashangDatabase(backend: backend, cipher: Fixtures.cipher).closing(after: body)
            try await dropSchema(schema, admin)
            return result
        } catch {
            try? await dropSchema(schema, admin)
            throw error
        }
    }

    /// Two independent connections (two "nodes") to one fresh schema on the test PostgreSQL server.
    public static func withPostgresPair<T>(_ body: (MashangDatabase, MashangDatabase) async throws -> T) async throws -> T {
        guard let url = postgresURL else { throw PostgresUnavailable() }
        let schema = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let admin = try PostgresBackend(url: url, logger: logger)
        try await admin.write { database in try await database.raw("CREATE SCHEMA \(ident: schema)").run() }
        do {
            let firstBackend = try PostgresBackend(url: url, searchPath: [schema], logger: logger)
            try await Migrator(backend: firstBackend).migrate()
            let first = MashangDatabase(backend: firstBackend, cipher: Fixtures.cipher)
            let second = MashangDatabase(
                backend: try PostgresBackend(url: url, searchPath: [schema], logger: logger), cipher: Fixtures.cipher)
            let result = try await first.closing { first in try await second.closing { second in try await body(first, second) } }
            try await dropSchema(schema, admin)
            return result
        } catch {
            try? await dropSchema(schema, admin)
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

    private static func dropSchema(_ schema: String, _ admin: PostgresBackend) async throws {
        try await admin.write { database in try await database.raw("DROP SCHEMA \(ident: schema) CASCADE").run() }
        try await admin.close()
    }

    public struct PostgresUnavailable: Error {}
}
