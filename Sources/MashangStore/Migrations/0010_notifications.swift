extension Migrations {
    /// The in-app inbox: notifications written with the event that raised them, addressed to audiences; reads per user.
    static let createNotifications = Migration(name: "0010_notifications") { flavor in
        [
            """
            CREATE TABLE notifications (id \(flavor == .sqlite ? "INTEGER PRIMARY KEY" : "BIGSERIAL PRIMARY KEY"), ticket TEXT NOT NULL,
                kind TEXT NOT NULL, details TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE notification_audiences (audience TEXT NOT NULL, notification_id BIGINT NOT NULL REFERENCES notifications(id),
                PRIMARY KEY (audience, notification_id))
            """,
            """
            CREATE TABLE notification_reads (username TEXT NOT NULL, notification_id BIGINT NOT NULL REFERENCES notifications(id),
                PRIMARY KEY (username, notification_id))
            """,
        ]
    }
}
