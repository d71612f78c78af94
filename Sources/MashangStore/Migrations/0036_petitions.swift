extension Migrations {
    /// A ticket registered as a 信访事项 keeps its registration moment in its row, so that the petition figures and the
    /// repeat check read the petitions alone (issue 24). Partial index: few requests are petitions.
    static let petitions = Migration(name: "0036_petitions") { _ in
        [
            "ALTER TABLE tickets ADD COLUMN petition_at BIGINT",
            "CREATE INDEX tickets_petition_at ON tickets (petition_at) WHERE petition_at IS NOT NULL",
        ]
    }
}
