extension Migrations {
    /// Truthful figures: ratings recorded by the handling chain (自评) are counted apart, and lateness is worked out from
    /// the limits instead of the sweeper's notices, with the moment a running limit falls due kept so the ticket's facts
    /// are looked at again then. Every ticket's facts are counted afresh by the refresher after this migration.
    static let truthfulFigures = Migration(name: "0020_truthful_figures") { _ in
        let selfRatings = ["self_satisfied", "self_basically_satisfied", "self_unsatisfied"]
        var statements: [String] = []
        for column in selfRatings {
            statements.append("ALTER TABLE ticket_facts ADD COLUMN \(column) INTEGER NOT NULL DEFAULT 0")
            statements.append("ALTER TABLE figure_counts ADD COLUMN \(column) BIGINT NOT NULL DEFAULT 0")
            statements.append("ALTER TABLE figure_months ADD COLUMN \(column) BIGINT NOT NULL DEFAULT 0")
        }
        return statements + [
            "ALTER TABLE ticket_facts ADD COLUMN recheck_at BIGINT",
            "CREATE INDEX ticket_facts_recheck ON ticket_facts (recheck_at) WHERE recheck_at IS NOT NULL",
            "DELETE FROM figure_counts",
            "DELETE FROM figure_months",
            "DELETE FROM ticket_facts",
            "UPDATE tickets SET figures_version = 0",
        ]
    }
}
