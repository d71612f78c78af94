/// 成员单位. The joint centre (联合调解中心) is an organisation of kind `joint` that sees and decides everything.
public struct Organization: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case enterprise, government, court, police, joint
    }

    public var code: String
    public var name: String
    public var nameEn: String
    public var kind: Kind
    /// The level requests resolved here count at (分级化解): the joint centre's own; for a member organisation its
    /// departments' unless they say otherwise; `beyond` for an authority outside the mechanism that takes referrals.
    public var level: Tier
    public var retiredOn: String?

    public init(code: String, name: String, nameEn: String, kind: Kind, level: Tier? = nil, retiredOn: String? = nil) {
        self.retiredOn = retiredOn
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
        self.level = level ?? (kind == .joint ? .joint : .organization)
    }

    private enum CodingKeys: String, CodingKey { case code, name, nameEn, kind, level, retiredOn }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try container.decode(String.self, forKey: .code), name: try container.decode(String.self, forKey: .name),
            nameEn: try container.decode(String.self, forKey: .nameEn), kind: try container.decode(Kind.self, forKey: .kind),
            level: try container.decodeIfPresent(Tier.self, forKey: .level),
            retiredOn: try container.decodeIfPresent(String.self, forKey: .retiredOn))
    }
}

/// 部门, inside one organisation.
public struct Department: Codable, Sendable, Equatable {
    public var code: String
    public var organization: String
    public var name: String
    public var nameEn: String
    /// 基层 for a community, grid, workshop or station; nil: the organisation's level.
    public var level: Tier?
    public var retiredOn: String?

    public init(code: String, organization: String, name: String, nameEn: String, level: Tier? = nil, retiredOn: String? = nil) {
        self.retiredOn = retiredOn
        self.code = code
        self.organization = organization
        self.name = name
        self.nameEn = nameEn
        self.level = level
    }
}

extension Organization: Retirable {}
extension Department: Retirable {}
