extension Migrations {
    /// 2026-11: browser sessions of the staff pages.
    static let createSessions = Migration(name: "0002_sessions") { _ in
        [
            """
            CREATE TABLE sessions (digest TEXT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts(id),
                csrf_token TEXT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX sessions_expiry ON sessions (expires_at)",
        ]
    }
}
