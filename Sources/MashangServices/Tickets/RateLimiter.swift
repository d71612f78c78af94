import Foundation
import MashangCore

/// Counts attempts per key in a sliding window and says when a key has had enough, over the deployment's
/// `RateLimitStore`: in memory for the single SQLite process, in the database for PostgreSQL nodes, which then give
/// a client the same answers whichever node it reaches.
public final class RateLimiter: Sendable {
    public struct Limit: Sendable {
        public var attempts: Int
        public var window: TimeInterval

        public init(attempts: Int, window: TimeInterval) {
            self.attempts = attempts
            self.window = window
        }
    }

    let store: any RateLimitStore
    /// Public submissions one address may make in ten minutes: `intakePerAddress` unless the deployment raised it
    /// (`MASHANG_INTAKE_PER_ADDRESS`, for many people behind one address).
    public let publicIntakePerAddress: Limit

    public init(store: any RateLimitStore, publicIntakePerAddress: Int? = nil) {
        self.store = store
        self.publicIntakePerAddress =
            publicIntakePerAddress.map { Limit(attempts: $0, window: Self.intakePerAddress.window) }
            ?? Self.intakePerAddress
    }

    /// Records an attempt for `key` at `now`. Returns nil when it is within the limit, or the seconds to wait.
    public func attempt(_ key: String, limit: Limit, at now: Date) async throws -> Int? {
        Self.wait(try await store.attempt(key, attempts: limit.attempts, since: now.addingTimeInterval(-limit.window), at: now), limit, now)
    }

    /// The seconds to wait if `key` has used up its limit, without recording anything.
    public func check(_ key: String, limit: Limit, at now: Date) async throws -> Int? {
        Self.wait(try await store.hits(key, since: now.addingTimeInterval(-limit.window)), limit, now)
    }

    /// Records an attempt (for limits that count failures only).
    public func record(_ key: String, at now: Date) async throws {
        try await store.record(key, at: now)
    }

    static func wait(_ hits: [Date], _ limit: Limit, _ now: Date) -> Int? {
        guard hits.count >= limit.attempts, let first = hits.first else { return nil }
        return max(1, Int((limit.window - now.timeIntervalSince(first)).rounded(.up)))
    }

    /// Public intake: per address and per phone.
    public static let intakePerAddress = Limit(attempts: 20, window: 600)
    public static let intakePerPhone = Limit(attempts: 5, window: 3600)
    /// The public tracking page: lookups and ratings per address, failed ones per address, and failed ones per ticket
    /// (after which only the tracking code opens it).
    public static let trackPerAddress = Limit(attempts: 60, window: 600)
    public static let trackFailuresPerAddress = Limit(attempts: 10, window: 900)
    public static let trackFailuresPerTicket = Limit(attempts: 5, window: 3600)
    /// Sign-in (API token or page): per address and per username.
    public static let loginPerAddress = Limit(attempts: 30, window: 900)
    public static let loginPerUser = Limit(attempts: 10, window: 900)
}

/// Too many attempts: 429 with `Retry-After`.
public struct TooManyRequests: Error, Sendable {
    public var retryAfter: Int
    /// `too_many_requests`, or `account_locked` after repeated failed sign-ins.
    public var code = "too_many_requests"

    public init(retryAfter: Int, code: String = "too_many_requests") {
        self.retryAfter = retryAfter
        self.code = code
    }

    public static func accountLocked(retryAfter: Int) -> TooManyRequests {
        TooManyRequests(retryAfter: retryAfter, code: "account_locked")
    }
}
