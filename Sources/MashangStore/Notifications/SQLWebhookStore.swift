import Foundation
import MashangCore
import SQLKit

/// Webhooks and the delivery outbox over SQL.
public struct SQLWebhookStore: WebhookStore {
    let backend: any SQLBackend
    let cipher: ContactCipher

    public init(backend: any SQLBackend, cipher: ContactCipher) {
        self.backend = backend
        self.cipher = cipher
    }

    @discardableResult
    public func addWebhook(url: String, secret: String, at date: Date) async throws -> Int64 {
        let sealed = try cipher.seal(secret)
        return try await backend.write { database in
            let row = try await database.raw(
                """
                INSERT INTO webhooks (url, secret, active, created_at) VALUES (\(bind: url), \(bind: sealed), 1, \(bind: StoreTime.milliseconds(date)))
                RETURNING id
                """
            ).first()
            return try row.orThrow(CorruptRow(column: "id", value: "")).decode(column: "id", as: Int64.self)
        }
    }

    public func setActive(_ id: Int64, active: Bool) async throws {
        try await backend.write { database in
            try await database.raw("UPDATE webhooks SET active = \(bind: active ? 1 : 0) WHERE id = \(bind: id)").run()
        }
    }

    public func webhooks() async throws -> [Webhook] {
        try await backend.read { database in
            try await database.raw("SELECT id, url, secret, active FROM webhooks ORDER BY id").all().map { row in
                Webhook(
                    id: try row.decode(column: "id", as: Int64.self), url: try row.decode(column: "url", as: String.self),
                    secret: try cipher.open(try row.decode(column: "secret", as: String.self)),
                    active: try row.decode(column: "active", as: Int.self) != 0)
            }
        }
    }

    static let deliveryColumns: SQLQueryString = """
        d.id, d.webhook_id, d.status, d.attempts, d.next_attempt_at, d.last_error, w.url,
        n.id AS notification_id, n.ticket, n.kind, n.details, n.created_at
        """

    func delivery(_ row: any SQLRow) throws -> WebhookDelivery {
        let kind = try row.decode(column: "kind", as: String.self), status = try row.decode(column: "status", as: String.self)
        return WebhookDelivery(
            id: try row.decode(column: "id", as: Int64.self), webhookID: try row.decode(column: "webhook_id", as: Int64.self),
            url: try row.decode(column: "url", as: String.self),
            notification: InboxItem(
                id: try row.decode(column: "notification_id", as: Int64.self),
                kind: try TicketNotification.Kind(rawValue: kind).orThrow(CorruptRow(column: "kind", value: kind)),
                ticket: try row.decode(column: "ticket", as: String.self),
                details: try JSONDecoder().decode(
                    [String: String].self, from: Data(try row.decode(column: "details", as: String.self).utf8)),
                createdAt: StoreTime.date(try row.decode(column: "created_at", as: Int64.self)), read: false),
            status: try WebhookDelivery.Status(rawValue: status).orThrow(CorruptRow(column: "status", value: status)),
            attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: StoreTime.date(try row.decode(column: "next_attempt_at", as: Int64.self)),
            lastError: try row.decode(column: "last_error", as: String?.self))
    }

    /// Claims pending deliveries that are due, pushing their next attempt `lease` ahead so that another node (or a
    /// slow attempt) does not send them twice meanwhile.
    public func claimDue(at now: Date, lease: TimeInterval, limit: Int) async throws -> [WebhookDelivery] {
        let skipLocked: SQLQueryString = backend.flavor == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        return try await backend.write { database in
            let ids = try await database.raw(
                """
                UPDATE webhook_deliveries SET next_attempt_at = \(bind: StoreTime.milliseconds(now.addingTimeInterval(lease)))
                WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= \(bind: StoreTime.milliseconds(now))
                             ORDER BY next_attempt_at LIMIT \(literal: limit)\(skipLocked))
                RETURNING id
                """
            ).all().map { try $0.decode(column: "id", as: Int64.self) }
            guard !ids.isEmpty else { return [] }
            return try await database.raw(
                """
                SELECT \(Self.deliveryColumns) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                JOIN notifications n ON n.id = d.notification_id WHERE d.id IN (\(binds: ids)) ORDER BY d.id
                """
            ).all().map(delivery)
        }
    }

    public func markDelivered(_ id: Int64, at date: Date) async throws {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = \(bind: StoreTime.milliseconds(date)),
                    last_error = NULL WHERE id = \(bind: id)
                """
            ).run()
        }
    }

    /// Records a failed attempt: tried again at `retryAt`, or dead-lettered when nil.
    public func markFailed(_ id: Int64, error: String, retryAt: Date?) async throws {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = \(bind: String(error.prefix(500))),
                    status = \(bind: retryAt == nil ? "dead" : "pending"),
                    next_attempt_at = \(bind: StoreTime.milliseconds(retryAt ?? Date(timeIntervalSince1970: 0)))
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }

    /// A dead-lettered delivery goes back to the queue, due now, with its attempts counted afresh.
    public func retry(_ id: Int64, at date: Date) async throws {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = \(bind: StoreTime.milliseconds(date))
                WHERE id = \(bind: id) AND status = 'dead'
                """
            ).run()
        }
    }

    /// The newest deliveries, for the administrators' page.
    public func recentDeliveries(limit: Int = 50) async throws -> [WebhookDelivery] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT \(Self.deliveryColumns) FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
                JOIN notifications n ON n.id = d.notification_id ORDER BY d.id DESC LIMIT \(literal: limit)
                """
            ).all().map(delivery)
        }
    }

    public func pendingCount() async throws -> Int {
        try await backend.read { database in
            try await database.raw("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'pending'").first()?
                .decode(column: "n", as: Int.self) ?? 0
        }
    }
}
