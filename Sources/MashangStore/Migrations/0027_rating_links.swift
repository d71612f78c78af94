extension Migrations {
    /// One-time links to rate a reply, sent with the reply's message: the token's digest (never the token), the ticket,
    /// when it expires and when it was used.
    static let createRatingLinks = Migration(name: "0027_rating_links") { _ in
        [
            """
            CREATE TABLE rating_links (digest TEXT PRIMARY KEY, ticket TEXT NOT NULL, outbox_id BIGINT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT)
            """
        ]
    }
}
