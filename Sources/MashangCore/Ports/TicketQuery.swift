import Foundation

/// Filters for the ticket list. Category and area filters include their subtrees (the caller expands them).
public struct TicketQuery: Sendable, Equatable {
    public var scope: TicketScope
    public var statuses: [TicketStatus]
    public var organization: String?
    public var department: String?
    public var categories: [String]?
    public var areas: [String]?
    public var channel: Channel?
    public var kind: TicketKind?
    public var receivedFrom: Date?
    /// Exclusive upper bound.
    public var receivedBefore: Date?
    /// Free text, matched as Chinese-aware substrings of the description (see `SearchText`), or a ticket number.
    public var text: String?
    public var page: Int
    public var pageSize: Int

    public init(scope: TicketScope = .all, statuses: [TicketStatus] = [], organization: String? = nil,
                department: String? = nil, categories: [String]? = nil, areas: [String]? = nil,
                channel: Channel? = nil, kind: TicketKind? = nil, receivedFrom: Date? = nil,
                receivedBefore: Date? = nil, text: String? = nil, page: Int = 1, pageSize: Int = 50) {
        self.scope = scope
        self.statuses = statuses
        self.organization = organization
        self.department = department
        self.categories = categories
        self.areas = areas
        self.channel = channel
        self.kind = kind
        self.receivedFrom = receivedFrom
        self.receivedBefore = receivedBefore
        self.text = text
        self.page = page
        self.pageSize = pageSize
    }

    public static let maxPageSize = 200
}

/// One row of a ticket list: the projection, without the history.
public struct TicketSummary: Codable, Sendable, Equatable {
    public var number: String
    public var status: TicketStatus
    public var channel: Channel
    public var kind: TicketKind
    public var category: String
    public var area: String
    public var urgency: Urgency
    public var tier: Tier
    public var leadOrganization: String
    public var department: String?
    public var description: String
    public var receivedAt: Date
    public var updatedAt: Date
    public var satisfaction: Satisfaction?

    public init(_ state: TicketState) {
        number = state.number
        status = state.status
        channel = state.channel
        kind = state.kind
        category = state.category
        area = state.area
        urgency = state.urgency
        tier = state.tier
        leadOrganization = state.leadOrganization
        department = state.department
        description = state.description
        receivedAt = state.receivedAt
        updatedAt = state.updatedAt
        satisfaction = state.satisfaction
    }
}

public struct TicketPage: Sendable, Equatable {
    public var items: [TicketSummary]
    /// Total rows matching the filters (all pages).
    public var total: Int
    public var page: Int
    public var pageSize: Int

    public init(items: [TicketSummary], total: Int, page: Int, pageSize: Int) {
        self.items = items
        self.total = total
        self.page = page
        self.pageSize = pageSize
    }
}
