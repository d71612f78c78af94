/// 成员单位. The joint centre (联合调解中心) is an organisation of kind `joint` that sees and decides everything.
public struct Organization: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case enterprise, government, court, police, joint
    }

    public var code: String
    public var name: String
    public var nameEn: String
    public var kind: Kind

    public init(code: String, name: String, nameEn: String, kind: Kind) {
        self.code = code
        self.name = name
        self.nameEn = nameEn
        self.kind = kind
    }
}

/// 部门, inside one organisation.
public struct Department: Codable, Sendable, Equatable {
    public var code: String
    public var organization: String
    public var name: String
    public var nameEn: String

    public init(code: String, organization: String, name: String, nameEn: String) {
        self.code = code
        self.organization = organization
        self.name = name
        self.nameEn = nameEn
    }
}
