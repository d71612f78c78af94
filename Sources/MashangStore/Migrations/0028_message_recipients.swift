extension Migrations {
    /// Messages to staff and to residents with a reception booking besides requesters: who receives each outbox row and
    /// the occasion that makes a reminder unique; the channel each staff member chose for alerts (the address sealed);
    /// and the templates administrators edited (the defaults live in the code).
    static let messageRecipients = Migration(name: "0028_message_recipients") { _ in
        [
            "ALTER TABLE outbox_messages ADD COLUMN recipient TEXT NOT NULL DEFAULT 'requester'",
            "ALTER TABLE outbox_messages ADD COLUMN occasion TEXT NOT NULL DEFAULT ''",
            """
            CREATE TABLE staff_contacts (username TEXT PRIMARY KEY, channel TEXT NOT NULL, address TEXT NOT NULL,
                language TEXT NOT NULL, updated_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE message_templates (purpose TEXT NOT NULL, language TEXT NOT NULL, text TEXT NOT NULL,
                updated_by TEXT NOT NULL, updated_at BIGINT NOT NULL, PRIMARY KEY (purpose, language))
            """,
        ]
    }
}
