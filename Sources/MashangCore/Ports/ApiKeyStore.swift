import Foundation

/// An API key of a connected system (an Open311 client, a city hotline's software), scoped to one organisation.
/// Only the key's SHA-256 digest is stored; the key itself is shown once, when it is made.
public struct ApiKey: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var organization: String
    /// The key's first characters, to tell keys apart in lists.
    public var prefix: String
    public var createdAt: Date
    public var createdBy: String
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public var isActive: Bool { revokedAt == nil }

    public init(
        id: Int64, name: String, organization: String, prefix: String, createdAt: Date, createdBy: String,
        revokedAt: Date?, lastUsedAt: Date?
    ) {
        self.id = id
        self.name = name
        self.organization = organization
        self.prefix = prefix
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}

/// API keys of connected systems, found by digest.
public protocol ApiKeyStore: Sendable {
    func add(name: String, organization: String, digest: String, prefix: String, by username: String, at date: Date) async throws -> Int64
    /// Revokes a key; false when it was unknown or already revoked.
    func revoke(_ id: Int64, at date: Date) async throws -> Bool
    func activeKey(digest: String) async throws -> ApiKey?
    func markUsed(_ key: ApiKey, at date: Date) async throws
    /// One organisation's keys, or all with nil.
    func keys(organization: String?) async throws -> [ApiKey]
}

extension ApiKeyStore {
    /// Every organisation's keys.
    public func keys() async throws -> [ApiKey] { try await keys(organization: nil) }
}
