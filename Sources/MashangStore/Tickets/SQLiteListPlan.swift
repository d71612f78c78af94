import MashangCore
import SQLKit

/// How SQLite reads a ticket list in intake order. Without per-value statistics its planner walks whichever index
/// it guesses — often `tickets_status` through 940,000 closed tickets to find a rare category's 400 — and it sorts
/// every match of a parent category or a community (several index values) before taking a page. This plan walks the
/// covering index of the filter with the fewest tickets (`ListStatistics`), one branch per value merged in intake
/// order, checks the other filters from that index, and meets a text search by merging the full-text index's own
/// order with it, or by driving from the text when it matches far fewer tickets. The PostgreSQL planner, which has
/// statistics, reads the generic selection (`TicketFilterSQL.selection`).
struct SQLiteListPlan {
    typealias Driver = (column: ListColumn, values: [String], estimate: Int)

    static let maxBranches = 64

    private let conditions: TicketConditions
    private let driver: Driver?
    private let descending: Bool

    /// Nil for lists this plan does not serve: a party's own list (driven by its `ticket_parties` entries), the
    /// due-date order, no filter it can drive by (nor text), or a filter that nothing can match.
    init?(query: TicketQuery, statistics: ListStatistics.Snapshot) {
        guard query.scope.partyKey == nil, !query.dueFirst else { return nil }
        var conditions = TicketFilterSQL.conditions(for: query, flavor: .sqlite)
        guard conditions.columns.allSatisfy({ !$0.values.isEmpty }) else { return nil }
        // A value given twice would be two branches returning the same tickets.
        conditions.columns = conditions.columns.map { ($0.column, Self.distinct($0.values)) }
        // A filter of many values (a whole district's grids) is broad and would need a branch each (SQLite allows 500
        // in a compound): it is checked from another driver's index instead.
        driver = conditions.columns.filter { $0.values.count <= Self.maxBranches }
            .map { ($0.column, $0.values, statistics.estimate($0.column, $0.values)) }
            .min { $0.estimate < $1.estimate }
        guard driver != nil || conditions.textMatch != nil else { return nil }
        self.conditions = conditions
        descending = !query.oldestFirst
    }

    /// The matching ticket ids in list order: a `SELECT` of one column `id` that ends in its ORDER BY, so a LIMIT may
    /// follow. A text search may first count up to a bound of its matches to choose its way.
    func ids(on database: any SQLDatabase) async throws -> SQLQueryString {
        guard let match = conditions.textMatch else {
            guard let driver else { preconditionFailure("a plan has a driving filter or a text search") }
            return walked(driver)
        }
        guard let driver else { return textDriven(match) }
        // Driving from the text costs a table seek per match, merging costs a step per index entry on both sides:
        // the text drives when it matches fewer than a tenth of the driver's tickets.
        let bound = driver.estimate / 10
        if bound > 0, try await Self.matches(match, upTo: bound, on: database) < bound { return textDriven(match) }
        return """
            SELECT rowid AS id FROM ticket_search WHERE ticket_search MATCH \(bind: match)
            INTERSECT SELECT id FROM (\(walked(driver))) \(order)
            """
    }

    private var direction: String { descending ? "DESC" : "ASC" }
    private var order: SQLQueryString { "ORDER BY 1 \(unsafeRaw: direction)" }

    /// One branch per value of the driving column, each in intake order from its covering index, merged.
    private func walked(_ driver: Driver) -> SQLQueryString {
        let rest = conditions.filter(without: driver.column)
        let branches: [SQLQueryString] = driver.values.map { value in
            """
            SELECT t.id AS id FROM tickets t INDEXED BY \(unsafeRaw: driver.column.index)
            WHERE t.\(unsafeRaw: driver.column.rawValue) = \(bind: value) AND \(rest)
            """
        }
        return "\(branches.joined(separator: " UNION ALL ")) \(order)"
    }

    /// The full-text index's matches in its own (row id) order, each ticket's other filters read from its row.
    private func textDriven(_ match: String) -> SQLQueryString {
        """
        SELECT s.rowid AS id FROM ticket_search s CROSS JOIN tickets t ON t.id = s.rowid
        WHERE s.ticket_search MATCH \(bind: match) AND \(conditions.filter()) \(order)
        """
    }

    private static func matches(_ match: String, upTo bound: Int, on database: any SQLDatabase) async throws -> Int {
        let row = try await database.raw(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM ticket_search WHERE ticket_search MATCH \(bind: match) LIMIT \(literal: bound))"
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    private static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// The ids of one page and, unless `knownTotal` is given, the matches counted up to `countLimit + 1` — in one pass
    /// over the matches when the page lies within them.
    func page(
        offset: Int, size: Int, knownTotal: Int?, countLimit: Int, on database: any SQLDatabase
    ) async throws -> (ids: [Int64], total: Int) {
        let ids = try await self.ids(on: database)
        if knownTotal != nil || offset + size > countLimit + 1 {
            let rows = try await database.raw("\(ids) LIMIT \(bind: size) OFFSET \(bind: offset)").all()
            let page = try rows.map { try $0.decode(column: "id", as: Int64.self) }
            if let knownTotal { return (page, knownTotal) }
            let counted = try await database.raw("SELECT COUNT(*) AS n FROM (\(ids) LIMIT \(literal: countLimit + 1))").first()
            return (page, try counted?.decode(column: "n", as: Int.self) ?? 0)
        }
        let rows = try await database.raw(
            """
            WITH matched AS MATERIALIZED (\(ids) LIMIT \(literal: countLimit + 1))
            SELECT -1 AS id, COUNT(*) AS n FROM matched
            UNION ALL SELECT id, 0 AS n FROM (SELECT id FROM matched \(order) LIMIT \(bind: size) OFFSET \(bind: offset))
            """
        ).all()
        var page: [Int64] = [], total = 0
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self)
            if id == -1 { total = try row.decode(column: "n", as: Int.self) } else { page.append(id) }
        }
        page.sort { descending ? $0 > $1 : $0 < $1 }
        return (page, total)
    }

    /// The page's rows in list order.
    func summaries(
        of ids: [Int64], on database: any SQLDatabase, cache: VersionedCache<Int64, TicketSummary>
    ) async throws -> [TicketSummary] {
        guard !ids.isEmpty else { return [] }
        return try await TicketProjection.summaries(
            """
            SELECT \(TicketProjection.summaryColumns) FROM tickets t WHERE t.id IN (\(binds: ids))
            ORDER BY t.id \(unsafeRaw: direction)
            """, on: database, cache: cache)
    }
}
