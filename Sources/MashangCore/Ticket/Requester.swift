/// 诉求人. Both fields are nil for an anonymous request (allowed only where the category allows it).
public struct Requester: Codable, Sendable, Equatable {
    public var name: String?
    public var phone: String?

    public init(name: String? = nil, phone: String? = nil) {
        self.name = name
        self.phone = phone
    }

    public var isAnonymous: Bool { name == nil && phone == nil }
}
