import Foundation
import MashangCore

/// The full ticket as the API returns it: the state (with its task, reply and follow-up lists) plus the history,
/// the requester's contact masked (`POST …/contact` reveals it).
struct TicketDetailView: Encodable {
    let ticket: StoredTicket

    init(ticket: StoredTicket) {
        self.ticket = ticket.maskingContact
    }

    private enum CodingKeys: String, CodingKey { case events }

    func encode(to encoder: any Encoder) throws {
        try ticket.state.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ticket.events, forKey: .events)
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
