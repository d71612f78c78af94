extension Migrations {
    /// On PostgreSQL, the lists' indexes carry the other list filters' columns (`INCLUDE`), so that a filtered page
    /// and its count are index-only scans: an organisation within a grid deep in its pages took 21 ms reading the
    /// table row by row, and its count a sequential scan of 59 ms, at 291,000 tickets; 4 ms and 5 ms now
    /// (docs/benchmarks.md). SQLite's were widened by 0033.
    static let postgresCoveringListIndexes = Migration(name: "0034_postgres_covering_list_indexes") { flavor in
        guard flavor == .postgres else { return [] }
        let indexes = [
            ("tickets_status", "status, id", "lead_org, category, area"),
            ("tickets_lead_status", "lead_org, status, id", "category, area"),
            ("tickets_lead", "lead_org, id", "status, category, area"),
            ("tickets_category", "category, id", "status, lead_org, area"),
            ("tickets_area", "area, id", "status, lead_org, category"),
        ]
        return indexes.flatMap { name, key, included in
            ["DROP INDEX \(name)", "CREATE INDEX \(name) ON tickets (\(key)) INCLUDE (\(included))"]
        }
    }
}
