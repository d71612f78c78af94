import Foundation
import MashangCore
import SQLKit

/// Anonymising or correcting a requester (PIPL: personal data kept no longer than needed, corrected and erased on
/// request) without breaking the ticket's hash chain: the creation event keeps its `content_digest`, and an appended,
/// chained event (`requesterAnonymised`, `requesterCorrected`) names the digest of the payload that replaced it
/// (docs/integrity.md).
extension SQLTicketStore {
    public func anonymiseRequester(
        number: String, reason: RequesterAnonymisation.Reason, note: String?, by actor: EventActor, at date: Date
    ) async throws -> StoredTicket? {
        try await replaceRequester(number: number, by: actor, at: date) { _ in
            Requester()
        } attest: { digest in
            .requesterAnonymised(RequesterAnonymisation(reason: reason, note: note, creationDigest: digest))
        }
    }

    public func correctRequester(number: String, name: String?, phone: String?, note: String, by actor: EventActor, at date: Date)
        async throws -> StoredTicket?
    {
        let cipher = self.cipher
        return try await replaceRequester(number: number, by: actor, at: date) { sealed in
            var corrected = sealed
            if let name { corrected.name = name }
            if let phone { corrected.phone = try cipher.seal(phone) }
            return corrected
        } attest: { digest in
            .requesterCorrected(RequesterCorrection(note: note, creationDigest: digest))
        }
    }

    /// Rewrites the creation event's (sealed) requester with `replace` and appends the event `attest` makes from the new
    /// payload's digest, in one transaction; nil, writing nothing, when the requester was anonymised before.
    private func replaceRequester(
        number: String, by actor: EventActor, at date: Date,
        replace: @escaping @Sendable (Requester) throws -> Requester,
        attest: @escaping @Sendable (String) -> TicketChange
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
            created.draft.requester = try replace(created.draft.requester)
            let payload = String(decoding: try Self.encoder.encode(TicketChange.created(created)), as: UTF8.self)
            try await database.raw(
                "UPDATE ticket_events SET payload = \(bind: payload) WHERE ticket_id = \(bind: id) AND sequence = 1"
            ).run()
            let change = attest(ChainHash.content(payload))
            return try await Self.change(
                number, mergeTarget: nil, by: actor, at: date, flavor: flavor, cipher: cipher, counts: counts, on: database
            ) { _, _ in change }
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
