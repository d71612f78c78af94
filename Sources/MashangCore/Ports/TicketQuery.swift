import Foundation

/// Filters for the ticket list. Category and area filters include their subtrees (the caller expands them).
public struct TicketQuery: Sendable, Hashable {
    public var scope: TicketScope
    public var statuses: [TicketStatus]
    public var organization: String?
    public var department: String?
    public var categories: [String]?
    public var areas: [String]?
    public var channel: Channel?
    /// Any of these channels (Open311's public reads leave the internal ones out).
    public var channels: [Channel]?
    public var kind: TicketKind?
    public var receivedFrom: Date?
    /// Exclusive upper bound.
    public var receivedBefore: Date?
    /// Free text, matched as Chinese-aware substrings of the description (see `SearchText`), or a ticket number.
    public var text: String?
    /// The keyed hash of a normalised requester phone (see `ContactCipher.phoneDigest`); phones are never
    /// searched in clear.
    public var phoneDigest: String?
    /// Open-task deadlines: tickets whose earliest open task is due in this range of `yyyy-MM-dd` days (inclusive),
    /// or `.noOpenTasks` for tickets with none open (ready for a reply when in progress).
    public var due: DueFilter?
    /// Oldest first instead of newest first.
    public var oldestFirst: Bool
    /// Earliest open task first (任务清单), then oldest first; tickets without an open task last.
    public var dueFirst = false
    public var page: Int
    public var pageSize: Int

    /// The text filter without surrounding white space; nil when there is none.
    public var trimmedText: String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// True when the text filter searches descriptions: there is one, and it is not a ticket number.
    public var searchesText: Bool { trimmedText.map { !TicketNumber.isNumber($0) } ?? false }

    /// How far the list's total is counted: `TicketPage.searchCountLimit` for a text search, `TicketPage.countLimit`
    /// otherwise.
    public var countLimit: Int { searchesText ? TicketPage.searchCountLimit : TicketPage.countLimit }

    public enum DueFilter: Sendable, Hashable {
        case between(String, String)
        case before(String)
        case noOpenTasks
    }

    public init(
        scope: TicketScope = .all, statuses: [TicketStatus] = [], organization: String? = nil,
        department: String? = nil, categories: [String]? = nil, areas: [String]? = nil,
        channel: Channel? = nil, kind: TicketKind? = nil, receivedFrom: Date? = nil,
        receivedBefore: Date? = nil, text: String? = nil, phoneDigest: String? = nil, due: DueFilter? = nil,
        oldestFirst: Bool = false, page: Int = 1, pageSize: Int = 50
    ) {
        self.phoneDigest = phoneDigest
        self.due = due
        self.oldestFirst = oldestFirst
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
    /// What the store reads at most in one page: lists people read stop at `maxPageSize`; Open311 answers up to 1,000.
    public static let maxBulkPageSize = 1000
}

/// One row of a ticket list: the projection, without the history.
public struct TicketSummary: Encodable, Sendable, Equatable {
    /// The ticket's version (its number of events): what a summary made, encoded or cached from it stays valid for.
    /// Not part of the encoded summary.
    public var version: Int
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

    public init(
        number: String, status: TicketStatus, channel: Channel, kind: TicketKind, category: String,
        area: String, urgency: Urgency, tier: Tier, leadOrganization: String, department: String?,
        description: String, receivedAt: Date, updatedAt: Date, satisfaction: Satisfaction?, version: Int
    ) {
        self.version = version
        self.number = number
        self.status = status
        self.channel = channel
        self.kind = kind
        self.category = category
        self.area = area
        self.urgency = urgency
        self.tier = tier
        self.leadOrganization = leadOrganization
        self.department = department
        self.description = description
        self.receivedAt = receivedAt
        self.updatedAt = updatedAt
        self.satisfaction = satisfaction
    }

    public init(_ state: TicketState) {
        version = state.version
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

    private enum CodingKeys: String, CodingKey {
        case number, status, channel, kind, category, area, urgency, tier, leadOrganization, department, description
        case receivedAt, updatedAt, satisfaction
    }
}

public struct TicketPage: Sendable, Equatable {
    public var items: [TicketSummary]
    /// Rows matching the filters (all pages), counted up to the query's `countLimit`.
    public var total: Int
    /// True when more rows match than were counted.
    public var totalIsLowerBound: Bool
    public var page: Int
    public var pageSize: Int

    public static let countLimit = 10_000
    /// A text search's total is counted only this far: counting its later matches was most of a search's time, and
    /// past a thousand matches the next step is a narrower search, not a count.
    public static let searchCountLimit = 1_000

    public init(items: [TicketSummary], total: Int, totalIsLowerBound: Bool, page: Int, pageSize: Int) {
        self.items = items
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
        self.page = page
        self.pageSize = pageSize
    }
}
