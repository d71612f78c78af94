extension Migrations {
    /// Webhooks and their outbox: one delivery per notification and active webhook, written with the notification.
    static let createWebhooks = Migration(name: "0011_webhooks") { flavor in
        let serial = flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        return [
            "CREATE TABLE webhooks (id \(serial), url TEXT NOT NULL, secret TEXT NOT NULL, active INTEGER NOT NULL, created_at BIGINT NOT NULL)",
            """
            CREATE TABLE webhook_deliveries (id \(serial), webhook_id BIGINT NOT NULL REFERENCES webhooks(id),
                notification_id BIGINT NOT NULL REFERENCES notifications(id), status TEXT NOT NULL, attempts INTEGER NOT NULL,
                next_attempt_at BIGINT NOT NULL, last_error TEXT, delivered_at BIGINT)
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
        ]
    }
}
