import Foundation
import MashangCore
import SQLKit

public struct SQLMechanismFigures: MechanismFigureStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) { self.backend = backend }

    /// Counts of one organisation's (as owner or party) records or all, whose day is in `[fromDay, toDay]`
    /// (`yyyy-MM-dd`; nil: no bound).
    public func counts(organization: String?, fromDay: String?, toDay: String?) async throws -> MechanismCounts {
        try await backend.read { database in try await Self.counts(organization: organization, fromDay: fromDay, toDay: toDay, on: database)
        }
    }

    /// The law-related tickets the `lawRelated` count counts (same organisation and days), newest day first, with their
    /// total.
    public func lawRelatedTickets(organization: String?, fromDay: String?, toDay: String?, limit: Int, offset: Int) async throws
        -> (tickets: [LawRelatedTicket], total: Int)
    {
        try await backend.read { database in
            var filter: SQLQueryString = "1 = 1"
            if let organization { filter = filter + " AND organization = \(bind: organization)" }
            if let fromDay { filter = filter + " AND day >= \(bind: fromDay)" }
            if let toDay { filter = filter + " AND day <= \(bind: toDay)" }
            let total =
                try await database.raw("SELECT COUNT(*) AS n FROM law_related_tickets WHERE \(filter)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let rows = try await database.raw(
                """
                SELECT number, source, organization, day FROM law_related_tickets WHERE \(filter)
                ORDER BY day DESC, number DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
                """
            ).all()
            return (
                try rows.map { row in
                    LawRelatedTicket(
                        number: try row.decode(column: "number", as: String.self),
                        source: try row.decode(column: "source", as: String.self),
                        organization: try row.decode(column: "organization", as: String.self),
                        day: try row.decode(column: "day", as: String.self))
                }, total
            )
        }
    }

    /// The period's counts and those since the beginning, in one read.
    public func periodAndTotal(organization: String?, fromDay: String, toDay: String) async throws -> (
        period: MechanismCounts, total: MechanismCounts
    ) {
        try await backend.read { database in
            (
                try await Self.counts(organization: organization, fromDay: fromDay, toDay: toDay, on: database),
                try await Self.counts(organization: organization, fromDay: nil, toDay: nil, on: database)
            )
        }
    }

    static func counts(organization: String?, fromDay: String?, toDay: String?, on database: any SQLDatabase) async throws
        -> MechanismCounts
    {
        var counts = MechanismCounts()
        func range(_ column: String) -> SQLQueryString {
            var clause: SQLQueryString = ""
            if let fromDay { clause = clause + " AND \(unsafeRaw: column) >= \(bind: fromDay)" }
            if let toDay { clause = clause + " AND \(unsafeRaw: column) <= \(bind: toDay)" }
            return clause
        }
        let party: SQLQueryString = organization.map { " AND " + SQLRegisterStore.hasParty($0, table: "r.") } ?? ""
        for row in try await database.raw(
            """
            SELECT r.register, r.status, COUNT(*) AS n, CAST(SUM(r.quantity) AS BIGINT) AS q FROM register_records r
            WHERE 1 = 1\(range("r.day"))\(party) GROUP BY r.register, r.status
            """
        ).all() {
            let register = try row.decode(column: "register", as: String.self), status = try row.decode(column: "status", as: String.self)
            let n = try row.decode(column: "n", as: Int.self), q = try row.decode(column: "q", as: Int?.self) ?? 0
            counts.records[register, default: 0] += n
            counts.records[register + "." + status, default: 0] += n
            counts.quantities[register + ".quantity", default: 0] += q
        }
        for row in try await database.raw(
            """
            SELECT r.register, e.name, COUNT(*) AS n, CAST(SUM(e.quantity) AS BIGINT) AS q FROM register_events e
            JOIN register_records r ON r.id = e.record_id WHERE e.kind = 'entry'\(range("e.day"))\(party) GROUP BY r.register, e.name
            """
        ).all() {
            let key = try row.decode(column: "register", as: String.self) + "." + row.decode(column: "name", as: String.self)
            counts.entries[key] = try row.decode(column: "n", as: Int.self)
            counts.entries[key + ".quantity"] = try row.decode(column: "q", as: Int?.self) ?? 0
        }
        let lawOrganization: SQLQueryString = organization.map { " AND organization = \(bind: $0)" } ?? ""
        counts.lawRelated =
            try await database.raw(
                """
                SELECT COUNT(*) AS n FROM law_related_tickets WHERE 1 = 1\(range("day"))\(lawOrganization)
                """
            ).first()?.decode(column: "n", as: Int.self) ?? 0
        let slotOrganization: SQLQueryString = organization.map { " AND s.organization = \(bind: $0)" } ?? ""
        let months: SQLQueryString =
            (fromDay.map { " AND b.month >= \(bind: String($0.prefix(7)))" } ?? "")
            + (toDay.map { " AND b.month <= \(bind: String($0.prefix(7)))" } ?? "")
        for row in try await database.raw(
            """
            SELECT b.status, COUNT(*) AS n FROM reception_bookings b JOIN reception_slots s ON s.id = b.slot_id
            WHERE 1 = 1\(months)\(slotOrganization) GROUP BY b.status
            """
        ).all() {
            counts.bookings[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
