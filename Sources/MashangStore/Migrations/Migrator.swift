import Foundation
import SQLKit

/// Applies pending migrations in order, each in its own transaction together with its bookkeeping row.
public struct Migrator: Sendable {
    let backend: any SQLBackend
    let migrations: [Migration]

    public init(backend: any SQLBackend) {
        self.backend = backend
        self.migrations = Migrations.all
    }

    /// Returns the names of the migrations applied by this call.
    @discardableResult
    public func migrate() async throws -> [String] {
        try await backend.write { database in
            try await database.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)
                """
            ).run()
        }
        var applied: [String] = []
        for migration in migrations {
            let flavor = backend.flavor
            let didApply = try await backend.write { database -> Bool in
                let existing = try await database.raw("SELECT name FROM schema_migrations WHERE name = \(bind: migration.name)").first()
                guard existing == nil else { return false }
                for statement in migration.statements(flavor) {
                    try await database.raw(SQLQueryString(statement)).run()
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await database.raw("INSERT INTO schema_migrations (name, applied_at) VALUES (\(bind: migration.name), \(bind: now))")
                    .run()
                return true
            }
            if didApply { applied.append(migration.name) }
        }
        return applied
    }
}
