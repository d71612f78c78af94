import Foundation
import SQLKit

/// The PostgreSQL role the application serves with, kept apart from the role that owns the schema and runs
/// migrations: it may read and write what serving needs, but it has no UPDATE, DELETE or TRUNCATE on the audit log, the
/// closed days' digests and the record of purges (等保 level 3: the audit trail is protected from the system's own account).
public enum DatabaseRoles {
    /// The statements that grant `role` what serving needs on the current schema and take back changing the audit
    /// trail. Run them as the schema's owner after each migration that adds tables (`mashang grant-app-role`).
    public static func applicationGrants(role: String, schema: String) -> [SQLQueryString] {
        [
            "GRANT USAGE, CREATE ON SCHEMA \(ident: schema) TO \(ident: role)",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \(ident: schema) TO \(ident: role)",
            "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA \(ident: schema) TO \(ident: role)",
            "REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, day_digests, audit_purges FROM \(ident: role)",
            // Old lines go only through the owner's purge function, which keeps the legal minimum and records the purge.
            "GRANT EXECUTE ON FUNCTION mashang_purge_audit(TEXT, BIGINT) TO \(ident: role)",
        ]
    }

    /// Grants `role` (which must exist) the application's rights on the database's current schema; returns the schema.
    @discardableResult
    public static func grantApplication(role: String, on backend: any SQLBackend) async throws -> String {
        try await backend.write { database in
            guard
                let schema = try await database.raw("SELECT current_schema() AS name").first()?.decode(column: "name", as: String?.self)
            else { throw CorruptRow(column: "current_schema", value: "NULL") }
            for statement in applicationGrants(role: role, schema: schema) { try await database.raw(statement).run() }
            return schema
        }
    }
}
