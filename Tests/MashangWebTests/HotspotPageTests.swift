import Foundation
import HTTPTypes
import Logging
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import ServiceLifecycle
import Synchronization
import Testing

@testable import MashangWeb

struct HotspotPageTests {
    @Test func similarRequestsFromOneCommunityShowAsARisingHotspot() async throws {
        try await WebHarness.run { web in
            let texts = ["三栋电梯经常困人", "电梯又困人了，三栋", "三栋电梯困人，请尽快修", "电梯经常困人，很危险"]
            var numbers: [String] = []
            for text in texts {
                let response = try await web.request(
                    .post, "/api/v1/intake",
                    body: [
                        "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "property.elevator", "description": text,
                        "requester": ["name": "王华", "phone": "13812345678"],
                    ])
                numbers.append(try #require(response["number"] as? String, "\(response.json)"))
            }
            _ = try await web.submitLeak()  // another problem
            let answer = try await web.request(.get, "/api/v1/hotspots?days=7", token: try await web.token("joint.dispatcher"))
            let hotspots = try #require(answer["hotspots"] as? [[String: Any]])
            #expect(hotspots.count == 1)
            #expect(Set(hotspots.first?["tickets"] as? [String] ?? []) == Set(numbers))
            #expect(hotspots.first?["area"] as? String == "jiangzuan")

            let page = try await web.page(.get, "/staff/hotspots", cookie: try await web.signIn("joint.supervisor"))
            #expect(page.contains("江钻小区 · 电梯运行") && page.contains("上升"))
            // Outside the organisation's reach: nothing; handlers do not coordinate; bad windows are refused.
            let other = try await web.request(.get, "/api/v1/hotspots", token: try await web.token("jh.dispatcher"))
            #expect((other["hotspots"] as? [[String: Any]])?.isEmpty == true)
            #expect(try await web.request(.get, "/api/v1/hotspots", token: try await web.token("gh.handler")).status == .forbidden)
            #expect(
                try await web.request(.get, "/api/v1/hotspots?days=0", token: try await web.token("joint.dispatcher")).status
                    == .unprocessableContent)
        }
    }
}

/// The demo data includes a problem growing right now, so the early warning and the common-issue flow show at once.
struct DemoHotspotTests {
    @Test func theDemoShowsARisingLiftProblem() async throws {
        try await WebHarness.run { web in
            _ = try await DemoSeeder(database: web.database).seed(passwordHash: "unused", now: Fixtures.now, ticketCount: 200)
            let answer = try await web.request(.get, "/api/v1/hotspots", token: try await web.token("joint.supervisor"))
            let hotspots = try #require(answer["hotspots"] as? [[String: Any]])
            let lifts = try #require(
                hotspots.first { $0["category"] as? String == "property.elevator" && ($0["tickets"] as? [String])?.count == 7 })
            #expect((lifts["recent"] as? Int ?? 0) > (lifts["earlier"] as? Int ?? 0))
            try await web.database.figures.refreshAll()
            let page = try await web.page(.get, "/staff/dashboard", cookie: try await web.signIn("joint.leader"))
            #expect(page.contains("电梯运行") && page.text(id: "no-rising") == nil)
        }
    }
}

/// Clustering is kept off the request path: a cold cache waits only its budget, then serves what the background work
/// found; stale clusters are served while fresh ones are worked out; the work is a service that ends on shutdown.
struct HotspotCacheTests {
    static let example = Hotspot(
        area: "jiangzuan", category: "property.elevator", tickets: ["MS-2026-000001"], recent: 2, earlier: 1,
        example: "电梯", terms: ["电梯"])

    /// Runs the cache's service in a service group around `body`, then shuts it down gracefully.
    static func running(_ cache: HotspotCache, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(configuration: .init(services: [cache], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func aSlowFirstClusteringDoesNotHoldThePage() async throws {
        let cache = HotspotCache(lifetime: 300, budget: .milliseconds(50))
        let (gate, open) = AsyncStream<Void>.makeStream()
        try await Self.running(cache) {
            let first = await cache.hotspots(scope: "all", now: Fixtures.now) {
                for await _ in gate { break }
                return [Self.example]
            }
            #expect(first == nil, "drawn without clusters while they are worked out")
            open.yield()
            var later: [Hotspot]?
            for _ in 0..<200 where later == nil {
                try await Task.sleep(for: .milliseconds(10))
                later = await cache.hotspots(scope: "all", now: Fixtures.now) {
                    Issue.record("worked out twice"); return []
                }
            }
            #expect(later == [Self.example])
            // Stale: the old clusters at once, the new ones for the next page.
            let stale = await cache.hotspots(scope: "all", now: Fixtures.now.addingTimeInterval(301)) { [] }
            #expect(stale == [Self.example])
        }
    }

    @Test func aQuickClusteringIsServedToTheFirstPage() async throws {
        let cache = HotspotCache(lifetime: 300, budget: .seconds(5))
        try await Self.running(cache) {
            let first = await cache.hotspots(scope: "all", now: Fixtures.now) { [Self.example] }
            #expect(first == [Self.example])
        }
    }

    @Test func gracefulShutdownEndsClusteringUnderWay() async throws {
        let cache = HotspotCache(lifetime: 300, budget: .milliseconds(20))
        let cancelled = Mutex(false)
        try await Self.running(cache) {
            _ = await cache.hotspots(scope: "all", now: Fixtures.now) {
                do { try await Task.sleep(for: .seconds(3600)) } catch { cancelled.withLock { $0 = true } }
                return []
            }
        }
        #expect(cancelled.withLock { $0 }, "the hour-long clustering was cancelled when the service stopped")
    }
}
