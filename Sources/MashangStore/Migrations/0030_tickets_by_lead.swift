extension Migrations {
    /// An organisation's tickets in intake order. A desk's list of one organisation's tickets in any status walked
    /// `tickets_lead_status` status by status and sorted them: 1.1–1.2 s at 1,000,000 tickets for pages 2–7 of
    /// 广华街道's; in this index's order it reads just the page (docs/benchmarks.md).
    static let ticketsByLead = Migration(name: "0030_tickets_by_lead") { flavor in
        ["CREATE INDEX tickets_lead ON tickets (lead_org\(flavor == .postgres ? ", id" : ""))"]
    }
}
