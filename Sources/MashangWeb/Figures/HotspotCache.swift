import Foundation
import MashangCore
import MashangServices
import ServiceLifecycle

/// Hotspot clusters per scope, off the request path: clustering two weeks of requests takes seconds at a city's volume
/// (2.8 s at 1,000,000 tickets), longer than a page may take. A page gets the clusters last worked out at once, while a
/// fresh set is worked out in the background once they are older than `lifetime`. With none yet, the page waits at
/// most `budget` and is drawn without them if the work takes longer (it goes on, for the next page).
///
/// The work runs inside `run()`, a service of the application: it ends, and clustering under way is cancelled, on
/// graceful shutdown. Until the service runs, pages wait their budget and are drawn without clusters.
public actor HotspotCache: Service {
    private struct Job: Sendable {
        let scope: String
        let now: Date
        let compute: @Sendable () async throws -> [Hotspot]
    }

    private var entries: [String: (at: Date, hotspots: [Hotspot])] = [:]
    private var running: Set<String> = []
    private var waiters: [String: [UUID: CheckedContinuation<[Hotspot]?, Never>]] = [:]
    /// Pages waiting for a scope's first clusters, until they have them or their budget ends.
    private var pending: Set<UUID> = []
    private let jobs: AsyncStream<Job>
    private let queue: AsyncStream<Job>.Continuation
    let lifetime: TimeInterval
    let budget: Duration

    public init(lifetime: TimeInterval = 300, budget: Duration = .milliseconds(150)) {
        self.lifetime = lifetime
        self.budget = budget
        (jobs, queue) = AsyncStream.makeStream()
    }

    /// Works out the clusters asked for, several scopes at once, until graceful shutdown.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            for await job in jobs.cancelOnGracefulShutdown() {
                group.addTask {
                    let result = try? await job.compute()
                    await self.finish(job.scope, at: job.now, result)
                }
            }
            group.cancelAll()
        }
    }

    /// The clusters of a scope, or nil while they are being worked out for the first time.
    func hotspots(scope: String, now: Date, compute: @escaping @Sendable () async throws -> [Hotspot]) async -> [Hotspot]? {
        if let entry = entries[scope] {
            if now.timeIntervalSince(entry.at) >= lifetime || entry.at > now { start(Job(scope: scope, now: now, compute: compute)) }
            return entry.hotspots
        }
        start(Job(scope: scope, now: now, compute: compute))
        let id = UUID(), budget = self.budget
        pending.insert(id)
        // Whichever comes first: the clusters or the end of the budget; the loser is ended before the group returns.
        return await withTaskGroup(of: [Hotspot]?.self) { group in
            group.addTask { await self.wait(scope, id) }
            group.addTask {
                try? await Task.sleep(for: budget)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            abandon(scope, id)
            return first
        }
    }

    /// Queues a scope's clustering unless it is under way.
    private func start(_ job: Job) {
        guard running.insert(job.scope).inserted else { return }
        queue.yield(job)
    }

    private func wait(_ scope: String, _ id: UUID) async -> [Hotspot]? {
        guard pending.contains(id) else { return nil }
        if let entry = entries[scope] { return entry.hotspots }
        return await withCheckedContinuation { waiters[scope, default: [:]][id] = $0 }
    }

    /// The page stopped waiting: its waiter, if still there, is answered with nothing.
    private func abandon(_ scope: String, _ id: UUID) {
        pending.remove(id)
        waiters[scope]?.removeValue(forKey: id)?.resume(returning: nil)
    }

    private func finish(_ scope: String, at date: Date, _ hotspots: [Hotspot]?) {
        running.remove(scope)
        if let hotspots { entries[scope] = (date, hotspots) }
        for (id, waiter) in waiters.removeValue(forKey: scope) ?? [:] {
            pending.remove(id)
            waiter.resume(returning: hotspots)
        }
    }
}
