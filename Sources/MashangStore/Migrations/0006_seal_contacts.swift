extension Migrations {
    /// Phones leave the projection (they are kept sealed in the creation event); a keyed hash takes their place
    /// for search.
    static let sealContacts = Migration(name: "0006_seal_contacts") { _ in
        [
            "ALTER TABLE tickets ADD COLUMN requester_phone_hash TEXT",
            "UPDATE tickets SET requester_phone = NULL",
            "CREATE INDEX tickets_phone_hash ON tickets (requester_phone_hash)",
        ]
    }
}
