import Foundation
import MashangCore
import Synchronization

/// The collaborators the application is built from; tests pass a pinned clock and a cheap password cost.
public struct AppDependencies: Sendable {
    public var stores: Stores
    public var clock: @Sendable () -> Date
    public var passwords: PasswordHasher
    public var reference: ReferenceCache
    public var changes: TicketChanges
    public var limiter: RateLimiter
    public var calendar: CalendarCache
    /// Tickets' state and history as the API encodes them, by number and version (`TicketDetailView`). As many as the
    /// store keeps loaded tickets (the same working set: the tickets staff have open); at a few KB each, at most ~16 MB.
    /// At a quarter of that, reads spread over the 2,000 newest tickets encoded most of them again (9,530 reads/s
    /// against 13,558 at 1 M tickets, docs/benchmarks.md).
    public let encodedTickets = VersionedCache<String, Data>(capacity: 4_096)
    /// List items as the API encodes them, by number and version (`TicketPageView`): staff lists show the same open
    /// tickets again and again, and writing an item's JSON was a tenth of a list page's time. ~1 KB each, ≤ 4 MB.
    public let encodedSummaries = VersionedCache<String, [UInt8]>(capacity: 4_096)

    public init(
        stores: Stores, clock: @escaping @Sendable () -> Date = { Date() },
        passwords: PasswordHasher = PasswordHasher(), reference: ReferenceCache, changes: TicketChanges = TicketChanges(),
        limiter: RateLimiter? = nil, calendar: CalendarCache = CalendarCache()
    ) {
        self.calendar = calendar
        self.changes = changes
        self.limiter = limiter ?? RateLimiter(store: stores.rateLimits)
        self.stores = stores
        self.clock = clock
        self.passwords = passwords
        self.reference = reference
    }

    /// Loads the reference data from the database.
    public static func load(
        stores: Stores, clock: @escaping @Sendable () -> Date = { Date() },
        passwords: PasswordHasher = PasswordHasher()
    ) async throws -> AppDependencies {
        let cache = ReferenceCache()
        try await cache.reload(from: stores.reference)
        let calendar = CalendarCache()
        try await calendar.reload(from: stores.calendar)
        return AppDependencies(stores: stores, clock: clock, passwords: passwords, reference: cache, calendar: calendar)
    }
}

/// Reference data and compiled dispatch rules, read on every request and replaced as a whole on reload.
public final class ReferenceCache: Sendable {
    public struct Snapshot: Sendable {
        public var data: ReferenceData
        public var rules: DispatchRuleSet
    }

    private let current: Mutex<Snapshot>

    public init() {
        current = Mutex(
            Snapshot(
                data: .empty, rules: try! DispatchRuleSet(rules: [], categoryTree: CodeTree(parents: []), areaTree: CodeTree(parents: []))))
    }

    public var snapshot: Snapshot { current.withLock { $0 } }

    /// Reloads from the store; a rule set with ties or unknown codes is refused and the old snapshot kept.
    public func reload(from store: some ReferenceStore) async throws {
        let data = try await store.referenceData()
        let rules = try DispatchRuleSet(rules: try await store.dispatchRules(), categoryTree: data.categoryTree, areaTree: data.areaTree)
        current.withLock { $0 = Snapshot(data: data, rules: rules) }
    }
}
