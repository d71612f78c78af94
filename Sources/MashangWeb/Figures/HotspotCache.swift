import Foundation
import MashangCore

/// Hotspot clusters per scope, worked out at most once every few minutes: clustering two weeks of requests is the
/// slowest part of the dashboard, and clusters change slowly.
actor HotspotCache {
    private var entries: [String: (at: Date, hotspots: [Hotspot])] = [:]
    let lifetime: TimeInterval

    init(lifetime: TimeInterval = 300) { self.lifetime = lifetime }

    func hotspots(scope: String, now: Date, compute: @Sendable () async throws -> [Hotspot]) async throws -> [Hotspot] {
        if let entry = entries[scope], now.timeIntervalSince(entry.at) < lifetime, entry.at <= now { return entry.hotspots }
        let hotspots = try await compute()
        entries[scope] = (now, hotspots)
        return hotspots
    }

    func clear() { entries = [:] }
}
