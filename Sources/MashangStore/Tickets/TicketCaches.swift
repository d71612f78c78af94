import MashangCore
import SQLKit

/// What the stores over one database remember about tickets between requests, owned by the stores that fill and read
/// them (`MashangDatabase` gives the ticket, figure and common-issue stores the same one) rather than by the driver.
public final class TicketCaches: Sendable {
    /// List totals per filter, forgotten by ticket writes (`ListCounts`).
    public let listCounts = ListCounts()
    /// The figures' facts of tickets this process has just created, by row id and version: the figures refresher
    /// takes them from here instead of loading and decoding each new ticket's history again.
    public let freshFacts = VersionedCache<Int64, TicketFacts>(capacity: 16_384)
    /// List rows made before, by row id and version (`TicketProjection.summary`): staff lists show the same open
    /// tickets again and again, and making each row's values again was a tenth of a list page's time.
    public let summaries = VersionedCache<Int64, TicketSummary>(capacity: 4_096)
    /// Tickets per value of the columns a SQLite list can be driven by (`SQLiteListPlan`).
    public let listStatistics = ListStatistics()

    public init() {}

    /// A write transaction that may move tickets between lists: once it has committed, the list totals counted while it
    /// ran are forgotten again (`ListCounts.afterCommit`).
    func write<T: Sendable>(
        on backend: any SQLBackend,
        _ work: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await listCounts.afterCommit { try await backend.write(work) }
    }
}
