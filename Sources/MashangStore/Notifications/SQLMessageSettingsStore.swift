import Foundation
import MashangCore
import SQLKit

/// `MessageSettingsStore` over SQL: `staff_contacts` (the address sealed with the contact cipher) and
/// `message_templates`.
public struct SQLMessageSettingsStore: MessageSettingsStore {
    let backend: any SQLBackend
    let cipher: ContactCipher

    public init(backend: any SQLBackend, cipher: ContactCipher) {
        self.backend = backend
        self.cipher = cipher
    }

    public func staffContact(username: String) async throws -> StaffContact? {
        let row = try await backend.read { database in
            try await database.raw("SELECT channel, address, language FROM staff_contacts WHERE username = \(bind: username)").first()
        }
        guard let row else { return nil }
        let channel = try row.decode(column: "channel", as: String.self)
        return StaffContact(
            channel: try MessageChannel(rawValue: channel).orThrow(CorruptRow(column: "channel", value: channel)),
            address: try cipher.open(try row.decode(column: "address", as: String.self)),
            language: try row.decode(column: "language", as: String.self))
    }

    public func setStaffContact(username: String, _ contact: StaffContact?, at date: Date) async throws {
        let sealed = try contact.map { try cipher.seal($0.address) }
        try await backend.write { database in
            try await database.raw("DELETE FROM staff_contacts WHERE username = \(bind: username)").run()
            guard let contact, let sealed else { return }
            try await database.raw(
                """
                INSERT INTO staff_contacts (username, channel, address, language, updated_at)
                VALUES (\(bind: username), \(bind: contact.channel.rawValue), \(bind: sealed), \(bind: contact.language),
                    \(bind: StoreTime.milliseconds(date)))
                """
            ).run()
        }
    }

    public func subscribers() async throws -> [StaffSubscriber] {
        try await backend.read { database in try await Self.subscribers(on: database) }
    }

    /// Read inside a ticket event's transaction, so that its alerts are written with it.
    static func subscribers(on database: any SQLDatabase) async throws -> [StaffSubscriber] {
        try await database.raw(
            """
            SELECT a.username, a.organization, a.role, a.department, c.channel, c.language
            FROM staff_contacts c JOIN accounts a ON a.username = c.username WHERE a.active = 1 ORDER BY a.username
            """
        ).all().map { row in
            let role = try row.decode(column: "role", as: String.self), channel = try row.decode(column: "channel", as: String.self)
            return StaffSubscriber(
                username: try row.decode(column: "username", as: String.self),
                organization: try row.decode(column: "organization", as: String.self),
                role: try Role(rawValue: role).orThrow(CorruptRow(column: "role", value: role)),
                department: try row.decode(column: "department", as: String?.self),
                channel: try MessageChannel(rawValue: channel).orThrow(CorruptRow(column: "channel", value: channel)),
                language: try row.decode(column: "language", as: String.self))
        }
    }

    public func editedTemplates() async throws -> [EditedTemplate] {
        try await backend.read { database in
            try await database.raw(
                "SELECT purpose, language, text, updated_by, updated_at FROM message_templates ORDER BY purpose, language"
            )
            .all().compactMap { row in
                // A purpose this version no longer has is ignored rather than breaking the page.
                guard let purpose = MessagePurpose(rawValue: try row.decode(column: "purpose", as: String.self)) else { return nil }
                return EditedTemplate(
                    template: MessageTemplate(
                        purpose: purpose, language: try row.decode(column: "language", as: String.self),
                        text: try row.decode(column: "text", as: String.self)),
                    updatedBy: try row.decode(column: "updated_by", as: String.self),
                    updatedAt: StoreTime.date(try row.decode(column: "updated_at", as: Int64.self)))
            }
        }
    }

    public func saveTemplate(purpose: MessagePurpose, language: String, text: String?, by username: String, at date: Date) async throws {
        try await backend.write { database in
            try await database.raw(
                "DELETE FROM message_templates WHERE purpose = \(bind: purpose.rawValue) AND language = \(bind: language)"
            ).run()
            guard let text else { return }
            try await database.raw(
                """
                INSERT INTO message_templates (purpose, language, text, updated_by, updated_at)
                VALUES (\(bind: purpose.rawValue), \(bind: language), \(bind: text), \(bind: username), \(bind: StoreTime.milliseconds(date)))
                """
            ).run()
        }
    }
}
