import Foundation
import MashangCore
import SQLKit

/// Attempts kept in `rate_limit_windows`, shared by every node on one PostgreSQL server: one row per key holding its
/// attempts of the last hour (the longest window). An attempt is a single upsert, which locks the key's row and sees
/// its latest committed attempts, so two nodes counting the same key at once cannot both slip under the limit; keys
/// idle for an hour are deleted now and then by the attempts themselves.
public struct SQLRateLimits: RateLimitStore {
    let backend: any SQLBackend

    /// Attempts older than this are dropped whenever their key is written.
    static let kept: Int64 = 3_600_000

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func hits(_ key: String, since: Date) async throws -> [Date] {
        let row = try await backend.read { database in
            try await database.raw("SELECT hits FROM rate_limit_windows WHERE key = \(bind: key)").first()
        }
        let since = StoreTime.milliseconds(since)
        return try (row?.decode(column: "hits", as: [Int64].self) ?? []).filter { $0 > since }.map(StoreTime.date)
    }

    public func record(_ key: String, at date: Date) async throws {
        _ = try await upsert(key, attempts: .max, since: date, at: date)
    }

    public func attempt(_ key: String, attempts: Int, since: Date, at date: Date) async throws -> [Date] {
        try await upsert(key, attempts: attempts, since: since, at: date)
    }

    /// Adds an attempt at `date` when fewer than `attempts` were made since `since`; returns those made before it.
    private func upsert(_ key: String, attempts: Int, since: Date, at date: Date) async throws -> [Date] {
        let now = StoreTime.milliseconds(date), since = StoreTime.milliseconds(since), limit = Int64(min(attempts, Int(Int32.max)))
        return try await backend.read { database in
            let row = try await database.raw(
                """
                INSERT INTO rate_limit_windows AS w (key, hits, last_at, recorded)
                VALUES (\(bind: key), ARRAY[\(bind: now)::BIGINT], \(bind: now), TRUE)
                ON CONFLICT (key) DO UPDATE SET
                    hits = ARRAY(SELECT h FROM unnest(w.hits) AS h WHERE h > \(bind: now - Self.kept) ORDER BY h)
                        || CASE WHEN (SELECT count(*) FROM unnest(w.hits) AS h WHERE h > \(bind: since)) < \(bind: limit)
                            THEN ARRAY[\(bind: now)::BIGINT] ELSE ARRAY[]::BIGINT[] END,
                    recorded = (SELECT count(*) FROM unnest(w.hits) AS h WHERE h > \(bind: since)) < \(bind: limit),
                    last_at = GREATEST(w.last_at, \(bind: now))
                RETURNING hits, recorded
                """
            ).first()
            // About one attempt in 500 clears the keys no limit looks at any more.
            if Int.random(in: 0..<500) == 0 {
                try await database.raw("DELETE FROM rate_limit_windows WHERE last_at < \(bind: now - Self.kept)").run()
            }
            guard let row else { throw CorruptRow(column: "hits", value: key) }
            var hits = try row.decode(column: "hits", as: [Int64].self).filter { $0 > since }
            if try row.decode(column: "recorded", as: Bool.self), let added = hits.lastIndex(of: now) { hits.remove(at: added) }
            return hits.map(StoreTime.date)
        }
    }
}
