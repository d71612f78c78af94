import Foundation
import MashangCore
import SQLKit

/// Erasing one person out of a register record at their request (PIPL art. 47): only the events that carry their
/// phone lose their personal fields — a mediation's other parties keep theirs; a household created with the phone
/// loses its record-level name, phone and address.
extension SQLRegisterStore {
    public func erasePerson(phoneDigest digest: String, from id: Int64, kind: RegisterKind, at date: Date) async throws -> Bool {
        let flavor = backend.flavor, cipher = self.cipher
        return try await backend.write { database in
            let lock: SQLQueryString = flavor == .postgres ? " FOR UPDATE" : ""
            guard
                try await database.raw(
                    "SELECT id FROM register_records WHERE id = \(bind: id) AND register = \(bind: kind.rawValue)\(lock)"
                ).first() != nil, let record = try await Self.load(id: id, cipher: cipher, on: database)
            else { throw AccessError.notFound }
            let schema = kind.schema
            func names(_ event: RegisterEvent) -> Bool {
                schema.fields(of: event).filter { $0.type == .phone }.contains { field in
                    event.fields[field.name]?.text.flatMap(PhoneNumber.normalized).map(cipher.phoneDigest) == digest
                }
            }
            guard record.history.contains(where: names) else { return false }
            let fields = try await Self.erasePersonalData(of: record, schema: schema, cipher: cipher, on: database, erases: names)
            try await database.raw(
                """
                UPDATE register_records SET fields = \(bind: try RegisterSealing.seal(fields, specs: schema.fields, cipher: cipher)),
                    updated_at = \(bind: StoreTime.milliseconds(date))
                WHERE id = \(bind: id)
                """
            ).run()
            return true
        }
    }
}
