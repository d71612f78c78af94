extension Migrations {
    /// SQLite: the two indexes most lists are read from also hold the columns lists filter on. A list of one status in
    /// an area (or of an organisation's status in a category) is read in list order from the index, and an entry that
    /// does not match is passed over there, without a seek into the table for each (at 1,000,000 tickets a fifth page
    /// reads some 500 entries for its 20 rows). `id` is named so that the order by id still follows the equality
    /// columns. PostgreSQL keeps its (…, id) indexes: it has no such deferred row lookup to save.
    static let widenListIndexes = Migration(name: "0019_list_filter_indexes") { flavor in
        guard flavor == .sqlite else { return [] }
        return [
            "DROP INDEX tickets_lead_status",
            "CREATE INDEX tickets_lead_status ON tickets (lead_org, status, id, category, area)",
            "DROP INDEX tickets_status",
            "CREATE INDEX tickets_status ON tickets (status, id, lead_org, category, area)",
        ]
    }
}
