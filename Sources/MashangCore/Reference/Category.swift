/// 分类: a node of the configurable category tree.
public struct Category: Codable, Sendable, Equatable {
    public var code: String
    public var parent: String?
    public var name: String
    public var nameEn: String
    /// Whether a request in this category may be submitted without name and phone.
    public var allowsAnonymous: Bool
    /// What every request in this category (and its subcategories) is asked, beyond the description.
    public var questions: [CategoryQuestion]

    public init(code: String, parent: String?, name: String, nameEn: String, allowsAnonymous: Bool = false,
                questions: [CategoryQuestion] = []) {
        self.code = code
        self.parent = parent
        self.name = name
        self.nameEn = nameEn
        self.allowsAnonymous = allowsAnonymous
        self.questions = questions
    }
}

/// 社区 / 网格: a node of the area tree.
public struct Area: Codable, Sendable, Equatable {
    public var code: String
    public var parent: String?
    public var name: String
    public var nameEn: String

    public init(code: String, parent: String?, name: String, nameEn: String) {
        self.code = code
        self.parent = parent
        self.name = name
        self.nameEn = nameEn
    }
}

/// 点位: a place with a printed QR code that pre-fills its area.
public struct IntakePoint: Codable, Sendable, Equatable {
    public var code: String
    public var area: String
    public var name: String
    public var nameEn: String

    public init(code: String, area: String, name: String, nameEn: String) {
        self.code = code
        self.area = area
        self.name = name
        self.nameEn = nameEn
    }
}
