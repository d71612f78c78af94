extension Migrations {
    /// One-time data tasks that have finished (so that start-up does not repeat their scans).
    static let createStoreTasks = Migration(name: "0013_store_tasks") { _ in
        ["CREATE TABLE store_tasks (name TEXT PRIMARY KEY, done_at BIGINT NOT NULL)"]
    }
}
