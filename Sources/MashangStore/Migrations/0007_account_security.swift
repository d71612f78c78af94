extension Migrations {
    /// Sign-in lockout with back-off, and scoped API tokens.
    static let secureAccounts = Migration(name: "0007_account_security") { _ in
        [
            "ALTER TABLE accounts ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE accounts ADD COLUMN locked_until BIGINT",
            "ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write'",
        ]
    }
}
