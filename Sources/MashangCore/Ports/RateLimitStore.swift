import Foundation

/// Where attempts counted against a limit (public intake, tracking, sign-in) are kept: in the process for a single
/// node on SQLite, in the database for nodes sharing a PostgreSQL server, so that a client spreading its requests over
/// N nodes gets the limit once, not N times.
public protocol RateLimitStore: Sendable {
    /// The attempts recorded for `key` since `since`, oldest first.
    func hits(_ key: String, since: Date) async throws -> [Date]
    func record(_ key: String, at date: Date) async throws
    /// Atomically for `key` across nodes: the attempts since `since`, and a new one recorded at `date` when there
    /// were fewer than `attempts`.
    func attempt(_ key: String, attempts: Int, since: Date, at date: Date) async throws -> [Date]
}
