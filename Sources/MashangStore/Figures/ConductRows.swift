import Foundation
import MashangCore
import SQLKit

/// The conduct rollups: `conduct_marks` (per ticket, day, unit and figure or base) and `conduct_replies` (the reply
/// events, per day and the unit that held the ticket), replaced for a ticket whenever the figures refresher works out
/// its facts again. The conduct page sums them, so it is exact at any volume without reading histories.
enum ConductRows {
    static let markColumns = ["ticket_id", "day", "organization", "department", "kind", "n"]
    static let replyColumns = ["ticket_id", "sequence", "day", "organization"]

    /// Replaces the marks of some tickets.
    static func replace(_ items: [(id: Int64, marks: ConductMarks)], on database: any SQLDatabase) async throws {
        for start in stride(from: 0, to: items.count, by: 1000) {
            let ids = items[start..<min(items.count, start + 1000)].map(\.id)
            try await database.raw("DELETE FROM conduct_marks WHERE ticket_id IN (\(binds: ids))").run()
            try await database.raw("DELETE FROM conduct_replies WHERE ticket_id IN (\(binds: ids))").run()
        }
        var marks: [[any Encodable & Sendable]] = [], replies: [[any Encodable & Sendable]] = []
        for item in items {
            for (place, figures) in item.marks.figures {
                for figure in figures {
                    marks.append([item.id, place.day, place.organization, place.department ?? "", figure.rawValue, 1])
                }
            }
            for (place, bases) in item.marks.bases {
                for (base, count) in bases {
                    marks.append([item.id, place.day, place.organization, place.department ?? "", base.rawValue, count])
                }
            }
            replies += item.marks.replies.map { [item.id, $0.sequence, $0.day, $0.organization] }
        }
        try await SQLRows.insert(into: "conduct_marks", columns: markColumns, rows: marks, on: database)
        try await SQLRows.insert(into: "conduct_replies", columns: replyColumns, rows: replies, on: database)
    }

    /// The conduct report over the days `from...to`, for every unit or one organisation's.
    static func report(
        from: ChinaDay, to: ChinaDay, organization: String?, boilerplateLimit: Int, cipher: ContactCipher,
        on database: any SQLDatabase
    ) async throws -> ConductReport {
        let unit: SQLQueryString = organization.map { " AND m.organization = \(bind: $0)" } ?? ""
        let days: SQLQueryString = "m.day >= \(bind: from.index) AND m.day <= \(bind: to.index)"
        let figures = ConductReport.Figure.allCases.map(\.rawValue), bases = ConductMarks.Base.allCases.map(\.rawValue)
        var builder = ConductReport.Builder()
        for row in try await database.raw(
            """
            SELECT m.organization, m.department, m.kind, SUM(m.n) AS n FROM conduct_marks m
            WHERE \(days)\(unit) AND m.kind IN (\(binds: bases)) GROUP BY m.organization, m.department, m.kind
            """
        ).all() {
            guard let base = ConductMarks.Base(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            builder.add(
                base, count: Int(try row.decode(column: "n", as: Int64.self)),
                organization: try row.decode(column: "organization", as: String.self),
                department: department(try row.decode(column: "department", as: String.self)))
        }
        for row in try await database.raw(
            """
            SELECT DISTINCT m.organization, m.department, m.kind, t.number FROM conduct_marks m JOIN tickets t ON t.id = m.ticket_id
            WHERE \(days)\(unit) AND m.kind IN (\(binds: figures))
            """
        ).all() {
            guard let figure = ConductReport.Figure(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            builder.add(
                figure, ticket: try row.decode(column: "number", as: String.self),
                organization: try row.decode(column: "organization", as: String.self),
                department: department(try row.decode(column: "department", as: String.self)))
        }
        let (compared, total) = try await replies(
            from: from, to: to, organization: organization, limit: boilerplateLimit, cipher: cipher,
            on: database)
        var report = builder.report(boilerplate: ConductReport.boilerplateReplies(compared))
        report.repliesCompared = compared.values.reduce(0) { $0 + $1.count }
        report.repliesInPeriod = total
        return report
    }

    /// Each organisation's newest replies in the period, up to the bound, and how many there were in all.
    private static func replies(
        from: ChinaDay, to: ChinaDay, organization: String?, limit: Int, cipher: ContactCipher,
        on database: any SQLDatabase
    ) async throws -> ([String: [(text: String, ticket: String)]], Int) {
        let unit: SQLQueryString = organization.map { " AND r.organization = \(bind: $0)" } ?? ""
        let days: SQLQueryString = "r.day >= \(bind: from.index) AND r.day <= \(bind: to.index)"
        let total = try await database.raw("SELECT COUNT(*) AS n FROM conduct_replies r WHERE \(days)\(unit)").first()
        let decoder = JSONDecoder()
        var result: [String: [(text: String, ticket: String)]] = [:]
        for row in try await database.raw(
            """
            SELECT x.organization, x.number, e.payload FROM (
                SELECT r.ticket_id, r.sequence, r.organization, t.number,
                       ROW_NUMBER() OVER (PARTITION BY r.organization ORDER BY r.day DESC, t.number DESC, r.sequence DESC) AS position
                FROM conduct_replies r JOIN tickets t ON t.id = r.ticket_id WHERE \(days)\(unit)
            ) x JOIN ticket_events e ON e.ticket_id = x.ticket_id AND e.sequence = x.sequence
            WHERE x.position <= \(bind: limit)
            ORDER BY x.organization, x.position
            """
        ).all() {
            let change = try cipher.opened(
                decoder.decode(TicketChange.self, from: Data(try row.decode(column: "payload", as: String.self).utf8)))
            guard case .replied(let reply) = change else { continue }
            result[try row.decode(column: "organization", as: String.self), default: []]
                .append((reply.text, try row.decode(column: "number", as: String.self)))
        }
        return (result, Int(try total?.decode(column: "n", as: Int64.self) ?? 0))
    }

    private static func department(_ stored: String) -> String? { stored.isEmpty ? nil : stored }
}
