extension Migrations {
    /// Audit lines are kept as long as the retention setting says (at least six months, by default three years) and
    /// then purged a closed day at a time (issue 25). Each purge is a row of `audit_purges`, append-only like the
    /// digests, so that `mashang verify` knows which days' audit lines are gone by design; the closed days' digests
    /// keep their audit counts and heads for ever. On PostgreSQL the application's role has no DELETE on the log: it
    /// purges through `mashang_purge_audit`, which runs with the owner's rights and refuses a day that is not closed
    /// or younger than 183 days.
    static let auditRetention = Migration(name: "0040_audit_retention") { flavor in
        let table = "CREATE TABLE audit_purges (through_day TEXT PRIMARY KEY, lines BIGINT NOT NULL, purged_at BIGINT NOT NULL)"
        switch flavor {
        case .sqlite:
            return [
                table,
                "CREATE TRIGGER audit_purges_no_update BEFORE UPDATE ON audit_purges BEGIN SELECT RAISE(ABORT, 'audit_purges is append-only'); END",
                "CREATE TRIGGER audit_purges_kept BEFORE DELETE ON audit_purges BEGIN SELECT RAISE(ABORT, 'audit_purges is append-only'); END",
            ]
        case .postgres:
            return [
                table,
                """
                CREATE TRIGGER audit_purges_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_purges
                FOR EACH STATEMENT EXECUTE FUNCTION mashang_append_only()
                """,
                """
                CREATE FUNCTION mashang_purge_audit(through TEXT, purged_at BIGINT) RETURNS BIGINT
                LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
                DECLARE purged BIGINT;
                BEGIN
                    IF through > to_char((now() AT TIME ZONE 'Asia/Shanghai')::date - 184, 'YYYY-MM-DD') THEN
                        RAISE EXCEPTION 'audit lines are kept at least 183 days' USING ERRCODE = 'insufficient_privilege';
                    END IF;
                    IF NOT EXISTS (SELECT 1 FROM day_digests WHERE day = through) THEN
                        RAISE EXCEPTION 'day % is not closed', through USING ERRCODE = 'insufficient_privilege';
                    END IF;
                    DELETE FROM audit_log WHERE day <= through;
                    GET DIAGNOSTICS purged = ROW_COUNT;
                    INSERT INTO audit_purges (through_day, lines, purged_at) VALUES (through, purged, purged_at);
                    RETURN purged;
                END $$
                """,
                "REVOKE EXECUTE ON FUNCTION mashang_purge_audit(TEXT, BIGINT) FROM PUBLIC",
            ]
        }
    }
}
