extension Migrations {
    /// Figures: one facts row per ticket and per-day counters per scope and dimension, kept up to date by a worker
    /// that picks up tickets whose `figures_version` lags their `version` (a partial index finds them).
    static let createFigures = Migration(name: "0014_figures") { flavor in
        // Written out (not derived from `FigureMeasure`) so that the migration stays frozen.
        let flagNames = [
            "received", "responded", "responded_on_time", "contacted", "closed", "closed_answered", "closed_unrated",
            "satisfied", "basically_satisfied", "unsatisfied", "overdue", "bounced",
        ]
        let sums = ["sign_count", "sign_seconds", "contact_count", "contact_seconds", "close_count", "close_seconds"]
        let flags = flagNames.map { "\($0) INTEGER NOT NULL" }.joined(separator: ", ")
        let measures = (flagNames + sums).map { "\($0) BIGINT NOT NULL" }.joined(separator: ", ")
        return [
            "ALTER TABLE tickets ADD COLUMN figures_version INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX tickets_figures_pending ON tickets (id) WHERE figures_version <> version",
            """
            CREATE TABLE ticket_facts (ticket_id BIGINT PRIMARY KEY, version INTEGER NOT NULL, received_day INTEGER NOT NULL,
                channel TEXT NOT NULL, kind TEXT NOT NULL, category TEXT NOT NULL, area TEXT NOT NULL, organization TEXT NOT NULL,
                department TEXT NOT NULL, tier TEXT NOT NULL, scopes TEXT NOT NULL, \(flags),
                sign_seconds BIGINT, contact_seconds BIGINT, close_seconds BIGINT)
            """,
            "CREATE INDEX ticket_facts_day ON ticket_facts (received_day, ticket_id)",
            """
            CREATE TABLE figure_counts (scope TEXT NOT NULL, day INTEGER NOT NULL, dimension TEXT NOT NULL, value TEXT NOT NULL,
                \(measures), PRIMARY KEY (scope, day, dimension, value))\(flavor == .sqlite ? " WITHOUT ROWID" : "")
            """,
            "CREATE INDEX figure_counts_series ON figure_counts (scope, dimension, day)",
            // The same per month (`day` holds yyyymm): a year's dashboard adds 12 rows per value instead of 365.
            """
            CREATE TABLE figure_months (scope TEXT NOT NULL, day INTEGER NOT NULL, dimension TEXT NOT NULL, value TEXT NOT NULL,
                \(measures), PRIMARY KEY (scope, day, dimension, value))\(flavor == .sqlite ? " WITHOUT ROWID" : "")
            """,
            "CREATE INDEX figure_months_series ON figure_months (scope, dimension, day)",
            "CREATE TABLE figure_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]
    }
}
