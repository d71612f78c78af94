extension Migrations {
    /// The audit log and the closed days' digests are append-only (issue 25): a line is never updated (except to chain
    /// one written before the chains existed) and never deleted while younger than the legal minimum of 183 days
    /// (Cybersecurity Law art. 21: six months); a digest is never changed. On PostgreSQL the application's own role
    /// is also given no UPDATE or DELETE on them (`DatabaseRoles`); these triggers hold for every role that has not
    /// dropped them, and dropping them does not hide a change from `mashang verify`.
    static let appendOnlyAudit = Migration(name: "0038_append_only_audit") { flavor in
        switch flavor {
        case .sqlite:
            [
                """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log WHEN OLD.hash IS NOT NULL
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """,
                """
                CREATE TRIGGER audit_log_kept BEFORE DELETE ON audit_log
                WHEN OLD.at > (CAST(strftime('%s', 'now') AS INTEGER) - 15811200) * 1000
                BEGIN SELECT RAISE(ABORT, 'audit lines are kept at least 183 days'); END
                """,
                "CREATE TRIGGER day_digests_no_update BEFORE UPDATE ON day_digests BEGIN SELECT RAISE(ABORT, 'day_digests is append-only'); END",
                "CREATE TRIGGER day_digests_kept BEFORE DELETE ON day_digests BEGIN SELECT RAISE(ABORT, 'day_digests is append-only'); END",
            ]
        case .postgres:
            [
                """
                CREATE FUNCTION mashang_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD.hash IS NULL THEN RETURN NEW; END IF;
                    IF TG_OP = 'DELETE' AND OLD.at <= (EXTRACT(EPOCH FROM now())::bigint - 15811200) * 1000 THEN RETURN OLD; END IF;
                    RAISE EXCEPTION 'audit_log is append-only (lines are kept at least 183 days)' USING ERRCODE = 'insufficient_privilege';
                END $$
                """,
                """
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION mashang_audit_append_only()
                """,
                """
                CREATE FUNCTION mashang_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
                END $$
                """,
                "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION mashang_append_only()",
                """
                CREATE TRIGGER day_digests_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON day_digests
                FOR EACH STATEMENT EXECUTE FUNCTION mashang_append_only()
                """,
            ]
        }
    }
}
