import Foundation
import MashangCore
import SQLKit

/// The `tickets` row derived from a ticket's state: what lists, filters and indexes read.
enum TicketProjection {
    typealias Value = any Encodable & Sendable

    /// Column values written on insert and on every update.
    /// The requester's phone is not projected (it lives sealed in the creation event); only its keyed hash is,
    /// for search.
    static func columns(_ state: TicketState, flavor: SQLFlavor, phoneDigest: String?) -> [(String, Value)] {
        var columns: [(String, Value)] = [
            ("number", state.number),
            ("status", state.status.rawValue),
            ("channel", state.channel.rawValue),
            ("kind", state.kind.rawValue),
            ("category", state.category),
            ("area", state.area),
            ("intake_point", state.intakePoint),
            ("urgency", state.urgency.rawValue),
            ("tier", state.tier.rawValue),
            ("lead_org", state.leadOrganization),
            ("department", state.department),
            ("description", state.description),
            ("requester_name", state.requester.name),
            ("requester_phone_hash", phoneDigest),
            ("tracking_code", state.trackingCode),
            ("satisfaction", state.satisfaction?.rawValue),
            ("received_at", StoreTime.milliseconds(state.receivedAt)),
            ("updated_at", StoreTime.milliseconds(state.updatedAt)),
            ("closed_at", state.closedAt.map(StoreTime.milliseconds)),
            ("version", state.version),
            ("next_due", state.nextDue),
            ("merged_into", state.mergedInto),
            ("petition_at", state.petition.map { StoreTime.milliseconds($0.registeredAt) }),
            // Any change asks the deadline sweeper to look again; finished tickets drop out, unless a petition step is
            // still owed on them.
            ("sweep_at", state.status.isOpen || state.petition?.owesAStep == true ? StoreTime.milliseconds(state.updatedAt) : nil),
        ]
        if flavor == .postgres { columns.append(("search_terms", SearchText.indexTerms(state.description))) }
        return columns
    }

    /// The quoted column names of `columns(_:flavor:)`, in the same order, computed once: they are constants of
    /// this file, never input, so they may be spliced in raw.
    static func quotedColumnNames(flavor: SQLFlavor) -> [String] {
        flavor == .postgres ? postgresColumnNames : sqliteColumnNames
    }

    private static let sqliteColumnNames = columns(probe, flavor: .sqlite, phoneDigest: nil).map { "\"" + $0.0 + "\"" }
    private static let postgresColumnNames = columns(probe, flavor: .postgres, phoneDigest: nil).map { "\"" + $0.0 + "\"" }
    private static let probe = TicketState(
        created: .init(
            number: "",
            draft: TicketDraft(
                channel: .qr, kind: .help, category: "", area: "", intakePoint: nil, urgency: .normal, description: "",
                requester: Requester(), trackingCode: nil, holder: "", suggestedOrganization: nil, suggestedDepartment: nil)), at: Date())

    /// The list columns of `t`, in `SummaryColumn`'s order (constants of this file, spliced in raw).
    static let summaryColumns: SQLQueryString = "\(unsafeRaw: SummaryColumn.allCases.map { "t." + $0.name }.joined(separator: ", "))"

    /// The rows of `query` (which selects `summaryColumns`) as summaries; on SQLite read where they lie, by position.
    static func summaries(_ query: SQLQueryString, on database: any SQLDatabase, cache: VersionedCache<Int64, TicketSummary>) async throws
        -> [TicketSummary]
    {
        guard let direct = database as? DirectSQLiteDatabase else {
            return try await database.raw(query).all().map { try summary(NamedSummaryRow(row: $0), cache: cache) }
        }
        var items: [TicketSummary] = []
        try direct.step(query) { items.append(try summary($0, cache: cache)) }
        return items
    }

    /// The summary in `row` (of `summaryColumns`): the one in `cache` when it holds the ticket's row at this version —
    /// no other column is read then —, otherwise made from the row and remembered there.
    static func summary(_ row: some SummaryRow, cache: VersionedCache<Int64, TicketSummary>) throws -> TicketSummary {
        let id = try row.integer(.id)
        let version = Int(try row.integer(.version))
        if let known = cache.value(for: id, version: version) { return known }
        func text(_ column: SummaryColumn) throws -> String {
            guard let value = try row.text(column) else { throw CorruptRow(column: column.name, value: "NULL") }
            return value
        }
        func enumValue<E: RawRepresentable>(_ column: SummaryColumn, _ type: E.Type) throws -> E where E.RawValue == String {
            let raw = try text(column)
            guard let value = E(rawValue: raw) else { throw CorruptRow(column: column.name, value: raw) }
            return value
        }
        let summary = TicketSummary(
            number: try text(.number),
            status: try enumValue(.status, TicketStatus.self),
            channel: try enumValue(.channel, Channel.self),
            kind: try enumValue(.kind, TicketKind.self),
            category: try text(.category),
            area: try text(.area),
            urgency: try enumValue(.urgency, Urgency.self),
            tier: try enumValue(.tier, Tier.self),
            leadOrganization: try text(.leadOrganization),
            department: try row.text(.department),
            description: try text(.description),
            receivedAt: StoreTime.date(try row.integer(.receivedAt)),
            updatedAt: StoreTime.date(try row.integer(.updatedAt)),
            satisfaction: try row.text(.satisfaction).flatMap(Satisfaction.init(rawValue:)),
            version: version
        )
        cache.remember(summary, for: id, version: version)
        return summary
    }
}

/// The columns a list reads (`TicketProjection.summaryColumns`), by their position in its rows.
enum SummaryColumn: Int32, CaseIterable {
    case id, version, number, status, channel, kind, category, area, urgency, tier, leadOrganization, department
    case description, receivedAt, updatedAt, satisfaction

    /// The column's name: read for every column of every row on PostgreSQL, so worked out once.
    var name: String { Self.names[Int(rawValue)] }

    private static let names = allCases.map { column in
        switch column {
        case .leadOrganization: "lead_org"
        case .receivedAt: "received_at"
        case .updatedAt: "updated_at"
        default: "\(column)"
        }
    }
}

/// A result row of `TicketProjection.summaryColumns`, read column by column.
protocol SummaryRow {
    /// The column's integer (ids, versions, times in milliseconds).
    func integer(_ column: SummaryColumn) throws -> Int64
    /// The column's text, nil when it is NULL.
    func text(_ column: SummaryColumn) throws -> String?
}

/// A SQLite row where it lies, read by position (the list's own path on SQLite).
extension DirectSQLiteCursor: SummaryRow {
    func integer(_ column: SummaryColumn) throws -> Int64 {
        guard !isNull(column.rawValue) else { throw CorruptRow(column: column.name, value: "NULL") }
        return int64(column.rawValue)
    }

    func text(_ column: SummaryColumn) throws -> String? { text(column.rawValue) }
}

/// Any database's row, read by column name.
struct NamedSummaryRow: SummaryRow {
    let row: any SQLRow

    func integer(_ column: SummaryColumn) throws -> Int64 { Int64(try row.decode(column: column.name, as: Int.self)) }
    func text(_ column: SummaryColumn) throws -> String? { try row.decode(column: column.name, as: String?.self) }
}

/// A stored value that no longer matches the domain's vocabulary.
struct CorruptRow: Error, CustomStringConvertible {
    var column: String
    var value: String
    var description: String { "unexpected value \(value) in column \(column)" }
}
