import Foundation
import MashangCore
import SQLKit

extension SQLTicketStore {
    static let legacySealingTask = "seal_legacy_contacts"

    /// Seals requesters' contacts written in clear before encryption existed (creation events whose phone or ID
    /// number lacks the `enc1:` mark) and fills their phone-search hash; returns how many tickets it sealed. Runs in
    /// batches, each its own transaction. Once a run finishes it is recorded in `store_tasks` and later starts skip
    /// the scan: nothing writes contacts in clear any more.
    @discardableResult
    public func sealLegacyContacts(batch: Int = 500) async throws -> Int {
        let cipher = self.cipher
        let task = Self.legacySealingTask
        let finished = try await backend.read { database in
            try await database.raw("SELECT 1 AS done FROM store_tasks WHERE name = \(bind: task)").first() != nil
        }
        if finished { return 0 }
        var sealed = 0
        while true {
            let done = try await backend.write { database -> Int in
                let rows = try await database.raw(
                    """
                    SELECT ticket_id, payload FROM ticket_events
                    WHERE sequence = 1 AND (payload LIKE '%"phone":"%' OR payload LIKE '%"idNumber":"%')
                      AND NOT (payload LIKE '%"phone":"enc1:%' OR payload LIKE '%"idNumber":"enc1:%')
                    LIMIT \(literal: batch)
                    """
                ).all()
                for row in rows {
                    let id = try row.decode(column: "ticket_id", as: Int64.self)
                    let change = try JSONDecoder().decode(
                        TicketChange.self, from: Data(try row.decode(column: "payload", as: String.self).utf8))
                    guard case .created(var created) = change else { continue }
                    let contact = try StoredContact(created.draft.requester, cipher: cipher)
                    created.draft.requester = contact.sealedRequester
                    let payload = String(decoding: try Self.encoder.encode(TicketChange.created(created)), as: UTF8.self)
                    try await database.raw(
                        "UPDATE ticket_events SET payload = \(bind: payload) WHERE ticket_id = \(bind: id) AND sequence = 1"
                    ).run()
                    try await database.raw(
                        """
                        UPDATE tickets SET requester_phone_hash = \(bind: contact.phoneDigest), requester_phone = NULL WHERE id = \(bind: id)
                        """
                    ).run()
                }
                return rows.count
            }
            sealed += done
            if done < batch {
                try await backend.write { database in
                    try await database.raw(
                        """
                        INSERT INTO store_tasks (name, done_at) VALUES (\(bind: task), \(bind: StoreTime.milliseconds(Date())))
                        ON CONFLICT (name) DO NOTHING
                        """
                    ).run()
                }
                return sealed
            }
        }
    }
}
