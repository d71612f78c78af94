import Foundation
import MashangCore
import SQLKit

/// `IntegrityStore` over SQL: walks the hash chains of ticket histories and audit days, and closes days into
/// `day_digests`.
public struct SQLIntegrityStore: IntegrityStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    /// Problems reported at most: past this a database is plainly not to be trusted and the list would only grow.
    static let problemLimit = 200

    public func verify(from: ChinaDay?) async throws -> IntegrityReport {
        var report = IntegrityReport()
        var hashesByDay: [String: [String]] = [:]
        try await verifyTickets(from: from, into: &report, hashesByDay: &hashesByDay)
        // Days up to the last purge have no audit lines by design (`AuditRetention`); the purge itself must be attested.
        let horizon = try await backend.read { database -> (day: String, problem: IntegrityProblem?)? in
            guard let day = try await Self.purgeHorizon(on: database) else { return nil }
            return (day, try await Self.unattestedPurge(day, on: database))
        }
        if let problem = horizon?.problem { report.add(problem) }
        var audit: [String: (lines: Int, head: String)] = [:]
        try await verifyAudit(from: from, into: &report, days: &audit)
        try await verifyDays(from: from, into: &report, hashesByDay: hashesByDay, audit: audit, purgedThrough: horizon?.day ?? "")
        return report
    }

    public func eventChains(numbers: [String]) async throws -> [String: [EventChainLink]] {
        guard !numbers.isEmpty else { return [:] }
        return try await backend.read { database in
            var chains: [String: [EventChainLink]] = [:]
            for start in stride(from: 0, to: numbers.count, by: 500) {
                for row in try await database.raw(
                    """
                    SELECT t.number, e.sequence, e.type, e.actor, e.actor_org, e.occurred_at, e.payload, e.content_digest, e.prev_hash, e.hash
                    FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
                    WHERE t.number IN (\(binds: Array(numbers[start..<min(start + 500, numbers.count)]))) ORDER BY t.number, e.sequence
                    """
                ).all() {
                    let event = try ChainedEvent(row)
                    chains[try row.decode(column: "number", as: String.self), default: []].append(
                        EventChainLink(
                            sequence: event.sequence, type: event.type, actor: event.actor, actorOrg: event.actorOrg,
                            occurredAt: event.occurredAt, contentDigest: event.contentDigest, prevHash: event.prevHash, hash: event.hash,
                            payload: event.payload))
                }
            }
            return chains
        }
    }

    public func verifyTicket(number: String) async throws -> TicketChainCheck? {
        try await backend.read { database in
            guard
                let row = try await database.raw("SELECT id, version FROM tickets WHERE number = \(bind: number)").first()
            else { return nil }
            let events = try await database.raw(
                """
                SELECT \(ChainedEvent.columns) FROM ticket_events
                WHERE ticket_id = \(bind: try row.decode(column: "id", as: Int64.self)) ORDER BY sequence
                """
            ).all().map(ChainedEvent.init)
            let problem = ChainWalk.ticket(number: number, version: try row.decode(column: "version", as: Int.self), events: events)
            return TicketChainCheck(events: events.count, head: events.last?.hash ?? "", problem: problem)
        }
    }

    // MARK: - Tickets

    /// Walks every ticket with an event on or after `from`, 500 tickets a read, and collects the hashes of the
    /// events of each day from `from` for the day digests.
    private func verifyTickets(from: ChinaDay?, into report: inout IntegrityReport, hashesByDay: inout [String: [String]])
        async throws
    {
        var after: Int64 = 0
        let since: SQLQueryString =
            from.map {
                " AND id IN (SELECT ticket_id FROM ticket_events WHERE occurred_at >= \(bind: StoreTime.milliseconds($0.start)))"
            } ?? ""
        let firstDay = from.map { StoreTime.milliseconds($0.start) } ?? Int64.min
        while true {
            let (tickets, events) = try await backend.read { [after] database in
                let tickets = try await database.raw(
                    "SELECT id, number, version FROM tickets WHERE id > \(bind: after)\(since) ORDER BY id LIMIT 500"
                ).all().map {
                    (
                        id: try $0.decode(column: "id", as: Int64.self), number: try $0.decode(column: "number", as: String.self),
                        version: try $0.decode(column: "version", as: Int.self)
                    )
                }
                var events: [Int64: [ChainedEvent]] = [:]
                if !tickets.isEmpty {
                    for row in try await database.raw(
                        """
                        SELECT \(ChainedEvent.columns) FROM ticket_events
                        WHERE ticket_id IN (\(binds: tickets.map(\.id))) ORDER BY ticket_id, sequence
                        """
                    ).all() {
                        events[try row.decode(column: "ticket_id", as: Int64.self), default: []].append(try ChainedEvent(row))
                    }
                }
                return (tickets, events)
            }
            guard let last = tickets.last else { return }
            after = last.id
            for ticket in tickets {
                let history = events[ticket.id] ?? []
                report.tickets += 1
                report.events += history.count
                if let problem = ChainWalk.ticket(number: ticket.number, version: ticket.version, events: history) {
                    report.add(problem)
                }
                for event in history where event.occurredAt >= firstDay {
                    hashesByDay[Self.day(ofMilliseconds: event.occurredAt), default: []].append(event.hash ?? "")
                }
            }
        }
    }

    // MARK: - Audit log

    /// Walks each day's audit chain from `from`, 5,000 lines a read, and notes each day's count and head.
    private func verifyAudit(from: ChinaDay?, into report: inout IntegrityReport, days: inout [String: (lines: Int, head: String)])
        async throws
    {
        // Lines without a day were not written by the application; they are read first and reported.
        let undated = try await backend.read { database in
            try await database.raw("SELECT * FROM audit_log WHERE day IS NULL ORDER BY id LIMIT 100").all().map(ChainedAuditLine.init)
        }
        for line in undated { report.add(IntegrityProblem(.inserted, "audit line \(line.id)", "no day and no chain hash")) }
        var cursor = (day: from?.description ?? "", id: Int64(0))
        var current: [ChainedAuditLine] = []
        func finish(_ lines: [ChainedAuditLine], report: inout IntegrityReport) {
            guard let day = lines.first?.day else { return }
            report.auditLines += lines.count
            days[day] = (lines.count, lines.last?.hash ?? "")
            if let problem = ChainWalk.auditDay(lines) { report.add(problem) }
        }
        while true {
            let batch = try await backend.read { [cursor] database in
                try await database.raw(
                    """
                    SELECT * FROM audit_log WHERE day > \(bind: cursor.day) OR (day = \(bind: cursor.day) AND id > \(bind: cursor.id))
                    ORDER BY day, id LIMIT 5000
                    """
                ).all().map(ChainedAuditLine.init)
            }
            guard let last = batch.last else { break }
            cursor = (last.day ?? "", last.id)
            for line in batch {
                if let day = current.first?.day, day != line.day {
                    finish(current, report: &report)
                    current = []
                }
                current.append(line)
            }
        }
        finish(current, report: &report)
    }

    // MARK: - Days

    /// Recomputes each closed day from `from` out of what the chains gave, and checks the days chain without gaps.
    private func verifyDays(
        from: ChinaDay?, into report: inout IntegrityReport, hashesByDay: [String: [String]],
        audit: [String: (lines: Int, head: String)], purgedThrough: String
    ) async throws {
        let start = from?.description ?? ""
        let (stored, before) = try await backend.read { database in
            let stored = try await database.raw("SELECT * FROM day_digests WHERE day >= \(bind: start) ORDER BY day").all()
                .map(Self.dayDigest)
            let before = try await database.raw(
                "SELECT * FROM day_digests WHERE day < \(bind: start) ORDER BY day DESC LIMIT 1"
            ).first().map(Self.dayDigest)
            return (stored, before)
        }
        var previous = before
        for digest in stored {
            report.closedDays += 1
            let name = "day \(digest.day)"
            if let previous, let day = ChinaDay(previous.day)?.adding(1).description, day != digest.day {
                report.add(IntegrityProblem(.dayChanged, "day \(day)", "its digest is missing: the closed days jump to \(digest.day)"))
            }
            let hashes = hashesByDay[digest.day] ?? []
            let purged = digest.day <= purgedThrough
            let lines = purged ? (lines: digest.auditLines, head: digest.auditHead) : audit[digest.day] ?? (0, "")
            if purged, let found = audit[digest.day] {
                report.add(IntegrityProblem(.inserted, name, "\(found.lines) audit lines where all were purged"))
            }
            // The first day ever closed follows no day; a day after `from` follows the one closed before it.
            let expected = previous?.digest ?? (from == nil ? "" : digest.previous)
            if digest.previous != expected {
                report.add(IntegrityProblem(.dayChanged, name, "it is not chained to the day before"))
            } else if hashes.count != digest.events || ChainHash.eventsRoot(hashes) != digest.eventsRoot {
                report.add(
                    IntegrityProblem(
                        .dayChanged, name, "its ticket events differ from those closed: \(hashes.count) now, \(digest.events) then"))
            } else if lines.lines != digest.auditLines || lines.head != digest.auditHead {
                report.add(
                    IntegrityProblem(
                        .dayChanged, name, "its audit lines differ from those closed: \(lines.lines) now, \(digest.auditLines) then"))
            } else if Self.recomputed(digest) != digest.digest {
                report.add(IntegrityProblem(.dayChanged, name, "its digest does not recompute"))
            }
            previous = digest
        }
        report.lastDay = stored.last
    }

    // MARK: - Closing days

    public func closeDays(through lastDay: ChinaDay, at date: Date) async throws -> [DayDigest] {
        let flavor = backend.flavor
        var closed: [DayDigest] = []
        // A long backlog (the first close of an old database) is closed a month per transaction, so that the single
        // SQLite writer is never held for long.
        while true {
            let month = try await backend.write { database -> [DayDigest] in
                if flavor == .postgres { try await database.raw("SELECT pg_advisory_xact_lock(\(literal: Self.closeLock))").run() }
                let last = try await database.raw("SELECT * FROM day_digests ORDER BY day DESC LIMIT 1").first().map(Self.dayDigest)
                guard let first = try await Self.firstOpenDay(after: last, on: database), first <= lastDay else { return [] }
                let end = min(lastDay, first.adding(30))
                return try await Self.close(first...end, after: last, at: date, on: database)
            }
            guard !month.isEmpty else { return closed }
            closed += month
        }
    }

    /// The advisory lock key that lets one node at a time close days on PostgreSQL ("mashday").
    static let closeLock: Int64 = 0x6D_61_73_68_64_61_79

    /// The day after the last closed one; with none closed yet, the first day anything was recorded.
    private static func firstOpenDay(after last: DayDigest?, on database: any SQLDatabase) async throws -> ChinaDay? {
        if let last { return ChinaDay(last.day)?.adding(1) }
        let event = try await database.raw("SELECT MIN(occurred_at) AS first FROM ticket_events").first()?
            .decode(column: "first", as: Int64?.self)
        let line = try await database.raw("SELECT MIN(day) AS first FROM audit_log").first()?.decode(column: "first", as: String?.self)
        return [event.map(day(ofMilliseconds:)), line].compactMap { $0.flatMap(ChinaDay.init) }.min()
    }

    private static func close(_ days: ClosedRange<ChinaDay>, after last: DayDigest?, at date: Date, on database: any SQLDatabase)
        async throws -> [DayDigest]
    {
        var hashes: [String: [String]] = [:]
        for row in try await database.raw(
            """
            SELECT occurred_at, hash FROM ticket_events
            WHERE occurred_at >= \(bind: StoreTime.milliseconds(days.lowerBound.start))
              AND occurred_at < \(bind: StoreTime.milliseconds(days.upperBound.adding(1).start))
            """
        ).all() {
            hashes[day(ofMilliseconds: try row.decode(column: "occurred_at", as: Int64.self)), default: []]
                .append(try row.decode(column: "hash", as: String?.self) ?? "")
        }
        var audit: [String: (lines: Int, head: String)] = [:]
        for row in try await database.raw(
            """
            SELECT day, hash FROM audit_log WHERE day >= \(bind: days.lowerBound.description) AND day <= \(bind: days.upperBound.description)
            ORDER BY day, id
            """
        ).all() {
            let day = try row.decode(column: "day", as: String.self)
            audit[day] = ((audit[day]?.lines ?? 0) + 1, try row.decode(column: "hash", as: String?.self) ?? "")
        }
        var previous = last?.digest ?? ""
        var closed: [DayDigest] = []
        for index in days.lowerBound.index...days.upperBound.index {
            let day = ChinaDay(index: index).description
            let events = hashes[day] ?? [], lines = audit[day] ?? (0, "")
            var digest = DayDigest(
                day: day, previous: previous, events: events.count, eventsRoot: ChainHash.eventsRoot(events), auditLines: lines.lines,
                auditHead: lines.head, digest: "")
            digest.digest = recomputed(digest)
            try await database.raw(
                """
                INSERT INTO day_digests (day, previous, events, events_root, audit_lines, audit_head, digest, closed_at)
                VALUES (\(bind: day), \(bind: previous), \(bind: digest.events), \(bind: digest.eventsRoot), \(bind: digest.auditLines),
                        \(bind: digest.auditHead), \(bind: digest.digest), \(bind: StoreTime.milliseconds(date)))
                """
            ).run()
            previous = digest.digest
            closed.append(digest)
        }
        return closed
    }

    // MARK: - Rows

    static func recomputed(_ digest: DayDigest) -> String {
        ChainHash.day(
            digest.day, previous: digest.previous, events: digest.events, eventsRoot: digest.eventsRoot, auditLines: digest.auditLines,
            auditHead: digest.auditHead)
    }

    static func dayDigest(_ row: any SQLRow) throws -> DayDigest {
        DayDigest(
            day: try row.decode(column: "day", as: String.self), previous: try row.decode(column: "previous", as: String.self),
            events: try row.decode(column: "events", as: Int.self), eventsRoot: try row.decode(column: "events_root", as: String.self),
            auditLines: try row.decode(column: "audit_lines", as: Int.self),
            auditHead: try row.decode(column: "audit_head", as: String.self), digest: try row.decode(column: "digest", as: String.self))
    }

    /// The China day (`yyyy-MM-dd`) of a stored time.
    static func day(ofMilliseconds milliseconds: Int64) -> String {
        ChinaDay(StoreTime.date(milliseconds)).description
    }
}

extension IntegrityReport {
    mutating func add(_ problem: IntegrityProblem) {
        if problems.count < SQLIntegrityStore.problemLimit { problems.append(problem) }
    }
}
