import Foundation
import MashangCore
import SQLKit

/// Attempts kept in `rate_limit_hits`, shared by every node on one PostgreSQL server. An attempt holds a transaction
/// lock on its key (`pg_advisory_xact_lock`), so two nodes counting the same key at once cannot both slip under the
/// limit; rows older than an hour are deleted now and then by the attempts themselves.
public struct SQLRateLimits: RateLimitStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func hits(_ key: String, since: Date) async throws -> [Date] {
        try await backend.read { database in try await Self.hits(key, since: since, on: database) }
    }

    public func record(_ key: String, at date: Date) async throws {
        try await backend.write { database in try await Self.insert(key, at: date, on: database) }
    }

    public func attempt(_ key: String, attempts: Int, since: Date, at date: Date) async throws -> [Date] {
        let flavor = backend.flavor
        return try await backend.write { database in
            if flavor == .postgres { try await database.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: key)))").run() }
            let hits = try await Self.hits(key, since: since, on: database)
            if hits.count < attempts { try await Self.insert(key, at: date, on: database) }
            return hits
        }
    }

    static func hits(_ key: String, since: Date, on database: any SQLDatabase) async throws -> [Date] {
        try await database.raw(
            "SELECT at FROM rate_limit_hits WHERE key = \(bind: key) AND at > \(bind: StoreTime.milliseconds(since)) ORDER BY at"
        ).all().map { StoreTime.date(try $0.decode(column: "at", as: Int64.self)) }
    }

    static func insert(_ key: String, at date: Date, on database: any SQLDatabase) async throws {
        let milliseconds = StoreTime.milliseconds(date)
        try await database.raw("INSERT INTO rate_limit_hits (key, at) VALUES (\(bind: key), \(bind: milliseconds))").run()
        // About one insert in 500 clears what no limit looks at any more (older than an hour).
        if Int.random(in: 0..<500) == 0 {
            try await database.raw("DELETE FROM rate_limit_hits WHERE at < \(bind: milliseconds - 3_600_000)").run()
        }
    }
}
