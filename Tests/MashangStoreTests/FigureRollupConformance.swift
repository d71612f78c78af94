import Foundation
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// The figures' rollups, maintained as tickets change, equal a full recount from the histories.
extension StoreConformance {
    static let figureCases: [StoreCase] = [
        StoreCase(name: "figure rollups equal a full recount after a random sequence of actions", run: rollupsEqualRecount),
        StoreCase(name: "a figure's drill-down lists exactly the tickets it counts", run: drillDownMatchesCounts),
        StoreCase(name: "a refresh cancelled for shutdown stops between batches and leaves the rest lagging", run: cancelledRefresh),
    ]

    static func cancelledRefresh(_ database: MashangDatabase) async throws {
        _ = try await demoTickets(database, count: 40)
        #expect(try await database.figures.lag() == 40)
        let figures = database.figures
        // Cancelled before it starts (a server told to stop): nothing is written, everything still lags.
        let stopped = Task { () -> Int in
            withUnsafeCurrentTask { $0?.cancel() }
            return try await figures.refreshAll(batch: 10, at: Fixtures.now)
        }
        #expect(try await stopped.value == 0)
        #expect(try await figures.lag() == 40)
        // The next pass takes up the whole backlog.
        #expect(try await figures.refreshAll(batch: 10, at: Fixtures.now) >= 40)
        #expect(try await figures.lag() == 0)
    }

    /// Creates tickets over three months and walks them through random actions, refreshing the rollups at random moments
    /// (so that facts are replaced many times, including for tickets that changed again between refreshes).
    static func figureWalk(_ database: MashangDatabase, seed: UInt64) async throws -> [String] {
        var random = SeededRandom(seed: seed)
        var numbers: [String] = []
        var clock = Fixtures.now.addingTimeInterval(-75 * 86_400)
        for index in 0..<24 {
            clock = clock.addingTimeInterval(Double(Int.random(in: 3600...(4 * 86_400), using: &random)))
            let kind: TicketKind = [.consultation, .complaint, .help, .dispute][index % 4]
            var draft = Fixtures.draft(kind: kind)
            draft.channel = Channel.allCases.randomElement(using: &random)!
            numbers.append(try await database.tickets.create(draft, by: actor, at: clock, idempotencyKey: nil).ticket.state.number)
        }
        let organizations = ["joint", "guanghua-street", "jianghan-oilfield", "qianjiang-court"]
        for step in 0..<400 {
            clock = clock.addingTimeInterval(Double(Int.random(in: 60...20_000, using: &random)))
            let number = numbers.randomElement(using: &random)!
            let now = clock
            if step % 37 == 5 {
                // What the sweeper records: a missed limit, or closing a replied ticket as not rated.
                let missed = DeadlineNotice(
                    Deadline(
                        kind: Deadline.Kind.allCases.randomElement(using: &random)!, organization: "joint",
                        department: nil, startedAt: now, warnAt: now, due: now, metAt: nil))
                _ = try await database.tickets.applyIfNeeded(to: number, by: EventActor(username: "system", organization: nil), at: now) {
                    ticket in
                    if ticket.state.status == .replied { return .closedUnrated(ClosedUnrated(repliedAt: now, days: 7)) }
                    return ticket.state.status.isOpen ? .deadlineMissed(missed) : nil
                }
            } else {
                let other = numbers.randomElement(using: &random)!
                let staff = Fixtures.actor(
                    organizations.randomElement(using: &random)!,
                    [Role.dispatcher, .supervisor, .intake, .handler].randomElement(using: &random)!)
                let command = randomCommand(&random, other: other)
                _ = try? await database.tickets.apply(to: number, mergeTarget: other, by: staff.eventActor, at: now) { state, target in
                    try TicketPolicy.authorize(command, by: staff, on: state, reference: Fixtures.reference)
                    return try TicketLifecycle.decide(
                        command, on: state, by: staff,
                        context: DecisionContext(reference: Fixtures.reference, now: now, mergeTarget: target))
                }
            }
            if Int.random(in: 0..<25, using: &random) == 0 {
                try await database.figures.refresh(limit: Int.random(in: 1...10, using: &random))
            }
        }
        try await database.figures.refreshAll(batch: 7)
        return numbers
    }

    static func rollupsEqualRecount(_ database: MashangDatabase) async throws {
        _ = try await demoTickets(database, count: 300)
        _ = try await figureWalk(database, seed: 7)
        #expect(try await database.figures.lag() == 0)
        let recount = try await database.figures.recount()
        let daily = try await database.figures.allDailyCounts()
        #expect(daily.count == recount.count)
        let differing = recount.filter { daily[$0.key] != $0.value }.map(\.key)
        let differingCount = differing.count, examples = String(describing: differing.prefix(3))
        #expect(differingCount == 0, "rows differing from the recount, e.g. \(examples)")
        let monthlyEqual = try await database.figures.allMonthlyCounts() == SQLFigureStore.monthly(recount)
        #expect(monthlyEqual)
        // The walk did move the figures beyond receipt.
        let totals = recount.filter { $0.key.scope == TicketFacts.allScope && $0.key.dimension == "total" }.values.reduce(FigureCounts(), +)
        #expect(totals[.received] == 324)
        #expect(totals[.responded] > 0 && totals[.closed] > 0 && totals[.overdue] > 0)
    }

    static func drillDownMatchesCounts(_ database: MashangDatabase) async throws {
        _ = try await figureWalk(database, seed: 11)
        let from = ChinaDay(Fixtures.now).adding(-80), to = ChinaDay(Fixtures.now).adding(30)
        for scope in [TicketFacts.allScope, "org:guanghua-street", "org:jianghan-oilfield"] {
            let totals = try await database.figures.counts(scope: scope, from: from, to: to)
            for dimension in [FigureDimension.total, .channel, .kind, .organization, .tier] {
                for (value, counts) in totals.values(dimension) {
                    for measure in [FigureMeasure.received, .responded, .closed, .overdue, .satisfied] {
                        let page = try await database.figures.tickets(
                            matching: FigureQuery(
                                scope: scope, from: from, to: to, dimension: dimension,
                                value: value, measures: [measure], pageSize: 200))
                        #expect(Int64(page.total) == counts[measure], "\(scope) \(dimension) \(value) \(measure)")
                        #expect(page.items.count == min(page.total, 200))
                    }
                }
            }
        }
    }
}
