extension Migrations {
    /// Attempts counted against the public and sign-in limits, shared by the nodes of a PostgreSQL deployment (SQLite,
    /// one process, keeps them in memory and leaves the table empty).
    static let rateLimitHits = Migration(name: "0029_rate_limit_hits") { _ in
        [
            "CREATE TABLE rate_limit_hits (key TEXT NOT NULL, at BIGINT NOT NULL)",
            "CREATE INDEX rate_limit_hits_key ON rate_limit_hits (key, at)",
        ]
    }
}
