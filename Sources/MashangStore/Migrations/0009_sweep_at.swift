extension Migrations {
    /// When the deadline sweeper should next look at a ticket; set to the change time by every write.
    static let addSweepAt = Migration(name: "0009_sweep_at") { _ in
        [
            "ALTER TABLE tickets ADD COLUMN sweep_at BIGINT",
            "UPDATE tickets SET sweep_at = updated_at WHERE status NOT IN ('closed', 'rejected', 'merged')",
            "CREATE INDEX tickets_sweep ON tickets (sweep_at)",
        ]
    }
}
