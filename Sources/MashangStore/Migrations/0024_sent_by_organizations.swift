extension Migrations {
    /// 我单位派出: an organisation that dispatched a ticket to another keeps seeing it, read-only, through a `sent:`
    /// party. Existing tickets take theirs from their dispatch events (the dispatching user's organisation, when it is
    /// not the organisation the ticket went to), as `TicketState.sentBy` folds them.
    static let sentByOrganizations = Migration(name: "0024_sent_by_organizations") { flavor in
        let target = flavor == .sqlite ? "json_extract(payload, '$.data.organization')" : "(payload::jsonb -> 'data' ->> 'organization')"
        return [
            """
            INSERT INTO ticket_parties (party, ticket_id)
            SELECT DISTINCT 'sent:' || actor_org, ticket_id FROM ticket_events
            WHERE type = 'dispatched' AND actor_org IS NOT NULL AND actor_org <> \(target)
            """
        ]
    }
}
