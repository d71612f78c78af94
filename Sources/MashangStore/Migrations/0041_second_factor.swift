extension Migrations {
    /// Administrators sign in with a second factor (issue 25; 等保 level 3 asks two factors of administrators): the
    /// TOTP secret (sealed with the data key), the last time step used (a code works once), the recovery codes'
    /// digests as a JSON array, and when the factor was enrolled. A password that was right but still waits for its
    /// code is a `login_challenges` row: good for five minutes and for nothing but the code page.
    static let secondFactor = Migration(name: "0041_second_factor") { _ in
        [
            "ALTER TABLE accounts ADD COLUMN totp_secret TEXT",
            "ALTER TABLE accounts ADD COLUMN totp_last_step BIGINT",
            "ALTER TABLE accounts ADD COLUMN totp_enrolled_at BIGINT",
            "ALTER TABLE accounts ADD COLUMN recovery_codes TEXT",
            """
            CREATE TABLE login_challenges (digest TEXT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts(id),
                proposed_secret TEXT, expires_at BIGINT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX login_challenges_expiry ON login_challenges (expires_at)",
        ]
    }
}
