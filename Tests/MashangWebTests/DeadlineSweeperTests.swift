import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// The sweeper advanced through a ticket's life with a fixed clock: the exact notices, each once, and nothing for
/// limits that were met.
struct DeadlineSweeperTests {
    static func noticeTypes(_ web: WebClient, _ number: String) async throws -> [String] {
        let ticket = try #require(try await web.database.tickets.ticket(number: number))
        return ticket.events.compactMap { event in
            switch event.change {
            case .deadlineWarned(let notice): "warned:\(notice.kind.rawValue)"
            case .deadlineMissed(let notice): "missed:\(notice.kind.rawValue)"
            default: nil
            }
        }
    }

    @Test func warningsAndSupervisionNoticesComeOnceAtTheirMoments() async throws {
        let clock = MovableClock() // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            let dependencies = try await AppDependencies.load(database: web.database, clock: { clock.now })
            let sweeper = DeadlineSweeper(dependencies: dependencies)
            let number = try #require(try await web.submitLeak()["number"] as? String)
            #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street", "department": "gh-construction"],
                                      as: try await web.token("joint.dispatcher")).status == .ok)
            // Sign for within 8 working hours: warning at 80 % (Tuesday 09:24), due Tuesday 11:00.
            var report = try await sweeper.sweepOnce()
            #expect(report.examined >= 1 && report.warnings == 0)
            #expect(try await Self.noticeTypes(web, number).isEmpty)

            clock.advance(23 * 3600 + 25 * 60) // Tuesday 09:25
            report = try await sweeper.sweepOnce()
            #expect(report.warnings == 1)
            #expect(try await Self.noticeTypes(web, number) == ["warned:signFor"])
            // Rerunning at the same moment issues nothing again (and is not even asked to look before the due time).
            #expect(try await sweeper.sweepOnce().warnings == 0)

            clock.advance(2 * 3600) // Tuesday 11:25, overdue
            report = try await sweeper.sweepOnce()
            #expect(report.supervisionNotices == 1)
            #expect(try await Self.noticeTypes(web, number) == ["warned:signFor", "missed:signFor"])
            #expect(try await sweeper.sweepOnce() == DeadlineSweeper.Report())

            // Signing for starts first contact and resolve; replying in time means no further notices.
            #expect(try await web.act(number, "acknowledge", as: try await web.token("gh.dispatcher")).status == .ok)
            clock.advance(3600)
            #expect(try await web.act(number, "reply", ["text": "已修复", "contactMethod": "phone"], as: try await web.token("gh.dispatcher")).status == .ok)
            clock.advance(30 * 86_400)
            #expect(try await sweeper.sweepOnce().warnings == 0)
            #expect(try await Self.noticeTypes(web, number) == ["warned:signFor", "missed:signFor"])

            // The staff page shows the notices in the history.
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.dispatcher"))
            #expect(page.contains("签收超期,发出督办单") && page.contains("签收时限预警"))
        }
    }

    @Test func aTicketChangedWhileWaitingIsLookedAtAgain() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let dependencies = try await AppDependencies.load(database: web.database, clock: { clock.now })
            let sweeper = DeadlineSweeper(dependencies: dependencies)
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.token("joint.dispatcher")
            #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint).status == .ok)
            _ = try await sweeper.sweepOnce()
            // Sent back and dispatched again: the new organisation's limit is watched, the old one is over.
            #expect(try await web.act(number, "send-back", ["reason": "notOurJurisdiction", "note": "不属本街道"],
                                      as: try await web.token("gh.dispatcher")).status == .ok)
            #expect(try await web.act(number, "dispatch", ["organization": "jianghan-oilfield"], as: joint).status == .ok)
            clock.advance(3 * 86_400) // Thursday: the second dispatch is overdue
            let report = try await sweeper.sweepOnce()
            #expect(report.supervisionNotices == 1 && report.warnings == 0)
            let ticket = try #require(try await web.database.tickets.ticket(number: number))
            guard case .deadlineMissed(let notice) = ticket.events.last?.change else {
                Issue.record("expected a supervision notice, got \(String(describing: ticket.events.last?.change))")
                return
            }
            #expect(notice.organization == "jianghan-oilfield" && notice.kind == .signFor)
        }
    }
}

@Suite(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to run the PostgreSQL sweeper race"))
struct PostgresSweeperRaceTests {
    @Test func twoSweepersRacingOnOneDatabaseIssueEveryNoticeOnce() async throws {
        let clock = MovableClock()
        try await TestDatabases.withPostgresPair { first, second in
            try await first.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
            var numbers: [String] = []
            for index in 0..<40 {
                var draft = Fixtures.draft(description: "第\(index)号:屋顶漏水")
                draft.requester = Requester(name: "王华", phone: "13812345678")
                let created = try await first.tickets.create(draft, by: Fixtures.jointIntake.eventActor, at: clock.now, idempotencyKey: nil)
                let number = created.ticket.state.number
                _ = try await first.tickets.apply(to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: clock.now) { _, _ in
                    .dispatched(.init(organization: "guanghua-street", department: nil, assisting: [], binding: false, note: nil))
                }
                numbers.append(number)
            }
            clock.advance(3 * 86_400)
            let one = DeadlineSweeper(dependencies: try await AppDependencies.load(database: first, clock: { clock.now }))
            let two = DeadlineSweeper(dependencies: try await AppDependencies.load(database: second, clock: { clock.now }))
            // Small batches so that both nodes work through the same set at the same time, twice.
            async let a = one.sweepOnce(batch: 3)
            async let b = two.sweepOnce(batch: 3)
            let reports = try await [a, b]
            async let c = one.sweepOnce(batch: 3)
            async let d = two.sweepOnce(batch: 3)
            let again = try await [c, d]
            #expect(reports.map(\.supervisionNotices).reduce(0, +) == numbers.count)
            #expect(again.map(\.supervisionNotices).reduce(0, +) == 0)
            for number in numbers {
                let ticket = try #require(try await first.tickets.ticket(number: number))
                let notices = ticket.events.filter { if case .deadlineMissed = $0.change { true } else { false } }
                #expect(notices.count == 1, "\(number)")
            }
            print("sweeper race: 2 nodes, \(numbers.count) overdue tickets, examined \(reports.map(\.examined)), notices \(reports.map(\.supervisionNotices))")
        }
    }
}
