/// One versioned schema change. Frozen once landed: never edit a migration, add a new one.
struct Migration: Sendable {
    /// Permanent name, recorded in `schema_migrations` when applied.
    let name: String
    let statements: @Sendable (SQLFlavor) -> [String]
}
