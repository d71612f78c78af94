/// The registers of the mechanism's other arms (DESIGN.md §1): each is a `RegisterSchema`.
public enum RegisterKind: String, Sendable, Codable, CaseIterable {
    /// 矛盾联调: a mediation case opened from a dispute ticket.
    case mediation
    /// 风险联防: a hazard with owners, duty posts and inspections.
    case risk
    /// 员工思想动态快报: a grassroots unit's monthly report.
    case sentiment
    /// 帮扶对象: a household of the assistance service, with visits and help given.
    case household
    /// 锦旗、感谢信 received.
    case commendation
    /// 法治宣讲、居民代表座谈.
    case outreach

    /// The URL segment of its pages and API (`/staff/mediations`, `/api/v1/mediations`).
    public var path: String {
        switch self {
        case .mediation: "mediations"
        case .risk: "risks"
        case .sentiment: "sentiment-reports"
        case .household: "households"
        case .commendation: "commendations"
        case .outreach: "outreach"
        }
    }

    public init?(path: String) {
        guard let kind = Self.allCases.first(where: { $0.path == path }) else { return nil }
        self = kind
    }

    public var schema: RegisterSchema {
        switch self {
        case .mediation: RegisterSchemas.mediation
        case .risk: RegisterSchemas.risk
        case .sentiment: RegisterSchemas.sentiment
        case .household: RegisterSchemas.household
        case .commendation: RegisterSchemas.commendation
        case .outreach: RegisterSchemas.outreach
        }
    }
}
