extension Migrations {
    /// 2026-11: the append-only audit log.
    static let createAuditLog = Migration(name: "0005_audit_log") { flavor in
        [
            """
            CREATE TABLE audit_log (id \(flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"), at BIGINT NOT NULL,
                actor TEXT NOT NULL, organization TEXT, action TEXT NOT NULL, subject TEXT NOT NULL, address TEXT NOT NULL,
                detail TEXT NOT NULL)
            """,
            "CREATE INDEX audit_log_at ON audit_log (at)",
            "CREATE INDEX audit_log_action ON audit_log (action, at)",
        ]
    }
}
