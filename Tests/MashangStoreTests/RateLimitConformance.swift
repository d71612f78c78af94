import Foundation
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// The attempts store on both databases (in memory on SQLite, in `rate_limit_windows` on PostgreSQL): attempts within
/// the window are counted, an attempt over the limit is not recorded, and other keys are not touched.
extension StoreConformance {
    static let rateLimitCases: [StoreCase] = [StoreCase(name: "rate limits count attempts within their window", run: rateLimitsCount)]

    static func rateLimitsCount(_ database: MashangDatabase) async throws {
        let limits = database.stores.rateLimits
        let start = Fixtures.now
        for second in 0..<3 {
            let before = try await limits.attempt(
                "intake:address:a", attempts: 3, since: start.addingTimeInterval(-600), at: start + Double(second))
            #expect(before.count == second)
        }
        // Full: the fourth is refused and not recorded, so waiting out the window frees it.
        #expect(try await limits.attempt("intake:address:a", attempts: 3, since: start.addingTimeInterval(-600), at: start + 3).count == 3)
        #expect(try await limits.hits("intake:address:a", since: start.addingTimeInterval(-600)) == [start, start + 1, start + 2])
        #expect(try await limits.hits("intake:address:a", since: start + 1).map { $0.timeIntervalSince(start) } == [2])
        #expect(try await limits.hits("intake:address:b", since: start.addingTimeInterval(-600)).isEmpty)
        try await limits.record("track:failed:a", at: start)
        #expect(try await limits.hits("track:failed:a", since: start.addingTimeInterval(-1)).count == 1)
    }
}
