import Foundation
import MashangCore

/// The full ticket as the API returns it: the state (with its task, reply and follow-up lists) plus the history,
/// the requester's contact masked (`POST …/contact` reveals it).
struct TicketDetailView: Encodable {
    /// A time limit with its standing now.
    struct DeadlineView: Encodable {
        var deadline: Deadline
        var standing: Deadline.Standing

        func encode(to encoder: any Encoder) throws {
            try deadline.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(standing, forKey: .standing)
        }
        private enum CodingKeys: String, CodingKey { case standing }
    }

    let ticket: StoredTicket
    let deadlines: [DeadlineView]

    init(ticket: StoredTicket, calendar: CalendarCache.Snapshot, now: Date) {
        self.ticket = ticket.maskingContact
        deadlines = calendar.deadlines(of: ticket).map { DeadlineView(deadline: $0, standing: $0.standing(at: now)) }
    }

    private enum CodingKeys: String, CodingKey { case events, deadlines }

    func encode(to encoder: any Encoder) throws {
        try ticket.state.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket.events, forKey: .events)
        try container.encode(deadlines, forKey: .deadlines)
    }
}

/// The answer to a creation.
struct CreatedTicketView: Encodable {
    var number: String
    var status: TicketStatus
    var leadOrganization: String
    var suggestedOrganization: String?
    var suggestedDepartment: String?
    var trackingCode: String?

    init(_ state: TicketState, includeTrackingCode: Bool) {
        number = state.number
        status = state.status
        leadOrganization = state.leadOrganization
        suggestedOrganization = state.suggestedOrganization
        suggestedDepartment = state.suggestedDepartment
        trackingCode = includeTrackingCode ? state.trackingCode : nil
    }
}

struct TicketPageView: Encodable {
    var items: [TicketSummary]
    var page: Int
    var pageSize: Int
    var total: Int
    var totalIsLowerBound: Bool

    init(_ page: TicketPage) {
        items = page.items
        self.page = page.page
        pageSize = page.pageSize
        total = page.total
        totalIsLowerBound = page.totalIsLowerBound
    }
}
