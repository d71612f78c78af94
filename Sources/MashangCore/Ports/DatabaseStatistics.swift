/// What a database driver reports about its own work, for `/metrics`; nil where that database has no such thing.
/// Counts marked "since start" only grow while the process runs.
public struct DatabaseStatistics: Sendable, Equatable {
    /// SQLite: writes waiting for the single writer now.
    public var queuedWrites: Int?
    /// SQLite: transactions the writer committed since start, each a group of one or more writes.
    public var writeGroups: Int?
    /// SQLite: writes those groups carried since start (divided by `writeGroups`: the mean group size).
    public var groupedWrites: Int?
    /// SQLite: the size of the write-ahead log file in bytes.
    public var walBytes: Int?
    /// PostgreSQL: connections asked of the pool since start.
    public var poolRequests: Int?
    /// PostgreSQL: requests waiting for a pooled connection now.
    public var poolWaiting: Int?
    /// PostgreSQL: seconds requests spent waiting for a pooled connection since start.
    public var poolWaitSeconds: Double?

    public init() {}
}
