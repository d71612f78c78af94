import MashangCore
import SQLKit

/// The two databases Mashang runs on; SQL differences branch on this inside the store only.
public enum SQLFlavor: String, Sendable {
    case sqlite, postgres
}

/// Transactions and reads over one database. Implementations: `SQLiteBackend` (one group-committing writer,
/// WAL readers) and `PostgresBackend` (a connection pool).
public protocol SQLBackend: Sendable {
    var flavor: SQLFlavor { get }

    /// Runs `work` inside a transaction and returns only after it has committed. If `work` throws, none of its
    /// writes are kept and the error is rethrown.
    func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs read-only `work` against committed data.
    func read<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs a short, bounded read-only `work` — rows found through an index: a token, a ticket by its number, one
    /// page of a list and its count capped at `TicketPage.countLimit` — where the database can do it without a hop
    /// between threads. It must not take long: it may hold a thread that serves requests. `read` where a database
    /// has nothing faster.
    func lookup<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    func close() async throws

    /// The driver's own figures for `/metrics`; cheap, read on every scrape.
    func statistics() -> DatabaseStatistics
}

extension SQLBackend {
    public func lookup<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await read(work)
    }
}
