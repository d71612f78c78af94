import Foundation
import MashangCore
import SQLKit

/// Anonymising a requester (PIPL: personal data kept no longer than needed, erased on request) without breaking the
/// ticket's hash chain: the creation event keeps its `content_digest`, and the appended, chained
/// `requesterAnonymised` event names the digest of the payload that replaced it (docs/integrity.md).
extension SQLTicketStore {
    public func anonymiseRequester(
        number: String, reason: RequesterAnonymisation.Reason, note: String?, by actor: EventActor, at date: Date
    ) async throws -> StoredTicket? {
        let flavor = backend.flavor, cipher = self.cipher, counts = caches.listCounts
        let date = StoreTime.truncated(date)
        return try await caches.write(on: backend) { database in
            guard let id = try await Self.ticketID(number: number, lock: flavor == .postgres, on: database) else {
                throw TicketNotFound(number: number)
            }
            if try await database.raw(
                "SELECT sequence FROM ticket_events WHERE ticket_id = \(bind: id) AND type = 'requesterAnonymised'"
            ).first() != nil {
                return nil
            }
            guard
                let row = try await database.raw("SELECT payload FROM ticket_events WHERE ticket_id = \(bind: id) AND sequence = 1")
                    .first(),
                case .created(var created) = try JSONDecoder().decode(
                    TicketChange.self, from: Data(try row.decode(column: "payload", as: String.self).utf8))
            else { throw CorruptRow(column: "payload", value: "ticket \(number) has no creation event") }
            created.draft.requester = Requester()
            let payload = String(decoding: try Self.encoder.encode(TicketChange.created(created)), as: UTF8.self)
            try await database.raw(
                "UPDATE ticket_events SET payload = \(bind: payload) WHERE ticket_id = \(bind: id) AND sequence = 1"
            ).run()
            let attestation = RequesterAnonymisation(reason: reason, note: note, creationDigest: ChainHash.content(payload))
            return try await Self.change(
                number, mergeTarget: nil, by: actor, at: date, flavor: flavor, cipher: cipher, counts: counts, on: database
            ) { _, _ in .requesterAnonymised(attestation) }
        }
    }

    public func ticketsToAnonymise(closedBefore date: Date, limit: Int) async throws -> [String] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT number FROM tickets
                WHERE closed_at IS NOT NULL AND closed_at < \(bind: StoreTime.milliseconds(date))
                    AND (requester_name IS NOT NULL OR requester_phone_hash IS NOT NULL)
                ORDER BY closed_at, id LIMIT \(literal: limit)
                """
            ).all().map { try $0.decode(column: "number", as: String.self) }
        }
    }
}
