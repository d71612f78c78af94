import Foundation
import MashangCore
import SQLKit

/// A new ticket's rows written on PostgreSQL with one statement: the projection row, its creation event, its parties,
/// the requester's messages and the idempotency key, each a data-modifying `WITH` branch that takes the new id from the
/// first. Written one by one they cost five round trips inside the creation's transaction, which holds its connection
/// (and its locks) for each; SQLite, in process, writes them one by one.
enum PostgresCreation {
    /// Writes the rows and returns the ticket's id.
    static func insert(
        _ state: TicketState, event: TicketEvent, contact: StoredContact, creation: CreationPayload,
        messages: [OutboundMessage], idempotencyKey: String?, at date: Date, on database: any SQLDatabase
    ) async throws -> Int64 {
        let projection = TicketProjection.columns(state, flavor: .postgres, phoneDigest: contact.phoneDigest).map(\.1)
        let names = TicketProjection.quotedColumnNames(flavor: .postgres).joined(separator: ", ")
        // Column lists are constants of this code, never input; every value is bound.
        var branches: [SQLQueryString] = [
            "t AS (INSERT INTO tickets (\(unsafeRaw: names)) VALUES (\(binds: projection)) RETURNING id)"
        ]
        let events = try SQLTicketStore.eventValues(
            [event], number: state.number, previousHash: "", sealedRequester: contact.sealedRequester, creation: creation)
        branches.append(
            """
            e AS (INSERT INTO ticket_events (ticket_id, \(unsafeRaw: SQLTicketStore.eventColumns.joined(separator: ", ")))
            \(fromNewTicket(events)))
            """)
        let parties = state.parties.sorted()
        if !parties.isEmpty {
            branches.append("p AS (INSERT INTO ticket_parties (ticket_id, party) \(fromNewTicket(parties.map { [$0] })))")
        }
        if !messages.isEmpty {
            let rows = try messages.map { "(\(binds: try SQLOutboxStore.values($0, at: date)))" as SQLQueryString }
            branches.append(
                """
                o AS (INSERT INTO outbox_messages (\(unsafeRaw: SQLOutboxStore.insertColumns)) VALUES \(rows.joined(separator: ", "))
                ON CONFLICT (dedup_key) DO NOTHING)
                """)
        }
        if let idempotencyKey {
            branches.append(
                """
                k AS (INSERT INTO idempotency_keys (ticket_id, key, created_at)
                \(fromNewTicket([[idempotencyKey, StoreTime.milliseconds(date)]])))
                """)
        }
        let row = try await database.raw("WITH \(branches.joined(separator: ", ")) SELECT id FROM t").first()
        guard let id = try row?.decode(column: "id", as: Int64.self) else { throw CorruptRow(column: "id", value: "") }
        return id
    }

    /// `SELECT t.id, …` once per row: rows whose first column is the new ticket's id.
    private static func fromNewTicket(_ rows: [[any Encodable & Sendable]]) -> SQLQueryString {
        rows.map { "SELECT t.id, \(binds: $0) FROM t" as SQLQueryString }.joined(separator: " UNION ALL ")
    }
}
