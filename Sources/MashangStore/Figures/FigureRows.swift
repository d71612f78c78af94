import Foundation
import MashangCore
import SQLKit

/// Rows of the figures tables. Column names come from `FigureMeasure` (constants of the program, never input).
enum FigureRows {
    static let measureColumns = FigureMeasure.allCases.map(\.column)

    /// `SUM(received) AS received, …` in the order of `FigureMeasure.allCases`.
    static let sums = SQLQueryString(measureColumns.map { "CAST(SUM(\($0)) AS BIGINT) AS \($0)" }.joined(separator: ", "))

    static func counts(_ row: any SQLRow) throws -> FigureCounts {
        FigureCounts(values: try measureColumns.map { try row.decode(column: $0, as: Int64?.self) ?? 0 })
    }

    /// Adds counts to a counters table: new rows are inserted, existing ones incremented.
    static func addCounts(_ counts: [FigureKey: FigureCounts], table: String, on database: any SQLDatabase) async throws {
        guard !counts.isEmpty else { return }
        let increments = measureColumns.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ")
        // In one order on PostgreSQL, so that two refreshes' row locks cannot deadlock; SQLite has one writer.
        let ordered =
            database.dialect.name == "sqlite"
            ? Array(counts)
            : counts.sorted {
                ($0.key.scope, $0.key.day, $0.key.dimension, $0.key.value) < ($1.key.scope, $1.key.day, $1.key.dimension, $1.key.value)
            }
        let rows: [[any Encodable & Sendable]] = ordered.map { key, counts in
            [key.scope, key.day, key.dimension, key.value] + counts.values.map { $0 as any Encodable & Sendable }
        }
        try await SQLRows.insert(
            into: table, columns: ["scope", "day", "dimension", "value"] + measureColumns, rows: rows,
            onConflict: "(scope, day, dimension, value) DO UPDATE SET \(increments)", on: database)
    }

    static let factColumns =
        [
            "ticket_id", "version", "received_day", "channel", "kind", "category", "area", "organization",
            "department", "tier", "scopes",
        ] + FigureMeasure.ticketFlags.map(\.column)
        + ["sign_seconds", "contact_seconds", "close_seconds", "recheck_at"]

    static func upsertFacts(_ items: [(id: Int64, version: Int, facts: TicketFacts)], on database: any SQLDatabase) async throws {
        let rows: [[any Encodable & Sendable]] = items.map { item in
            let facts = item.facts
            var row: [any Encodable & Sendable] = [
                item.id, item.version, facts.receivedDay.index, facts.channel.rawValue, facts.kind.rawValue,
                facts.category, facts.area, facts.organization, facts.department ?? "",
                facts.tier.rawValue, facts.scopes.joined(separator: " "),
            ]
            row += FigureMeasure.ticketFlags.map { facts.flags.contains($0) ? 1 : 0 }
            row += [facts.signSeconds, facts.contactSeconds, facts.closeSeconds]
            // One millisecond past the due time, so the look is never early.
            row.append(facts.recheckAt.map { StoreTime.milliseconds($0) + 1 })
            return row
        }
        let updates = factColumns.dropFirst().map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        try await SQLRows.insert(
            into: "ticket_facts", columns: factColumns, rows: rows, onConflict: "(ticket_id) DO UPDATE SET \(updates)",
            on: database)
    }

    /// The stored facts of some tickets, with the version they were worked out at.
    static func facts(ids: [Int64], on database: any SQLDatabase) async throws -> [Int64: (version: Int, facts: TicketFacts)] {
        var result: [Int64: (version: Int, facts: TicketFacts)] = [:]
        for start in stride(from: 0, to: ids.count, by: 1000) {
            let chunk = Array(ids[start..<min(ids.count, start + 1000)])
            for row in try await database.raw("SELECT * FROM ticket_facts WHERE ticket_id IN (\(binds: chunk))").all() {
                result[try row.decode(column: "ticket_id", as: Int64.self)] = (
                    try row.decode(column: "version", as: Int.self), try facts(row)
                )
            }
        }
        return result
    }

    static func facts(_ row: any SQLRow) throws -> TicketFacts {
        func value<E: RawRepresentable>(_ column: String, _ type: E.Type) throws -> E where E.RawValue == String {
            let raw = try row.decode(column: column, as: String.self)
            guard let value = E(rawValue: raw) else { throw CorruptRow(column: column, value: raw) }
            return value
        }
        let department = try row.decode(column: "department", as: String.self)
        return TicketFacts(
            receivedDay: ChinaDay(index: try row.decode(column: "received_day", as: Int.self)),
            channel: try value("channel", Channel.self), kind: try value("kind", TicketKind.self),
            category: try row.decode(column: "category", as: String.self), area: try row.decode(column: "area", as: String.self),
            organization: try row.decode(column: "organization", as: String.self), department: department.isEmpty ? nil : department,
            tier: try value("tier", Tier.self),
            scopes: try row.decode(column: "scopes", as: String.self).split(separator: " ").map(String.init),
            flags: Set(try FigureMeasure.ticketFlags.filter { try row.decode(column: $0.column, as: Int.self) != 0 }),
            signSeconds: try row.decode(column: "sign_seconds", as: Int?.self),
            contactSeconds: try row.decode(column: "contact_seconds", as: Int?.self),
            closeSeconds: try row.decode(column: "close_seconds", as: Int?.self),
            recheckAt: try row.decode(column: "recheck_at", as: Int64?.self).map(StoreTime.date))
    }

    /// Adds a table's rows of `scope` with `first <= day <= last` to `totals`, per dimension and value.
    static func sum(
        table: String, scope: String, first: Int, last: Int, dimensions: [String]?, into totals: inout FigureTotals,
        on database: any SQLDatabase
    ) async throws {
        guard first <= last else { return }
        let only: SQLQueryString = dimensions.map { "AND dimension IN (\(binds: $0))" } ?? ""
        let rows = try await database.raw(
            """
            SELECT dimension, value, \(sums) FROM \(ident: table)
            WHERE scope = \(bind: scope) AND day >= \(bind: first) AND day <= \(bind: last) \(only) GROUP BY dimension, value
            """
        ).all()
        for row in rows {
            totals.add(
                dimension: try row.decode(column: "dimension", as: String.self), value: try row.decode(column: "value", as: String.self),
                try counts(row))
        }
    }

    static func all(table: String, on database: any SQLDatabase) async throws -> [FigureKey: FigureCounts] {
        let columns = SQLQueryString(measureColumns.joined(separator: ", "))
        var result: [FigureKey: FigureCounts] = [:]
        for row in try await database.raw("SELECT scope, day, dimension, value, \(columns) FROM \(ident: table)").all() {
            let counts = try counts(row)
            guard !counts.isZero else { continue }
            result[
                FigureKey(
                    scope: try row.decode(column: "scope", as: String.self), day: try row.decode(column: "day", as: Int.self),
                    dimension: try row.decode(column: "dimension", as: String.self),
                    value: try row.decode(column: "value", as: String.self))] = counts
        }
        return result
    }

    /// The WHERE clause over `ticket_facts f` for a drill-down; every value bound.
    static func selection(_ query: FigureQuery, flavor: SQLFlavor) -> SQLQueryString {
        var conditions: [SQLQueryString] = ["f.received_day >= \(bind: query.from.index) AND f.received_day <= \(bind: query.to.index)"]
        if query.scope != TicketFacts.allScope {
            let find: SQLQueryString = flavor == .sqlite ? "instr" : "strpos"
            conditions.append("\(find)(' ' || f.scopes || ' ', \(bind: " " + query.scope + " ")) > 0")
        }
        let column: String? =
            switch query.dimension {
            case .total, .areaCategory: nil
            case .channel: "channel"
            case .kind: "kind"
            case .category: "category"
            case .area: "area"
            case .organization: "organization"
            case .department: "department"
            case .tier: "tier"
            }
        if let column { conditions.append("f.\(unsafeRaw: column) = \(bind: query.value)") }
        if query.dimension == .areaCategory {
            let parts = query.value.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            conditions.append("f.area = \(bind: parts.first ?? "") AND f.category = \(bind: parts.count > 1 ? parts[1] : "")")
        }
        if !query.measures.isEmpty {
            conditions.append(
                "(" + query.measures.map { "f.\(unsafeRaw: $0.column) = 1" as SQLQueryString }.joined(separator: " OR ") + ")")
        }
        return conditions.joined(separator: " AND ")
    }
}
