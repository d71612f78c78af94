extension Migrations {
    /// Whole-policy settings of the sweeper: escalation wait and follow-up period.
    static let createSupervisionSettings = Migration(name: "0012_supervision_settings") { _ in
        ["CREATE TABLE supervision_settings (name TEXT PRIMARY KEY, value INTEGER NOT NULL)"]
    }
}
