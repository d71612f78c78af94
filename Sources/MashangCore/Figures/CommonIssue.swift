import Foundation

/// 共性问题: a cluster of requests about one problem, turned into a single task handled once at the source by one
/// responsible unit; its answer reaches every requester of the cluster as the reply to their own ticket.
public struct CommonIssue: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case open, answered
    }

    public var id: Int64
    public var title: String
    public var category: String
    public var area: String
    public var organization: String
    public var department: String?
    public var status: Status
    public var answer: String?
    public var createdBy: String
    public var createdAt: Date
    public var answeredBy: String?
    public var answeredAt: Date?
    /// The member tickets' numbers, in the order they were linked.
    public var tickets: [String]

    public init(
        id: Int64, title: String, category: String, area: String, organization: String, department: String?, status: Status,
        answer: String?, createdBy: String, createdAt: Date, answeredBy: String?, answeredAt: Date?, tickets: [String]
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.area = area
        self.organization = organization
        self.department = department
        self.status = status
        self.answer = answer
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
        self.tickets = tickets
    }
}

/// What a coordinator submits to open a common issue.
public struct CommonIssueDraft: Sendable, Equatable {
    public var title: String
    public var organization: String
    public var department: String?
    public var tickets: [String]

    public static let maximumTickets = 500

    public init(title: String, organization: String, department: String?, tickets: [String]) {
        self.title = title
        self.organization = organization
        self.department = department
        self.tickets = tickets
    }

    /// Checks the fields against the reference data; the tickets are checked one by one when they are linked.
    public func validated(reference: ReferenceData) throws(ValidationError) -> CommonIssueDraft {
        var rules = FieldRules()
        var draft = self
        draft.title = rules.text(title, "title", max: 100) ?? ""
        rules.require(reference.organization(organization) != nil, "organization", "unknown")
        if let department { rules.require(reference.department(department, belongsTo: organization), "department", "unknown") }
        var unique: [String] = []
        for number in tickets where !unique.contains(number) { unique.append(number) }
        rules.require(unique.count >= 2, "tickets", "tooShort")
        rules.require(unique.count <= Self.maximumTickets, "tickets", "tooLong")
        rules.require(unique.allSatisfy(TicketNumber.isNumber), "tickets", "invalid")
        try rules.check()
        draft.tickets = unique
        return draft
    }

    /// Whether a ticket may join: open, and not already part of a common issue.
    public static func mayJoin(_ ticket: TicketState) -> Bool {
        ticket.status.isOpen && ticket.commonIssue == nil
    }
}

/// Who may do what with common issues (the ticket-level rules of `AuthorizationMatrix` still decide which tickets a
/// creator may put in).
public enum CommonIssuePolicy {
    static let coordinating: Set<Role> = [.dispatcher, .supervisor, .leader]

    /// The joint centre's dispatchers, supervisors and leaders open common issues (源头治理 is a joint decision).
    public static func mayCreate(_ staff: StaffActor) -> Bool {
        staff.isJointCentre && coordinating.contains(staff.role)
    }

    /// The joint centre and the responsible organisation see an issue.
    public static func mayView(_ staff: StaffActor, _ issue: CommonIssue) -> Bool {
        staff.isJointCentre || staff.organization == issue.organization
    }

    /// The responsible organisation's coordinators (or its department's handlers), and the joint centre's
    /// coordinators, answer it.
    public static func mayAnswer(_ staff: StaffActor, _ issue: CommonIssue) -> Bool {
        guard staff.isJointCentre || staff.organization == issue.organization else { return false }
        if coordinating.contains(staff.role) { return true }
        return staff.role == .handler && issue.department != nil && staff.department == issue.department
            && staff.organization == issue.organization
    }
}

/// An answer was submitted for a common issue that has been answered already.
public struct CommonIssueAlreadyAnswered: Error, Sendable, Equatable {
    public init() {}
}
