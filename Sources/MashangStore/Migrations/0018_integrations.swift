extension Migrations {
    /// Connected systems: API keys scoped to an organisation (only digests stored), and the categories' questions
    /// (JSON), which Open311 publishes as service definitions.
    static let createIntegrations = Migration(name: "0018_integrations") { flavor in
        let serial = flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        return [
            "ALTER TABLE categories ADD COLUMN questions TEXT NOT NULL DEFAULT '[]'",
            """
            CREATE TABLE api_keys (id \(serial), name TEXT NOT NULL, organization TEXT NOT NULL, digest TEXT NOT NULL UNIQUE,
                prefix TEXT NOT NULL, created_at BIGINT NOT NULL, created_by TEXT NOT NULL, revoked_at BIGINT, last_used_at BIGINT)
            """,
        ]
    }
}
