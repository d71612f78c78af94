import Foundation
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import Testing

/// Two nodes on one PostgreSQL server give a client the limit once, not twice: a client spreading its public
/// submissions over both is refused after the 20th, with the same wait from either, even when its attempts arrive at
/// both at once.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to run the two-node limit tests"))
struct SharedLimitsTests {
    @Test func aClientSpreadingItsSubmissionsOverTwoNodesGetsTheLimitOnce() async throws {
        let clock = MovableClock()
        try await TestDatabases.withPostgresPair { first, second in
            let nodes = [
                TicketService(dependencies: try await AppDependencies.load(stores: first.stores, clock: { clock.now })),
                TicketService(dependencies: try await AppDependencies.load(stores: second.stores, clock: { clock.now })),
            ]
            // Thirty attempts at once, half to each node: exactly the limit (20 per 10 minutes) gets through.
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<30 {
                    group.addTask {
                        do {
                            try await nodes[index % 2].checkPublicIntakeLimits(address: "203.0.113.9", phone: nil)
                            return true
                        } catch is TooManyRequests {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == RateLimiter.intakePerAddress.attempts)
            // Both nodes now give the same answer and the same wait.
            clock.advance(60)
            var waits: [Int] = []
            for node in nodes {
                do {
                    try await node.checkPublicIntakeLimits(address: "203.0.113.9", phone: nil)
                    Issue.record("a node let the 31st attempt through")
                } catch let refusal as TooManyRequests {
                    waits.append(refusal.retryAfter)
                }
            }
            #expect(waits == [540, 540])
            // Another address is not affected, and the window passing frees the first.
            try await nodes[1].checkPublicIntakeLimits(address: "203.0.113.10", phone: nil)
            clock.advance(600)
            try await nodes[0].checkPublicIntakeLimits(address: "203.0.113.9", phone: nil)
        }
    }
}
