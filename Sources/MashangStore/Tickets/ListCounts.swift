import Foundation
import MashangCore
import Synchronization

/// Totals of ticket lists, remembered per filter until tickets change. A list's later pages (and a full first page)
/// count the matching rows up to `TicketPage.countLimit` — thousands of rows read for a number that only changes
/// when a ticket does. Each database has its own (in its `TicketCaches`). A write that moves a ticket between lists calls
/// `ticketsChanged()` inside its transaction, and `TicketCaches.write` calls it again once the transaction has committed
/// (`afterCommit`), so that no total counted in between is kept; either moves `generation` on, which forgets every
/// total. A total is also kept no longer than `lifetime`, so that writes by other nodes on the same PostgreSQL show
/// within that time.
public final class ListCounts: Sendable {
    static let lifetime: Duration = .seconds(2)
    static let capacity = 2_000

    private struct Entry {
        let generation: Int
        let at: ContinuousClock.Instant
        let total: Int
    }

    private let generation = Atomic<Int>(0)
    private let entries = Mutex<[TicketQuery: Entry]>([:])

    /// Called inside a write that may change which tickets match a filter.
    func ticketsChanged() {
        generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
    }

    /// Runs a write transaction (`commit` returns once it has committed) and, when the write changed lists, forgets
    /// the totals again: one counted between the change and the commit saw the old rows. (Another write changing
    /// lists meanwhile only costs a recount.)
    func afterCommit<T>(_ commit: () async throws -> T) async rethrows -> T {
        let before = current
        let result = try await commit()
        if current != before { ticketsChanged() }
        return result
    }

    /// The generation to pass back to `remember`, taken before counting.
    var current: Int { generation.load(ordering: .sequentiallyConsistent) }

    func total(for query: TicketQuery) -> Int? {
        let key = Self.key(query)
        let now = ContinuousClock.now
        let current = self.current
        return entries.withLock { entries in
            guard let entry = entries[key], entry.generation == current, now - entry.at < Self.lifetime else { return nil }
            return entry.total
        }
    }

    /// Keeps a total counted while `generation` was current (a write during the count makes it stale at once).
    func remember(_ total: Int, for query: TicketQuery, generation: Int) {
        let key = Self.key(query)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(generation: generation, at: ContinuousClock.now, total: total)
        }
    }

    /// What decides which lists a ticket is in: the columns `TicketFilterSQL` filters on and the parties that scope
    /// lists. A change that leaves it as it was (a deadline warning, a note, a contact recorded) leaves every total as
    /// it was — the deadline sweeper writes thousands of those when a backlog falls due, and forgetting the totals on
    /// each made every list page count its rows again (a tenth of the list's throughput).
    struct Membership: Equatable {
        let status: TicketStatus
        let leadOrganization: String
        let department: String?
        let category: String
        let area: String
        let channel: Channel
        let kind: TicketKind
        let phone: String?
        let nextDue: String?
        let description: String
        let receivedAt: Date
        let parties: Set<String>

        init(_ state: TicketState) {
            status = state.status
            leadOrganization = state.leadOrganization
            department = state.department
            category = state.category
            area = state.area
            channel = state.channel
            kind = state.kind
            phone = state.requester.phone
            nextDue = state.nextDue
            description = state.description
            receivedAt = state.receivedAt
            parties = state.parties
        }
    }

    /// The filter without what does not change the total.
    private static func key(_ query: TicketQuery) -> TicketQuery {
        var key = query
        key.page = 1
        key.pageSize = 0
        key.oldestFirst = false
        key.dueFirst = false
        return key
    }
}
