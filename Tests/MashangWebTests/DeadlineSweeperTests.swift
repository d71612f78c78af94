import Foundation
import HTTPTypes
import MashangCore
import MashangServices
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
        let clock = MovableClock()  // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            let dependencies = try await AppDependencies.load(stores: web.database.stores, clock: { clock.now })
            let sweeper = DeadlineSweeper(dependencies: dependencies)
            let number = try #require(try await web.submitLeak()["number"] as? String)
            #expect(
                try await web.act(
                    number, "dispatch", ["organization": "guanghua-street", "department": "gh-construction"],
                    as: try await web.token("joint.dispatcher")
                ).status == .ok)
            // Sign for within 8 working hours: warning at 80 % (Tuesday 09:24), due Tuesday 11:00.
            var report = try await sweeper.sweepOnce()
            #expect(report.examined >= 1 && report.warnings == 0)
            #expect(try await Self.noticeTypes(web, number).isEmpty)

            clock.advance(23 * 3600 + 25 * 60)  // Tuesday 09:25
            report = try await sweeper.sweepOnce()
            #expect(report.warnings == 1)
            #expect(try await Self.noticeTypes(web, number) == ["warned:signFor"])
            // Rerunning at the same moment issues nothing again (and is not even asked to look before the due time).
            #expect(try await sweeper.sweepOnce().warnings == 0)

            clock.advance(2 * 3600)  // Tuesday 11:25, overdue
            report = try await sweeper.sweepOnce()
            #expect(report.supervisionNotices == 1)
            #expect(try await Self.noticeTypes(web, number) == ["warned:signFor", "missed:signFor"])
            #expect(try await sweeper.sweepOnce() == DeadlineSweeper.Report())

            // Signing for starts first contact and resolve; replying in time means no further notices.
            #expect(try await web.act(number, "acknowledge", as: try await web.token("gh.dispatcher")).status == .ok)
            clock.advance(3600)
            #expect(
                try await web.act(number, "reply", ["text": "已修复", "contactMethod": "phone"], as: try await web.token("gh.dispatcher"))
                    .status == .ok)
            clock.advance(30 * 86_400)
            #expect(try await sweeper.sweepOnce().warnings == 0)
            #expect(try await Self.noticeTypes(web, number) == ["warned:signFor", "missed:signFor"])

            // The staff page shows the notices in the history.
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.dispatcher"))
            #expect(page.contains("签收超期，发出督办单") && page.contains("签收时限预警"))
        }
    }

    @Test func aTicketChangedWhileWaitingIsLookedAtAgain() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let dependencies = try await AppDependencies.load(stores: web.database.stores, clock: { clock.now })
            let sweeper = DeadlineSweeper(dependencies: dependencies)
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.token("joint.dispatcher")
            #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint).status == .ok)
            _ = try await sweeper.sweepOnce()
            // Sent back and dispatched again: the new organisation's limit is watched, the old one is over.
            #expect(
                try await web.act(
                    number, "send-back", ["reason": "notOurJurisdiction", "note": "不属本街道"],
                    as: try await web.token("gh.dispatcher")
                ).status == .ok)
            #expect(try await web.act(number, "dispatch", ["organization": "jianghan-oilfield"], as: joint).status == .ok)
            clock.advance(3 * 86_400)  // Thursday: the second dispatch is overdue
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
    /// `count` tickets dispatched now and left unsigned for three days (the clock is moved on).
    static func overdueTickets(_ count: Int, in database: MashangDatabase, clock: MovableClock) async throws -> [String] {
        try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
        var numbers: [String] = []
        for index in 0..<count {
            var draft = Fixtures.draft(description: "第\(index)号：屋顶漏水")
            draft.requester = Requester(name: "王华", phone: "13812345678")
            let created = try await database.tickets.create(draft, by: Fixtures.jointIntake.eventActor, at: clock.now, idempotencyKey: nil)
            let number = created.ticket.state.number
            _ = try await database.tickets.apply(to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: clock.now) {
                _, _ in
                .dispatched(.init(organization: "guanghua-street", department: nil, assisting: [], binding: false, note: nil))
            }
            numbers.append(number)
        }
        clock.advance(3 * 86_400)
        return numbers
    }

    static func expectOneNoticeEach(_ numbers: [String], in database: MashangDatabase) async throws {
        for number in numbers {
            let ticket = try #require(try await database.tickets.ticket(number: number))
            let notices = ticket.events.filter { if case .deadlineMissed = $0.change { true } else { false } }
            #expect(notices.count == 1, "\(number)")
        }
    }

    /// A backlog is swept many tickets at a time (their writes share commits), each owed notice issued once.
    @Test func aBacklogIsSweptSideBySideWithEveryNoticeOnce() async throws {
        let clock = MovableClock()
        try await TestDatabases.withSQLite { database in
            let numbers = try await Self.overdueTickets(60, in: database, clock: clock)
            let sweeper = DeadlineSweeper(dependencies: try await AppDependencies.load(stores: database.stores, clock: { clock.now }))
            let report = try await sweeper.sweepOnce()
            #expect(report.examined == 60 && report.supervisionNotices == 60)
            #expect(try await sweeper.sweepOnce().supervisionNotices == 0)
            try await Self.expectOneNoticeEach(numbers, in: database)
        }
    }

    @Test func twoSweepersRacingOnOneDatabaseIssueEveryNoticeOnce() async throws {
        let clock = MovableClock()
        try await TestDatabases.withPostgresPair { first, second in
            let numbers = try await Self.overdueTickets(40, in: first, clock: clock)
            let one = DeadlineSweeper(dependencies: try await AppDependencies.load(stores: first.stores, clock: { clock.now }))
            let two = DeadlineSweeper(dependencies: try await AppDependencies.load(stores: second.stores, clock: { clock.now }))
            // Small batches so that both nodes work through the same set at the same time, twice.
            async let a = one.sweepOnce(batch: 3)
            async let b = two.sweepOnce(batch: 3)
            let reports = try await [a, b]
            async let c = one.sweepOnce(batch: 3)
            async let d = two.sweepOnce(batch: 3)
            let again = try await [c, d]
            #expect(reports.map(\.supervisionNotices).reduce(0, +) == numbers.count)
            #expect(again.map(\.supervisionNotices).reduce(0, +) == 0)
            try await Self.expectOneNoticeEach(numbers, in: first)
            print(
                "sweeper race: 2 nodes, \(numbers.count) overdue tickets, examined \(reports.map(\.examined)), notices \(reports.map(\.supervisionNotices))"
            )
        }
    }
}

/// Escalation by policy and closing without a rating, advanced with a fixed clock.
struct SweeperEscalationTests {
    static func events(_ web: WebClient, _ number: String) async throws -> [TicketChange] {
        try #require(try await web.database.tickets.ticket(number: number)).events.map(\.change)
    }

    @Test func anUnansweredSupervisionNoticeEscalatesOneTierOnce() async throws {
        let clock = MovableClock()  // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            let sweeper = DeadlineSweeper(dependencies: try await AppDependencies.load(stores: web.database.stores, clock: { clock.now }))
            let number = try #require(try await web.submitLeak()["number"] as? String)
            #expect(
                try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: try await web.token("joint.dispatcher"))
                    .status == .ok)
            #expect(try await web.act(number, "acknowledge", as: try await web.token("gh.dispatcher")).status == .ok)
            clock.advance(8 * 86_400 - 3600)  // Tuesday 03-10 09:00: resolve was due Monday 03-09 17:30
            var report = try await sweeper.sweepOnce()
            #expect(report.supervisionNotices == 2 && report.escalations == 0)  // first contact and resolve
            clock.advance(2 * 86_400)  // Thursday 03-12 09:00: not yet two working days
            #expect(try await sweeper.sweepOnce().escalations == 0)
            clock.advance(86_400)  // Friday 03-13 09:00
            report = try await sweeper.sweepOnce()
            #expect(report.escalations == 1)
            #expect(try await sweeper.sweepOnce().escalations == 0)
            let escalations = try await Self.events(web, number).compactMap {
                if case .escalated(let escalation) = $0 { escalation } else { nil }
            }
            #expect(escalations.count == 1)
            let escalation = try #require(escalations.first)
            #expect(escalation.to == escalation.from.next)
            #expect(try await web.database.tickets.ticket(number: number)?.state.tier == escalation.to)
            #expect(escalations.first?.cause?.hasPrefix("overdue:resolve:") == true)
        }
    }

    @Test func aReplyWithoutARatingClosesAsNotRatedAndASecondUnsatisfiedRatingEscalates() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let sweeper = DeadlineSweeper(dependencies: try await AppDependencies.load(stores: web.database.stores, clock: { clock.now }))
            let joint = try await web.token("joint.dispatcher")
            func replied() async throws -> String {
                let number = try #require(try await web.submitLeak()["number"] as? String)
                #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint).status == .ok)
                let government = try await web.token("gh.dispatcher")
                #expect(try await web.act(number, "acknowledge", as: government).status == .ok)
                #expect(try await web.act(number, "reply", ["text": "已维修", "contactMethod": "phone"], as: government).status == .ok)
                return number
            }
            let unrated = try await replied()
            let unhappy = try await replied()
            let intake = try await web.token("joint.intake")
            let government = try await web.token("gh.dispatcher")
            #expect(try await web.act(unhappy, "follow-up", ["satisfaction": "unsatisfied", "note": "仍然漏水"], as: intake).status == .ok)
            #expect(try await sweeper.sweepOnce().escalations == 0)  // the first unsatisfied rating reopens only
            #expect(try await web.act(unhappy, "acknowledge", as: government).status == .ok)
            #expect(try await web.act(unhappy, "reply", ["text": "已更换防水层", "contactMethod": "visit"], as: government).status == .ok)
            #expect(try await web.act(unhappy, "follow-up", ["satisfaction": "unsatisfied", "note": "还是漏"], as: intake).status == .ok)
            var report = try await sweeper.sweepOnce()
            #expect(report.escalations == 1)
            #expect(
                try await Self.events(web, unhappy).contains {
                    if case .escalated(let escalation) = $0 { escalation.cause == "unsatisfied:2" } else { false }
                })

            clock.advance(7 * 86_400 - 60)  // a minute before the follow-up period ends
            #expect(try await sweeper.sweepOnce().closedUnrated == 0)
            clock.advance(120)
            report = try await sweeper.sweepOnce()
            #expect(report.closedUnrated == 1)
            let closed = try #require(try await web.database.tickets.ticket(number: unrated))
            #expect(closed.state.status == .closed && closed.state.satisfaction == nil)
            // Never counted as satisfied.
            try await web.database.figures.refreshAll(at: clock.now)
            let leaks = try await web.database.figures.counts(scope: "all", from: ChinaDay(Fixtures.now), to: ChinaDay(clock.now))
                .values(.category)["housing.leak"]
            #expect(leaks?[.satisfied] == 0 && leaks?[.closedUnrated] == 1)
            let page = try await web.page(.get, "/staff/tickets/\(unrated)", cookie: try await web.signIn("joint.dispatcher"))
            #expect(page.contains("逾期未评价，自动办结"))
        }
    }
}
