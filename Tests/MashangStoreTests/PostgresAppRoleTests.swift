import Foundation
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// The role the server runs as on PostgreSQL writes what serving needs but has no UPDATE, DELETE or TRUNCATE grant on
/// the audit log and the closed days, so not even a bug or a stolen application password can rewrite them.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL (as .ci/run does) to run it"))
struct PostgresAppRoleTests {
    @Test func theApplicationRoleAppendsToTheAuditLogButCannotChangeIt() async throws {
        try await TestDatabases.withPostgres { database in
            let role = "mashang_app_" + UUID().uuidString.prefix(8).lowercased()
            try await database.backend.write { db in try await db.raw("CREATE ROLE \(ident: role) NOLOGIN").run() }
            do {
                try await DatabaseRoles.grantApplication(role: role, on: database.backend)
                let entry = AuditEntry(at: Date(), actor: "admin", organization: nil, action: "user.add", subject: "u", address: "::1")
                // As the role: serving's writes go through, the audit log takes a line.
                try await database.backend.write { db in
                    try await db.raw("SET LOCAL ROLE \(ident: role)").run()
                    try await db.raw("UPDATE tickets SET version = version WHERE id = 0").run()
                    try await SQLAuditStore.append(entry, flavor: .postgres, on: db)
                }
                for statement in [
                    "UPDATE audit_log SET subject = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log", "DELETE FROM day_digests",
                    "DELETE FROM audit_purges",
                ] {
                    await #expect(throws: (any Error).self, "\(statement)") {
                        try await database.backend.write { db in
                            try await db.raw("SET LOCAL ROLE \(ident: role)").run()
                            try await db.raw(SQLQueryString(statement)).run()
                        }
                    }
                }
                // The refusal is the grant's, not only the trigger's: the role holds no such privilege.
                let privileges = try await database.backend.read { db in
                    try await db.raw(
                        """
                        SELECT has_table_privilege(\(bind: role), 'audit_log', 'UPDATE') AS u,
                               has_table_privilege(\(bind: role), 'audit_log', 'DELETE') AS d,
                               has_table_privilege(\(bind: role), 'audit_log', 'INSERT') AS i
                        """
                    ).first()!
                }
                #expect(try privileges.decode(column: "u", as: Bool.self) == false)
                #expect(try privileges.decode(column: "d", as: Bool.self) == false)
                #expect(try privileges.decode(column: "i", as: Bool.self) == true)
                #expect(try await database.audit.entries(matching: AuditQuery()) == [entry.truncatedToMilliseconds])

                // Old lines go through the owner's purge function only, which the role may run and other roles may not.
                let old = ChinaDay(Fixtures.now)
                try await database.audit.append(
                    AuditEntry(at: old.at(9 * 3600), actor: "admin", organization: nil, action: "user.add", subject: "old", address: "::1"))
                _ = try await database.integrity.closeDays(through: old, at: Date())
                let purged = try await database.backend.write { db in
                    try await db.raw("SET LOCAL ROLE \(ident: role)").run()
                    return try await db.raw("SELECT mashang_purge_audit(\(bind: old.description), 0) AS n").first()?.decode(
                        column: "n", as: Int.self)
                }
                #expect(purged == 1)
                let stranger = role + "_x"
                try await database.backend.write { db in try await db.raw("CREATE ROLE \(ident: stranger) NOLOGIN").run() }
                await #expect(throws: (any Error).self) {
                    try await database.backend.write { db in
                        try await db.raw("SET LOCAL ROLE \(ident: stranger)").run()
                        try await db.raw("SELECT mashang_purge_audit(\(bind: old.description), 0)").run()
                    }
                }
                try await database.backend.write { db in try await db.raw("DROP ROLE \(ident: stranger)").run() }
            } catch {
                try? await Self.drop(role, database)
                throw error
            }
            try await Self.drop(role, database)
        }
    }

    static func drop(_ role: String, _ database: MashangDatabase) async throws {
        try await database.backend.write { db in
            try await db.raw("DROP OWNED BY \(ident: role)").run()
            try await db.raw("DROP ROLE \(ident: role)").run()
        }
    }
}

extension AuditEntry {
    /// As stored: times keep milliseconds.
    var truncatedToMilliseconds: AuditEntry {
        var copy = self
        copy.at = Date(timeIntervalSince1970: (at.timeIntervalSince1970 * 1000).rounded() / 1000)
        return copy
    }
}
