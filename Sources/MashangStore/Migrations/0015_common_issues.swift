extension Migrations {
    /// Common issues (共性问题) handled once at the source, and their member tickets.
    static let createCommonIssues = Migration(name: "0015_common_issues") { flavor in
        [
            """
            CREATE TABLE common_issues (id \(flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"), title TEXT NOT NULL,
                category TEXT NOT NULL, area TEXT NOT NULL, organization TEXT NOT NULL, department TEXT, status TEXT NOT NULL,
                answer TEXT, created_by TEXT NOT NULL, created_at BIGINT NOT NULL, answered_by TEXT, answered_at BIGINT)
            """,
            "CREATE INDEX common_issues_organization ON common_issues (organization, created_at)",
            "CREATE INDEX common_issues_created ON common_issues (created_at)",
            """
            CREATE TABLE common_issue_tickets (issue_id BIGINT NOT NULL REFERENCES common_issues(id), position INTEGER NOT NULL,
                number TEXT NOT NULL UNIQUE, PRIMARY KEY (issue_id, position))
            """,
        ]
    }
}
