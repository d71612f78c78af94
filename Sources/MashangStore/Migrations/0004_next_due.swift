extension Migrations {
    /// 2026-11: the earliest due date of a ticket's open tasks, for "due soon" and "overdue" on the desk. Tickets
    /// untouched since get it with their next action.
    static let addNextDue = Migration(name: "0004_next_due") { _ in
        [
            "ALTER TABLE tickets ADD COLUMN next_due TEXT",
            "CREATE INDEX tickets_next_due ON tickets (next_due)",
        ]
    }
}
