extension Migrations {
    /// 2026-11: photos attached to public requests, kept in the database so that backups and several nodes see them.
    static let createPhotos = Migration(name: "0003_photos") { flavor in
        [
            """
            CREATE TABLE ticket_photos (ticket_id BIGINT NOT NULL REFERENCES tickets(id), position INTEGER NOT NULL,
                content_type TEXT NOT NULL, size INTEGER NOT NULL, data \(flavor == .sqlite ? "BLOB" : "BYTEA") NOT NULL,
                PRIMARY KEY (ticket_id, position))
            """
        ]
    }
}
