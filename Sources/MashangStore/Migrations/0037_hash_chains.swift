extension Migrations {
    /// Tamper-evident history (issue 25): each ticket event and audit line keeps its predecessor's hash and its own,
    /// and each China day closes with a digest over both chains (`ChainHash`, docs/integrity.md). Rows written before
    /// this are chained once when the database opens (`SQLIntegrityStore.chainLegacyRows`).
    static let hashChains = Migration(name: "0037_hash_chains") { _ in
        [
            "ALTER TABLE ticket_events ADD COLUMN content_digest TEXT",
            "ALTER TABLE ticket_events ADD COLUMN prev_hash TEXT",
            "ALTER TABLE ticket_events ADD COLUMN hash TEXT",
            "ALTER TABLE audit_log ADD COLUMN day TEXT",
            "ALTER TABLE audit_log ADD COLUMN prev_hash TEXT",
            "ALTER TABLE audit_log ADD COLUMN hash TEXT",
            "CREATE INDEX audit_log_day ON audit_log (day, id)",
            """
            CREATE TABLE day_digests (day TEXT PRIMARY KEY, previous TEXT NOT NULL, events BIGINT NOT NULL,
                events_root TEXT NOT NULL, audit_lines BIGINT NOT NULL, audit_head TEXT NOT NULL, digest TEXT NOT NULL,
                closed_at BIGINT NOT NULL)
            """,
        ]
    }
}
