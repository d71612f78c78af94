import Foundation
import MashangCore
import MashangTesting
import Testing

@testable import MashangStore

/// Two nodes refreshing the rollups of one PostgreSQL database at the same time, while tickets change: nothing is
/// counted twice or missed.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to run the PostgreSQL rollup race"))
struct PostgresFigureRaceTests {
    @Test func twoRefreshersRacingCountEveryChangeOnce() async throws {
        try await TestDatabases.withPostgresPair { first, second in
            _ = try await StoreConformance.demoTickets(first, count: 400)
            let numbers = try await first.tickets.tickets(matching: TicketQuery(pageSize: 200)).items.map(\.number)
            let staff = Fixtures.actor("joint", .dispatcher)
            async let changes: Void = {
                for (index, number) in numbers.prefix(120).enumerated() {
                    let now = Fixtures.now.addingTimeInterval(Double(index) * 60)
                    _ = try? await first.tickets.apply(to: number, mergeTarget: nil, by: staff.eventActor, at: now) { state, _ in
                        try TicketLifecycle.decide(
                            .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: state,
                            by: staff, context: DecisionContext(reference: Fixtures.reference, now: now, mergeTarget: nil))
                    }
                }
            }()
            async let one = first.figures.refreshAll(batch: 37)
            async let other = second.figures.refreshAll(batch: 41)
            _ = try await (changes, one, other)
            // Whatever changed after a refresher's last look is picked up by the next pass.
            try await first.figures.refreshAll()
            #expect(try await first.figures.lag() == 0)
            let recount = try await first.figures.recount()
            let dailyEqual = try await first.figures.allDailyCounts() == recount
            let monthlyEqual = try await second.figures.allMonthlyCounts() == SQLFigureStore.monthly(recount)
            #expect(dailyEqual && monthlyEqual && !recount.isEmpty)
            // The conduct rollups, written by both refreshers, equal the report from every history.
            let from = ChinaDay(Fixtures.now).adding(-400), to = ChinaDay(Fixtures.now).adding(30)
            let conduct = try await second.figures.conduct(from: from, to: to, organization: nil)
            let conductRecount = try await first.figures.recountConduct(from: from, to: to, organization: nil)
            #expect(StoreConformance.conductDifferences(conduct, conductRecount).isEmpty && !conduct.units.isEmpty)
        }
    }

    /// The refresh lock is per schema: a refresher holding it in one schema does not stop another schema's.
    @Test func aRefresherInAnotherSchemaIsNotHeldUp() async throws {
        try await TestDatabases.withPostgres { holder in
            try await TestDatabases.withPostgres { other in
                _ = try await StoreConformance.demoTickets(other, count: 5)
                let (held, refreshed) = try await holder.backend.write { database in
                    (try await SQLFigureStore.tryRefreshLock(on: database), try await other.figures.refresh())
                }
                #expect(held)
                #expect(refreshed == 5)
            }
        }
    }
}
