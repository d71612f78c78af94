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
    public var retiredOn: String?

    public init(
        code: String, parent: String?, name: String, nameEn: String, allowsAnonymous: Bool = false,
        questions: [CategoryQuestion] = [], retiredOn: String? = nil
    ) {
        self.retiredOn = retiredOn
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
    public var retiredOn: String?
    /// Where it lies (WGS-84); requests with coordinates are placed by it. Nil: not drawn yet.
    public var boundary: AreaBoundary?

    public init(code: String, parent: String?, name: String, nameEn: String, retiredOn: String? = nil, boundary: AreaBoundary? = nil) {
        self.retiredOn = retiredOn
        self.code = code
        self.parent = parent
        self.name = name
        self.nameEn = nameEn
        self.boundary = boundary
    }
}

/// 点位: a place with a printed QR code that pre-fills its area.
public struct IntakePoint: Codable, Sendable, Equatable {
    public var code: String
    public var area: String
    public var name: String
    public var nameEn: String
    public var retiredOn: String?
    /// Where the printed code hangs (WGS-84), if known.
    public var location: GeoPoint?

    public init(code: String, area: String, name: String, nameEn: String, retiredOn: String? = nil, location: GeoPoint? = nil) {
        self.retiredOn = retiredOn
        self.code = code
        self.area = area
        self.name = name
        self.nameEn = nameEn
        self.location = location
    }
}

/// An item of the reference data that can be retired (停用): kept for the history and the figures that name it, offered
/// no more for new requests, dispatches, tasks or rules.
public protocol Retirable {
    var code: String { get }
    var name: String { get set }
    var nameEn: String { get set }
    /// The China day (`yyyy-MM-dd`) it was retired on; nil while in use.
    var retiredOn: String? { get set }
}

extension Retirable {
    public var isRetired: Bool { retiredOn != nil }
}

extension Category: Retirable {}
extension Area: Retirable {}
extension IntakePoint: Retirable {}
