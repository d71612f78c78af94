/// One jurisdiction rule: (category subtree, area subtree, kind, keywords) → lead organisation and department.
/// Nil conditions match anything; a rule with keywords matches when the description contains any of them.
public struct DispatchRule: Codable, Sendable, Equatable {
    public var code: String
    public var category: String?
    public var area: String?
    public var kind: TicketKind?
    public var keywords: [String]
    public var organization: String
    public var department: String?

    public init(
        code: String, category: String? = nil, area: String? = nil, kind: TicketKind? = nil,
        keywords: [String] = [], organization: String, department: String? = nil
    ) {
        self.code = code
        self.category = category
        self.area = area
        self.kind = kind
        self.keywords = keywords
        self.organization = organization
        self.department = department
    }
}

/// Where the rules send a ticket.
public struct RoutingDecision: Sendable, Equatable {
    public var organization: String
    public var department: String?
    public var rule: String

    public init(organization: String, department: String?, rule: String) {
        self.organization = organization
        self.department = department
        self.rule = rule
    }
}

/// A rule set that cannot be loaded, with the offending rules named.
public struct DispatchRuleError: Error, Sendable, Equatable {
    public enum Problem: Sendable, Equatable {
        /// Two rules match the same tickets with the same specificity but route differently.
        case tie(String, String)
        case unknownCategory(rule: String)
        case unknownArea(rule: String)
    }
    public var problems: [Problem]

    public init(problems: [Problem]) {
        self.problems = problems
    }
}
