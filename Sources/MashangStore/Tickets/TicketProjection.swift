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
            // Any change asks the deadline sweeper to look again; finished tickets drop out.
            ("sweep_at", state.status.isOpen ? StoreTime.milliseconds(state.updatedAt) : nil),
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
    private static let probe = TicketState(created: .init(number: "", draft: TicketDraft(
        channel: .qr, kind: .help, category: "", area: "", intakePoint: nil, urgency: .normal, description: "",
        requester: Requester(), trackingCode: nil, holder: "", suggestedOrganization: nil, suggestedDepartment: nil)), at: Date())

    static let summaryColumns: SQLQueryString = """
        t.number, t.status, t.channel, t.kind, t.category, t.area, t.urgency, t.tier, t.lead_org, t.department,
        t.description, t.received_at, t.updated_at, t.satisfaction
        """

    static func summary(_ row: any SQLRow) throws -> TicketSummary {
        func enumValue<E: RawRepresentable>(_ column: String, _ type: E.Type) throws -> E where E.RawValue == String {
            let raw = try row.decode(column: column, as: String.self)
            guard let value = E(rawValue: raw) else { throw CorruptRow(column: column, value: raw) }
            return value
        }
        return TicketSummary(
            number: try row.decode(column: "number", as: String.self),
            status: try enumValue("status", TicketStatus.self),
            channel: try enumValue("channel", Channel.self),
            kind: try enumValue("kind", TicketKind.self),
            category: try row.decode(column: "category", as: String.self),
            area: try row.decode(column: "area", as: String.self),
            urgency: try enumValue("urgency", Urgency.self),
            tier: try enumValue("tier", Tier.self),
            leadOrganization: try row.decode(column: "lead_org", as: String.self),
            department: try row.decode(column: "department", as: String?.self),
            description: try row.decode(column: "description", as: String.self),
            receivedAt: StoreTime.date(try row.decode(column: "received_at", as: Int64.self)),
            updatedAt: StoreTime.date(try row.decode(column: "updated_at", as: Int64.self)),
            satisfaction: try row.decode(column: "satisfaction", as: String?.self).flatMap(Satisfaction.init(rawValue:))
        )
    }
}

/// A stored value that no longer matches the domain's vocabulary.
struct CorruptRow: Error, CustomStringConvertible {
    var column: String
    var value: String
    var description: String { "unexpected value \(value) in column \(column)" }
}
