import Foundation
import MashangCore
import MashangServices

/// Hotspot clusters per scope, off the request path: clustering two weeks of requests takes seconds at a city's volume
/// (2.8 s at 1,000,000 tickets), longer than a page may take. A page gets the clusters last worked out at once, while a
/// fresh set is worked out in the background once they are older than `lifetime`. With none yet, the page waits at
/// most `budget` and is drawn without them if the work takes longer (it goes on, for the next page).
actor HotspotCache {
    private var entries: [String: (at: Date, hotspots: [Hotspot])] = [:]
    private var running: [String: Task<[Hotspot], any Error>] = [:]
    let lifetime: TimeInterval
    let budget: Duration

    init(lifetime: TimeInterval = 300, budget: Duration = .milliseconds(150)) {
        self.lifetime = lifetime
        self.budget = budget
    }

    /// The clusters of a scope, or nil while they are being worked out for the first time.
    func hotspots(scope: String, now: Date, compute: @escaping @Sendable () async throws -> [Hotspot]) async -> [Hotspot]? {
        if let entry = entries[scope] {
            if now.timeIntervalSince(entry.at) >= lifetime || entry.at > now { _ = start(scope, now: now, compute) }
            return entry.hotspots
        }
        let task = start(scope, now: now, compute)
        let budget = self.budget
        // Whichever comes first: the clusters or the end of the budget. (A task group would wait for both: awaiting a
        // task's value does not end when cancelled.)
        return await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            Task { answer.give(try? await task.value) }
            Task {
                try? await Task.sleep(for: budget)
                answer.give(nil)
            }
        }
    }

    /// Starts working out a scope's clusters unless that is under way; the result is kept when it arrives.
    private func start(_ scope: String, now: Date, _ compute: @escaping @Sendable () async throws -> [Hotspot]) -> Task<[Hotspot], any Error> {
        if let task = running[scope] { return task }
        let task = Task { try await compute() }
        running[scope] = task
        Task {
            let result = try? await task.value
            self.finish(scope, at: now, result)
        }
        return task
    }

    private func finish(_ scope: String, at date: Date, _ hotspots: [Hotspot]?) {
        running[scope] = nil
        if let hotspots { entries[scope] = (date, hotspots) }
    }
}

/// Resumes a continuation with the first value given; later ones are dropped.
private final class FirstAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<[Hotspot]?, Never>?

    init(_ continuation: CheckedContinuation<[Hotspot]?, Never>) { self.continuation = continuation }

    func give(_ value: [Hotspot]?) {
        lock.lock()
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(returning: value)
    }
}
