extension Migrations {
    /// On SQLite, the indexes a desk list can be driven by hold the other list filters' columns, in intake order within
    /// each value, so that the list planner (`SQLiteListPlan`) walks the smallest one and checks the rest without
    /// reading the table. PostgreSQL keeps its indexes: its planner combines them with its own statistics.
    static let coveringListIndexes = Migration(name: "0033_covering_list_indexes") { flavor in
        guard flavor == .sqlite else { return [] }
        return [
            "DROP INDEX tickets_lead",
            "CREATE INDEX tickets_lead ON tickets (lead_org, id, status, category, area)",
            "DROP INDEX tickets_category",
            "CREATE INDEX tickets_category ON tickets (category, id, status, lead_org, area)",
            "DROP INDEX tickets_area",
            "CREATE INDEX tickets_area ON tickets (area, id, status, lead_org, category)",
        ]
    }
}
