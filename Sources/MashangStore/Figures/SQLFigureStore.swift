import Foundation
import MashangCore
import SQLKit

/// The figures' rollups: `ticket_facts` (one row per ticket) and the counters `figure_counts` (per day) and
/// `figure_months` (per month), per scope, dimension and value. `refresh` brings them up to date with tickets that
/// changed since it last looked, outside the requests that change tickets, so that intake is not slowed by them.
public struct SQLFigureStore: FigureStore {
    let backend: any SQLBackend
    let cipher: ContactCipher

    /// Only one node refreshes a schema's rollups at a time on PostgreSQL.
    static let lockKey = 0x6d73_6667

    /// Takes the refresh lock for the rest of the transaction, if free. Advisory locks belong to the whole database,
    /// so the schema is part of the key: Mashang instances in other schemas (and parallel tests) never wait for it.
    static func tryRefreshLock(on database: any SQLDatabase) async throws -> Bool {
        let row = try await database.raw(
            """
            SELECT pg_try_advisory_xact_lock(\(literal: lockKey), hashtext(current_schema())) AS locked
            """
        ).first()
        return try row?.decode(column: "locked", as: Bool.self) == true
    }

    /// New tickets' facts and list rows, filled by the ticket store.
    let caches: TicketCaches

    public init(backend: any SQLBackend, cipher: ContactCipher, caches: TicketCaches = TicketCaches()) {
        self.backend = backend
        self.cipher = cipher
        self.caches = caches
    }

    /// Brings the rollups up to date for up to `limit` changed tickets, and for tickets whose lateness has changed by
    /// `now` (a running limit fell due); returns how many it looked at (0: all done, or another node is refreshing).
    @discardableResult
    public func refresh(limit: Int = 500, at now: Date = Date()) async throws -> Int {
        try await refreshBatch(limit: limit, at: now) ?? 0
    }

    /// Like `refresh`, but nil when another node holds the refresh lock (PostgreSQL).
    func refreshBatch(limit: Int, at now: Date, rules: Rules? = nil) async throws -> Int? {
        guard let batch = try await prepareBatch(limit: limit, at: now, after: nil, rules: rules) else { return 0 }
        return try await write(batch)
    }

    /// What facts are worked out with: the reference data (tiers) and the calendar and time policy (limits).
    struct Rules: Sendable {
        var reference: ReferenceData
        var time: TimeRules
    }

    /// Tickets worked out, ready to be written: their facts and conduct marks, and every id the write looks at.
    struct PreparedBatch: Sendable {
        var pending: [Int64]
        var fresh: [(id: Int64, version: Int, facts: TicketFacts, conduct: ConductMarks)]
        /// The highest lagging id taken: the next batch of a catch-up starts after it.
        var lastLagging: Int64?
        /// The rules it was worked out with, for the batches after it.
        var rules: Rules
    }

    /// Reads and works out up to `limit` lagging tickets (with ids above `after`, when given) and, without `after`,
    /// the tickets whose lateness turned by `now`; nil when there is nothing to do. Reads only, so a catch-up prepares
    /// the next batch while this one is written. `rules` are read when not given (and only when there is work).
    func prepareBatch(limit: Int, at now: Date, after: Int64?, rules given: Rules? = nil) async throws -> PreparedBatch? {
        let cipher = self.cipher
        let nowMilliseconds = StoreTime.milliseconds(now)
        let (lagging, due) = try await backend.read { database in
            let from: SQLQueryString = after.map { "AND id > \(bind: $0)" } ?? ""
            let lagging = try await database.raw(
                """
                SELECT id, version FROM tickets WHERE figures_version <> version \(from) ORDER BY id LIMIT \(literal: limit)
                """
            ).all().map { (id: try $0.decode(column: "id", as: Int64.self), version: try $0.decode(column: "version", as: Int.self)) }
            guard after == nil else { return (lagging, [Int64]()) }
            // Facts whose lateness turns by itself: looked at again however long ago the ticket last changed.
            let due = try await database.raw(
                """
                SELECT ticket_id FROM ticket_facts WHERE recheck_at IS NOT NULL AND recheck_at <= \(bind: nowMilliseconds)
                ORDER BY recheck_at LIMIT \(literal: limit)
                """
            ).all().map { try $0.decode(column: "ticket_id", as: Int64.self) }
            return (lagging, due)
        }
        guard !lagging.isEmpty || !due.isEmpty else { return nil }
        let laggingIDs = Set(lagging.map(\.id))
        let pending = lagging.map(\.id) + due.filter { !laggingIDs.contains($0) }
        // History and facts are read and worked out before the write, so the single SQLite writer is held briefly;
        // tickets this process has just created bring their facts with them (`freshFacts`: no limit runs yet).
        let known = caches.freshFacts
        let rules: Rules
        if let given {
            rules = given
        } else {
            rules = Rules(
                reference: try await SQLReferenceStore(backend: backend).referenceData(),
                time: try await SQLCalendarStore(backend: backend).timeRules())
        }
        let reference = rules.reference
        let remembered = lagging.compactMap { ticket in
            known.value(for: ticket.id, version: ticket.version).map { facts in
                var facts = facts
                // Received only: its tier is the level of the unit holding it.
                facts.tier = reference.level(organization: facts.organization, department: facts.department)
                return (id: ticket.id, version: ticket.version, facts: facts)
            }
        }
        let rememberedIDs = Set(remembered.map(\.id))
        let unknown = pending.filter { !rememberedIDs.contains($0) }
        let loaded =
            unknown.isEmpty
            ? []
            : try await backend.read { database in
                try await SQLTicketStore.loadMany(ids: unknown, cipher: cipher, on: database)
            }
        // A ticket just received has no conduct marks yet; the others' limits are worked out once for both.
        let fresh =
            remembered.map { (id: $0.id, version: $0.version, facts: $0.facts, conduct: ConductMarks()) }
            + zip(unknown, loaded).map { id, ticket in
                let deadlines = rules.time.deadlines(of: ticket)
                return (
                    id: id, version: ticket.state.version,
                    facts: TicketFacts(
                        ticket, lateness: Lateness.of(deadlines, at: now), tier: ResolutionTier.of(ticket, reference: reference)),
                    conduct: ConductMarks.of(ticket, deadlines: deadlines, at: now)
                )
            }
        return PreparedBatch(pending: pending, fresh: fresh, lastLagging: lagging.last?.id, rules: rules)
    }

    /// Writes a prepared batch into the rollups; nil when another node holds the refresh lock (PostgreSQL).
    func write(_ batch: PreparedBatch) async throws -> Int? {
        let flavor = backend.flavor
        return try await backend.write { database in
            if flavor == .postgres, try await !Self.tryRefreshLock(on: database) { return nil }
            let stored = try await FigureRows.facts(ids: batch.pending, on: database)
            var delta: [FigureKey: FigureCounts] = [:]
            var changed: [(id: Int64, version: Int, facts: TicketFacts)] = [], conduct: [(id: Int64, marks: ConductMarks)] = []
            for item in batch.fresh {
                // An older reading never replaces a newer one; the same version is worked out again for its lateness.
                if let previous = stored[item.id], previous.version > item.version { continue }
                delta.add(.delta(from: stored[item.id]?.facts.contributions ?? [:], to: item.facts.contributions))
                changed.append((item.id, item.version, item.facts))
                conduct.append((item.id, item.conduct))
            }
            try await FigureRows.addCounts(delta, table: "figure_counts", on: database)
            try await FigureRows.addCounts(Self.monthly(delta), table: "figure_months", on: database)
            try await FigureRows.upsertFacts(changed, on: database)
            try await ConductRows.replace(conduct, on: database)
            // A ticket that changed again meanwhile keeps lagging and is looked at next time.
            for start in stride(from: 0, to: batch.fresh.count, by: 1000) {
                let values = batch.fresh[start..<min(batch.fresh.count, start + 1000)]
                    .map { "(\(bind: $0.id), \(bind: $0.version))" as SQLQueryString }.joined(separator: ", ")
                try await database.raw(
                    """
                    UPDATE tickets SET figures_version = v.column2 FROM (VALUES \(values)) AS v
                    WHERE tickets.id = v.column1 AND tickets.version = v.column2
                    """
                ).run()
            }
            return batch.fresh.count
        }
    }

    /// Refreshes until nothing lags; returns how many tickets it looked at. A backlog (after an upgrade or an import)
    /// is worked through in id order with the next batch read and worked out while the current one is written, so
    /// the database's writer and the cores that decode histories work side by side; then the usual passes pick up
    /// what changed meanwhile and the limits that fell due. A cancelled task (the server shutting down) stops between
    /// batches: each batch is its own transaction, and what is not written yet lags until the next pass, so a restart
    /// does not wait for a backlog of a million tickets.
    @discardableResult
    public func refreshAll(batch: Int = 1000, at now: Date = Date()) async throws -> Int {
        var total = 0
        // The rules are read once for the call, not for every batch.
        var next = Task.isCancelled ? nil : try await prepareBatch(limit: batch, at: now, after: 0)
        let rules = next?.rules
        while let current = next {
            async let following = prepareBatch(limit: batch, at: now, after: current.lastLagging ?? .max, rules: current.rules)
            guard let done = try await write(current) else {
                _ = try await following
                break  // Another node is refreshing: the passes below wait their turn.
            }
            total += done
            next = try await following
            if Task.isCancelled { return total }
        }
        while !Task.isCancelled {
            guard let done = try await refreshBatch(limit: batch, at: now, rules: rules) else {
                // Another node is refreshing: wait for its batch, then go on (it may leave work for us).
                try await Task.sleep(for: .milliseconds(20))
                continue
            }
            if done == 0 { return total }
            total += done
        }
        return total
    }

    /// Small on SQLite, where each batch is one write on the single writer that requests queue behind; large on
    /// PostgreSQL, where a batch blocks no request and upserts the day and month counters its tickets touch whatever
    /// their number, so larger batches rewrite those rows less often (docs/benchmarks.md).
    public var backgroundBatch: Int { backend.flavor == .sqlite ? 250 : 2000 }

    /// How many tickets changed since the rollups last looked at them.
    public func lag() async throws -> Int {
        try await backend.read { database in
            let row = try await database.raw("SELECT COUNT(*) AS n FROM tickets WHERE figures_version <> version").first()
            return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
        }
    }

    public static func monthly(_ daily: [FigureKey: FigureCounts]) -> [FigureKey: FigureCounts] {
        var months: [FigureKey: FigureCounts] = [:]
        var monthOfDay: [Int: Int] = [:]
        for (key, counts) in daily {
            let month = monthOfDay[key.day] ?? ChinaDay(index: key.day).monthKey
            monthOfDay[key.day] = month
            let monthKey = FigureKey(scope: key.scope, day: month, dimension: key.dimension, value: key.value)
            months[monthKey] = (months[monthKey] ?? FigureCounts()) + counts
        }
        return months.filter { !$0.value.isZero }
    }

    // MARK: - Reading

    /// The counts of a scope over the days `from...to`, per dimension and value: whole months from the monthly rows,
    /// the days before and after them from the daily rows.
    /// - Parameter dimensions: only these dimensions (nil: all).
    public func counts(scope: String, from: ChinaDay, to: ChinaDay, dimensions: [String]? = nil) async throws -> FigureTotals {
        let firstWholeMonth = from == from.firstOfMonth ? from : from.addingMonths(1).firstOfMonth
        let afterLastWholeMonth = to.adding(1).firstOfMonth
        return try await backend.read { database in
            var totals = FigureTotals()
            if firstWholeMonth < afterLastWholeMonth {
                try await FigureRows.sum(
                    table: "figure_months", scope: scope, first: firstWholeMonth.monthKey,
                    last: afterLastWholeMonth.addingMonths(-1).monthKey, dimensions: dimensions, into: &totals, on: database)
                try await FigureRows.sum(
                    table: "figure_counts", scope: scope, first: from.index, last: firstWholeMonth.index - 1,
                    dimensions: dimensions, into: &totals, on: database)
                try await FigureRows.sum(
                    table: "figure_counts", scope: scope, first: afterLastWholeMonth.index, last: to.index,
                    dimensions: dimensions, into: &totals, on: database)
            } else {
                try await FigureRows.sum(
                    table: "figure_counts", scope: scope, first: from.index, last: to.index, dimensions: dimensions,
                    into: &totals, on: database)
            }
            return totals
        }
    }

    /// Day-by-day totals of a scope over `from...to` (days without requests left out).
    public func daily(scope: String, from: ChinaDay, to: ChinaDay) async throws -> [Int: FigureCounts] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT day, \(FigureRows.sums) FROM figure_counts
                WHERE scope = \(bind: scope) AND dimension = 'total' AND day >= \(bind: from.index) AND day <= \(bind: to.index)
                GROUP BY day
                """
            ).all().reduce(into: [:]) { result, row in
                result[try row.decode(column: "day", as: Int.self)] = try FigureRows.counts(row)
            }
        }
    }

    /// Every counter row of the daily table (for the recount check).
    public func allDailyCounts() async throws -> [FigureKey: FigureCounts] {
        try await backend.read { database in try await FigureRows.all(table: "figure_counts", on: database) }
    }

    public func allMonthlyCounts() async throws -> [FigureKey: FigureCounts] {
        try await backend.read { database in try await FigureRows.all(table: "figure_months", on: database) }
    }

    /// The rollups as a full recount from every ticket's history would make them: what `allDailyCounts` must equal.
    public func recount(at now: Date = Date()) async throws -> [FigureKey: FigureCounts] {
        let cipher = self.cipher
        let rules = try await SQLCalendarStore(backend: backend).timeRules()
        let reference = try await SQLReferenceStore(backend: backend).referenceData()
        return try await backend.read { database in
            let ids = try await database.raw("SELECT id FROM tickets ORDER BY id").all().map { try $0.decode(column: "id", as: Int64.self) }
            var result: [FigureKey: FigureCounts] = [:]
            for start in stride(from: 0, to: ids.count, by: 1000) {
                let tickets = try await SQLTicketStore.loadMany(
                    ids: Array(ids[start..<min(ids.count, start + 1000)]), cipher: cipher, on: database)
                for ticket in tickets { result.add(TicketFacts(ticket, rules: rules, reference: reference, at: now).contributions) }
            }
            return result.filter { !$0.value.isZero }
        }
    }

    // MARK: - Conduct

    /// The conduct figures over the days `from...to` from the rollups, for every unit (nil) or one organisation's.
    /// - Parameter boilerplateLimit: replies compared per organisation for boilerplate, the newest first.
    public func conduct(
        from: ChinaDay, to: ChinaDay, organization: String?,
        boilerplateLimit: Int = ConductReport.boilerplateLimit
    ) async throws -> ConductReport {
        let cipher = self.cipher
        return try await backend.read { database in
            try await ConductRows.report(
                from: from, to: to, organization: organization, boilerplateLimit: boilerplateLimit, cipher: cipher,
                on: database)
        }
    }

    /// The conduct figures as a full recount from every ticket's history would make them: what `conduct` must equal.
    public func recountConduct(from: ChinaDay, to: ChinaDay, organization: String?, at now: Date = Date()) async throws -> ConductReport {
        let cipher = self.cipher
        let rules = try await SQLCalendarStore(backend: backend).timeRules()
        // Histories are read 1,000 at a time, like `recount`, so that memory stays flat at any volume.
        return try await backend.read { database in
            let ids = try await database.raw("SELECT id FROM tickets ORDER BY id").all().map { try $0.decode(column: "id", as: Int64.self) }
            var recount = ConductReport.Recount(from: from, to: to, organization: organization, at: now)
            for start in stride(from: 0, to: ids.count, by: 1000) {
                for ticket in try await SQLTicketStore.loadMany(
                    ids: Array(ids[start..<min(ids.count, start + 1000)]), cipher: cipher, on: database)
                {
                    recount.add(ticket, deadlines: rules.deadlines(of: ticket))
                }
            }
            return recount.report()
        }
    }

    // MARK: - Drill-down

    /// The tickets behind a figure, newest first, with their exact number.
    public func tickets(matching query: FigureQuery) async throws -> TicketPage {
        let selection = FigureRows.selection(query, flavor: backend.flavor)
        let pageSize = min(max(1, query.pageSize), TicketQuery.maxPageSize), page = max(1, query.page)
        let summaries = caches.summaries
        return try await backend.read { database in
            let countRow = try await database.raw("SELECT COUNT(*) AS n FROM ticket_facts f WHERE \(selection)").first()
            let total = Int(try countRow?.decode(column: "n", as: Int64.self) ?? 0)
            let items = try await TicketProjection.summaries(
                """
                SELECT \(TicketProjection.summaryColumns) FROM ticket_facts f JOIN tickets t ON t.id = f.ticket_id WHERE \(selection)
                ORDER BY f.received_day DESC, f.ticket_id DESC LIMIT \(literal: pageSize) OFFSET \(literal: (page - 1) * pageSize)
                """, on: database, cache: summaries)
            return TicketPage(items: items, total: total, totalIsLowerBound: false, page: page, pageSize: pageSize)
        }
    }

    // MARK: - Settings

    public func definitions() async throws -> FigureDefinitions {
        try await backend.read { database in
            guard let row = try await database.raw("SELECT value FROM figure_settings WHERE name = 'definitions'").first() else {
                return .standard
            }
            let text = try row.decode(column: "value", as: String.self)
            return (try? JSONDecoder().decode(FigureDefinitions.self, from: Data(text.utf8))) ?? .standard
        }
    }

    public func setDefinitions(_ definitions: FigureDefinitions) async throws {
        let text = String(decoding: try SQLTicketStore.encoder.encode(definitions), as: UTF8.self)
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO figure_settings (name, value) VALUES ('definitions', \(bind: text))
                ON CONFLICT (name) DO UPDATE SET value = excluded.value
                """
            ).run()
        }
    }
}
