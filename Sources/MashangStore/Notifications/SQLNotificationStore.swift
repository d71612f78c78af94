import Foundation
import MashangCore
import SQLKit

/// The in-app inbox over SQL. Notifications are inserted by the ticket store in the transaction of the event that
/// raised them (`insert`), so an acknowledged change never loses its notification.
public struct SQLNotificationStore: InboxStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    static func insert(_ notifications: [TicketNotification], at date: Date, on database: any SQLDatabase) async throws {
        for notification in notifications where !notification.audiences.isEmpty {
            let details = String(decoding: try SQLTicketStore.encoder.encode(notification.details), as: UTF8.self)
            let row = try await database.raw(
                """
                INSERT INTO notifications (ticket, kind, details, created_at)
                VALUES (\(bind: notification.ticket), \(bind: notification.kind.rawValue), \(bind: details), \(bind: StoreTime.milliseconds(date)))
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw CorruptRow(column: "id", value: "") }
            try await SQLRows.insert(
                into: "notification_audiences", columns: ["audience", "notification_id"],
                rows: notification.audiences.map { [$0, id] }, on: database)
            // The outbox: one delivery per active webhook, committed with the notification.
            try await database.raw(
                """
                INSERT INTO webhook_deliveries (webhook_id, notification_id, status, attempts, next_attempt_at)
                SELECT id, \(bind: id), 'pending', 0, \(bind: StoreTime.milliseconds(date)) FROM webhooks WHERE active = 1
                """
            ).run()
            // Supervision notices, escalations and task warnings also go by SMS or e-mail to those who chose it,
            // written with the event.
            if StaffAlerts.alerts(notification) {
                let subscribers = try await SQLMessageSettingsStore.subscribers(on: database)
                try await SQLOutboxStore.insert(
                    StaffAlerts.messages(for: notification, id: id, subscribers: subscribers), at: date, on: database)
            }
        }
    }

    /// The newest notifications for these audiences, each once, with whether this user has read it.
    public func inbox(audiences: [String], username: String, limit: Int = 50) async throws -> [InboxItem] {
        guard !audiences.isEmpty else { return [] }
        return try await backend.read { database in
            try await database.raw(
                """
                SELECT n.id, n.ticket, n.kind, n.details, n.created_at,
                       CASE WHEN r.notification_id IS NULL THEN 0 ELSE 1 END AS is_read
                FROM notifications n
                LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.username = \(bind: username)
                WHERE n.id IN (SELECT notification_id FROM notification_audiences WHERE audience IN (\(binds: audiences)))
                ORDER BY n.id DESC LIMIT \(literal: limit)
                """
            ).all().map { row in
                let kind = try row.decode(column: "kind", as: String.self)
                return InboxItem(
                    id: try row.decode(column: "id", as: Int64.self),
                    kind: try TicketNotification.Kind(rawValue: kind).orThrow(CorruptRow(column: "kind", value: kind)),
                    ticket: try row.decode(column: "ticket", as: String.self),
                    details: try JSONDecoder().decode(
                        [String: String].self, from: Data(try row.decode(column: "details", as: String.self).utf8)),
                    createdAt: StoreTime.date(try row.decode(column: "created_at", as: Int64.self)),
                    read: try row.decode(column: "is_read", as: Int.self) != 0)
            }
        }
    }

    /// Unread notifications for these audiences (counted up to 100).
    public func unreadCount(audiences: [String], username: String) async throws -> Int {
        guard !audiences.isEmpty else { return 0 }
        return try await backend.read { database in
            let row = try await database.raw(
                """
                SELECT COUNT(*) AS n FROM (
                    SELECT DISTINCT a.notification_id FROM notification_audiences a
                    WHERE a.audience IN (\(binds: audiences))
                      AND NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.username = \(bind: username) AND r.notification_id = a.notification_id)
                    LIMIT 100) unread
                """
            ).first()
            return Int(try row?.decode(column: "n", as: Int64.self) ?? 0)
        }
    }

    /// Marks notifications read for this user; only those addressed to one of the user's audiences.
    public func markRead(_ ids: [Int64], audiences: [String], username: String) async throws {
        guard !ids.isEmpty, !audiences.isEmpty else { return }
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO notification_reads (username, notification_id)
                SELECT DISTINCT \(bind: username), a.notification_id FROM notification_audiences a
                WHERE a.notification_id IN (\(binds: ids)) AND a.audience IN (\(binds: audiences))
                ON CONFLICT DO NOTHING
                """
            ).run()
        }
    }
}
