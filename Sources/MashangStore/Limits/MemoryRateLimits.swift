import Foundation
import MashangCore
import Synchronization

/// Attempts kept in this process: right for the embedded SQLite deployment, which is one process by construction.
public final class MemoryRateLimits: RateLimitStore {
    private let recent = Mutex<[String: [Date]]>([:])
    private static let maxKeys = 100_000
    /// No limit looks back further than an hour.
    static let horizon: TimeInterval = 3600

    public init() {}

    public func hits(_ key: String, since: Date) -> [Date] {
        recent.withLock { ($0[key] ?? []).filter { $0 > since } }
    }

    public func record(_ key: String, at date: Date) {
        recent.withLock { Self.add(key, at: date, to: &$0) }
    }

    public func attempt(_ key: String, attempts: Int, since: Date, at date: Date) -> [Date] {
        recent.withLock { recent in
            let hits = (recent[key] ?? []).filter { $0 > since }
            if hits.count < attempts { Self.add(key, at: date, to: &recent) }
            return hits
        }
    }

    private static func add(_ key: String, at date: Date, to recent: inout [String: [Date]]) {
        if recent.count > maxKeys { recent.removeAll(keepingCapacity: true) }
        recent[key] = (recent[key] ?? []).filter { date.timeIntervalSince($0) < horizon } + [date]
    }
}
