/// The closed vocabularies a ticket is described with. Raw values are the stable codes used in the API and storage.

/// 受理渠道 — how a request reached the platform.
public enum Channel: String, Codable, Sendable, CaseIterable {
    case qr, hotline, walkIn, legalDay, sentimentReport, homeVisit, web, api
}

/// 诉求类型.
public enum TicketKind: String, Codable, Sendable, CaseIterable {
    case consultation, help, complaint, suggestion, dispute, praise
}

/// How urgent the requester's problem is; drives time limits in later issues.
public enum Urgency: String, Codable, Sendable, CaseIterable {
    case normal, urgent, critical
}

/// 满意度 recorded at follow-up.
public enum Satisfaction: String, Codable, Sendable, CaseIterable {
    case satisfied, basicallySatisfied, unsatisfied

    /// Whether this rating lets the ticket close.
    public var closesTicket: Bool {
        switch self {
        case .satisfied, .basicallySatisfied: true
        case .unsatisfied: false
        }
    }
}

/// 层级 — where a ticket is being handled: community/grid, member organisation, joint centre.
public enum Tier: String, Codable, Sendable, CaseIterable, Comparable {
    /// 基层: a community, grid, workshop or station.
    case grassroots
    /// A member organisation (or one of its departments above the grassroots).
    case organization
    /// The joint centre.
    case joint
    /// Beyond the mechanism: referred out to an authority outside it (矛盾上交).
    case beyond

    var rank: Int {
        switch self {
        case .grassroots: 0
        case .organization: 1
        case .joint: 2
        case .beyond: 3
        }
    }

    /// The tier an escalation moves to, or nil at the top (escalation never leaves the mechanism).
    public var next: Tier? {
        switch self {
        case .grassroots: .organization
        case .organization: .joint
        case .joint, .beyond: nil
        }
    }

    public static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rank < rhs.rank }
}

/// 退单原因 — why an organisation sends a dispatch back.
public enum SendBackReason: String, Codable, Sendable, CaseIterable {
    case notOurJurisdiction, insufficientInformation, duplicate, other
}

/// How a reply reached the requester.
public enum ContactMethod: String, Codable, Sendable, CaseIterable {
    case phone, sms, visit, inPerson, letter, online
}
