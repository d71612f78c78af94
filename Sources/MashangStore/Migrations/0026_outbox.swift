extension Migrations {
    /// The messages to requesters (事事有回音): one row per event, purpose and channel, written in the transaction of the
    /// event that owes it, kept after sending (the ticket's record of what it was told) and when it is withheld.
    static let createOutbox = Migration(name: "0026_outbox") { flavor in
        let serial = flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"
        return [
            """
            CREATE TABLE outbox_messages (id \(serial), dedup_key TEXT NOT NULL UNIQUE, ticket TEXT NOT NULL,
                event_sequence INTEGER NOT NULL, purpose TEXT NOT NULL, channel TEXT NOT NULL, language TEXT NOT NULL,
                variables TEXT NOT NULL, urgent INTEGER NOT NULL, status TEXT NOT NULL, withheld TEXT,
                attempts INTEGER NOT NULL, next_attempt_at BIGINT NOT NULL, last_error TEXT, created_at BIGINT NOT NULL,
                sent_at BIGINT, provider_id TEXT)
            """,
            "CREATE INDEX outbox_messages_due ON outbox_messages (status, next_attempt_at)",
            "CREATE INDEX outbox_messages_ticket ON outbox_messages (ticket, id)",
        ]
    }
}
