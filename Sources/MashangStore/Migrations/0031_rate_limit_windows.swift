extension Migrations {
    /// One row per rate-limited key on PostgreSQL, with its attempts of the last hour, so that an attempt is one
    /// statement (an upsert that locks just that key's row) instead of a transaction of five. `UNLOGGED`: attempts are
    /// not worth a WAL flush each, and a crash or a fail-over that forgets the last hour's attempts only resets limits.
    /// SQLite keeps attempts in memory (one process) and needs neither table.
    static let rateLimitWindows = Migration(name: "0031_rate_limit_windows") { flavor in
        flavor == .postgres
            ? [
                "DROP TABLE rate_limit_hits",
                """
                CREATE UNLOGGED TABLE rate_limit_windows (
                    key TEXT PRIMARY KEY, hits BIGINT[] NOT NULL, last_at BIGINT NOT NULL, recorded BOOLEAN NOT NULL)
                """,
            ]
            : ["DROP TABLE rate_limit_hits"]
    }
}
