import Foundation
import MashangCore
import SQLKit

/// API keys over SQL.
public struct SQLApiKeyStore: ApiKeyStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func add(
        name: String, organization: String, digest: String, prefix: String, by username: String,
        at date: Date
    ) async throws -> Int64 {
        try await backend.write { database in
            let row = try await database.raw(
                """
                INSERT INTO api_keys (name, organization, digest, prefix, created_at, created_by)
                VALUES (\(bind: name), \(bind: organization), \(bind: digest), \(bind: prefix), \(bind: StoreTime.milliseconds(date)), \(bind: username))
                RETURNING id
                """
            ).first()
            return try row.orThrow(CorruptRow(column: "id", value: "")).decode(column: "id", as: Int64.self)
        }
    }

    /// Revokes a key for good; false when there is no such active key.
    public func revoke(_ id: Int64, at date: Date) async throws -> Bool {
        try await backend.write { database in
            let rows = try await database.raw(
                """
                UPDATE api_keys SET revoked_at = \(bind: StoreTime.milliseconds(date)) WHERE id = \(bind: id) AND revoked_at IS NULL
                RETURNING id
                """
            ).all()
            return !rows.isEmpty
        }
    }

    /// The active key with this digest, if any.
    public func activeKey(digest: String) async throws -> ApiKey? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM api_keys WHERE digest = \(bind: digest) AND revoked_at IS NULL").first().map(Self.key)
        }
    }

    /// Records the day a key was last used (once per key and minute at most, so reads do not become writes).
    public func markUsed(_ key: ApiKey, at date: Date) async throws {
        if let last = key.lastUsedAt, date.timeIntervalSince(last) < 60 { return }
        try await backend.write { database in
            try await database.raw("UPDATE api_keys SET last_used_at = \(bind: StoreTime.milliseconds(date)) WHERE id = \(bind: key.id)")
                .run()
        }
    }

    /// Every key, newest first; an organisation's own when `organization` is given.
    public func keys(organization: String? = nil) async throws -> [ApiKey] {
        try await backend.read { database in
            let filter: SQLQueryString = organization.map { "WHERE organization = \(bind: $0)" } ?? ""
            return try await database.raw("SELECT * FROM api_keys \(filter) ORDER BY id DESC").all().map(Self.key)
        }
    }

    static func key(_ row: any SQLRow) throws -> ApiKey {
        ApiKey(
            id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
            organization: try row.decode(column: "organization", as: String.self),
            prefix: try row.decode(column: "prefix", as: String.self),
            createdAt: StoreTime.date(try row.decode(column: "created_at", as: Int64.self)),
            createdBy: try row.decode(column: "created_by", as: String.self),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(StoreTime.date),
            lastUsedAt: try row.decode(column: "last_used_at", as: Int64?.self).map(StoreTime.date))
    }
}
