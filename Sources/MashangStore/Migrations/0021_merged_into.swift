extension Migrations {
    /// The ticket a merged one joined, so that its reply reaches every merged requester in the same transaction.
    /// Existing merged tickets take it from their last `merged` event.
    static let mergedInto = Migration(name: "0021_merged_into") { flavor in
        let into = flavor == .sqlite ? "json_extract(e.payload, '$.data.into')" : "(e.payload::jsonb -> 'data' ->> 'into')"
        let type = flavor == .sqlite ? "json_extract(e.payload, '$.type')" : "(e.payload::jsonb ->> 'type')"
        return [
            "ALTER TABLE tickets ADD COLUMN merged_into TEXT",
            """
            UPDATE tickets SET merged_into = (SELECT \(into) FROM ticket_events e WHERE e.ticket_id = tickets.id AND \(type) = 'merged'
                                              ORDER BY e.sequence DESC LIMIT 1)
            WHERE status = 'merged'
            """,
            "CREATE INDEX tickets_merged_into ON tickets (merged_into) WHERE merged_into IS NOT NULL",
        ]
    }
}
