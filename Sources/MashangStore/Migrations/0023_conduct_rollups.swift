extension Migrations {
    /// Conduct rollups: what each ticket adds to the conduct figures per day and unit, and its replies for the
    /// boilerplate check, kept by the figures refresher so the conduct page no longer reads a bounded number of
    /// histories. Every ticket's facts are looked at again, which writes its marks.
    static let conductRollups = Migration(name: "0023_conduct_rollups") { flavor in
        let withoutRowID = flavor == .sqlite ? " WITHOUT ROWID" : ""
        return [
            """
            CREATE TABLE conduct_marks (ticket_id BIGINT NOT NULL REFERENCES tickets(id), day INTEGER NOT NULL,
                organization TEXT NOT NULL, department TEXT NOT NULL, kind TEXT NOT NULL, n INTEGER NOT NULL,
                PRIMARY KEY (ticket_id, day, organization, department, kind))\(withoutRowID)
            """,
            "CREATE INDEX conduct_marks_day ON conduct_marks (day, organization, kind)",
            """
            CREATE TABLE conduct_replies (ticket_id BIGINT NOT NULL REFERENCES tickets(id), sequence INTEGER NOT NULL,
                day INTEGER NOT NULL, organization TEXT NOT NULL, PRIMARY KEY (ticket_id, sequence))\(withoutRowID)
            """,
            "CREATE INDEX conduct_replies_day ON conduct_replies (day, organization)",
            "UPDATE ticket_facts SET recheck_at = 0",
        ]
    }
}
