import Foundation
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// Every figure the rollups give equals an independent recount of random histories, and lateness follows the limits
/// alone: a limit falling due turns a ticket late with no event, and the sweeper's notices change nothing.
extension StoreConformance {
    static let recountCases: [StoreCase] = [
        StoreCase(
            name: "every figure of random histories equals an independent recount, and each drill-down lists those tickets",
            run: figuresEqualIndependentRecount),
        StoreCase(name: "a limit falling due makes a ticket late in the figures without any event", run: lateWithoutAnEvent),
        StoreCase(name: "a change of the time limits is applied to the figures of tickets already counted", run: limitChangeRecounts),
    ]

    static func figuresEqualIndependentRecount(_ database: MashangDatabase) async throws {
        let seed = RandomHistories.seedFromEnvironment()
        let started = Date()
        let walk = RandomHistories(seed: seed, imported: 1200, created: 300, actions: 2400)
        let (numbers, end) = try await walk.write(into: database)
        try await database.figures.refreshAll(batch: 97, at: end)
        var tickets: [StoredTicket] = []
        for number in numbers { tickets.append(try #require(try await database.tickets.ticket(number: number))) }
        let rules = try await database.calendar.timeRules()
        let recount = IndependentRecount(tickets, rules: rules, reference: Fixtures.reference, at: end)
        let from = ChinaDay("2025-01-01")!, to = ChinaDay(end)
        var compared = 0, differing: [String] = []
        for scope in recount.scopes {
            let totals = try await database.figures.counts(scope: scope, from: from, to: to)
            for dimension in IndependentRecount.dimensions {
                let stored = totals.values(dimension), expected = recount.values(scope: scope, dimension: dimension)
                for value in Set(stored.keys).union(expected.keys) {
                    for measure in FigureMeasure.ticketFlags {
                        compared += 1
                        let shown = stored[value]?[measure] ?? 0, counted = Int64(expected[value]?[measure]?.count ?? 0)
                        if shown != counted { differing.append("\(scope) \(dimension) \(value) \(measure): \(shown) ≠ \(counted)") }
                    }
                }
            }
        }
        #expect(differing.isEmpty, "seed \(seed): \(differing.count) of \(compared) figures differ, e.g. \(differing.prefix(5))")
        // Drill-downs list exactly the recounted tickets (a sample of cells, every measure).
        for scope in ["all", "org:guanghua-street", "org:jianghan-oilfield"] {
            for dimension in [FigureDimension.total, .organization, .tier] {
                for (value, measures) in recount.values(scope: scope, dimension: dimension) {
                    for measure in FigureMeasure.ticketFlags where measure != .received {
                        let expected = measures[measure] ?? []
                        let page = try await database.figures.tickets(
                            matching: FigureQuery(
                                scope: scope, from: from, to: to, dimension: dimension,
                                value: value, measures: [measure], pageSize: 200))
                        #expect(page.total == expected.count, "seed \(seed): drill-down \(scope) \(dimension) \(value) \(measure)")
                        if expected.count <= 200 { #expect(Set(page.items.map(\.number)) == expected, "seed \(seed): \(scope) \(measure)") }
                    }
                }
            }
        }
        // Conduct from its rollups equals the report worked out from every history, over the whole span and over a
        // month, for every unit and for one organisation; the figures the recount knows agree too.
        var random = SeededRandom(seed: seed)
        let month = ChinaDay(index: from.index + Int.random(in: 0...max(0, to.index - from.index - 30), using: &random))
        for (first, last) in [(from, to), (month, month.adding(30))] {
            for organization in [nil, "guanghua-street"] {
                let stored = try await database.figures.conduct(from: first, to: last, organization: organization)
                let expected = ConductReport.compute(
                    tickets, from: first, to: last, organization: organization, at: end,
                    deadlines: rules.deadlines(of:))
                let differences = conductDifferences(stored, expected)
                #expect(differences.isEmpty, "seed \(seed): conduct \(first)…\(last) \(organization ?? "all"): \(differences.prefix(5))")
            }
        }
        // Boilerplate from each organisation's newest replies when there are more than the bound.
        let bounded = try await database.figures.conduct(from: from, to: to, organization: nil, boilerplateLimit: 40)
        let boundedRecount = ConductReport.compute(
            tickets, from: from, to: to, at: end, boilerplateLimit: 40, deadlines: rules.deadlines(of:))
        #expect(
            conductDifferences(bounded, boundedRecount).isEmpty && !bounded.isComplete && !bounded.boilerplate.isEmpty,
            "seed \(seed): bounded boilerplate \(conductDifferences(bounded, boundedRecount).prefix(3))")
        let conduct = try await database.figures.conduct(from: from, to: to, organization: nil)
        for (organization, figures) in IndependentRecount.conduct(tickets, period: DateInterval(start: from.start, end: end)) {
            for (figure, expected) in figures {
                let shown = conduct.units.first { $0.organization == organization && $0.department == nil }?.tickets[figure] ?? []
                #expect(Set(shown) == expected, "seed \(seed): conduct \(organization) \(figure)")
            }
        }
        #expect(conduct.units.contains { $0.count(.overdue) > 0 } && conduct.units.contains { $0.count(.sentBack) > 0 })
        // Paused clocks among them: approved, then resumed on their day by the sweeper and by hand.
        let resumptions = Set(
            tickets.flatMap(\.events).compactMap { event -> Resumption.Cause? in
                if case .resumed(let resumption) = event.change { resumption.cause } else { nil }
            })
        #expect(resumptions.contains(.scheduled) && resumptions.count >= 2, "seed \(seed): resumptions \(resumptions)")
        #expect(conduct.units.contains { $0.count(.paused) > 0 }, "seed \(seed): no pause")
        // The walk made every kind of history the figures must count.
        let all = { (measure: FigureMeasure) in recount.count(scope: "all", measure) }
        #expect(all(.received) == 1500)
        for measure in [FigureMeasure.overdue, .selfSatisfied, .satisfied, .unsatisfied, .closedUnrated, .bounced, .respondedOnTime] {
            #expect(all(measure) > 0, "seed \(seed): no \(measure)")
        }
        let resolvedTiers = recount.values(scope: "all", dimension: .tier).filter { ($0.value[.closed]?.count ?? 0) > 0 }.keys
        #expect(
            Set(resolvedTiers).isSuperset(of: [Tier.grassroots.rawValue, Tier.organization.rawValue, Tier.joint.rawValue]),
            "seed \(seed): tiers resolved \(resolvedTiers.sorted())")
        // Referred beyond the mechanism: their own tier, never resolved here.
        let beyond = recount.values(scope: "all", dimension: .tier)[Tier.beyond.rawValue]
        #expect((beyond?[.received]?.count ?? 0) > 0 && (beyond?[.closed]?.count ?? 0) == 0, "seed \(seed): no referral")
        try await petitionsEqualRecount(tickets, database: database, rules: rules, at: end, seed: seed)
        let late = tickets.filter { ticket in
            IndependentRecount.measures(of: ticket, rules: rules, at: end).contains(.overdue)
                && !ticket.events.contains { if case .deadlineMissed = $0.change { true } else { false } }
        }
        #expect(!late.isEmpty, "seed \(seed): some tickets are late though no sweeper noticed")
        print(
            "figure recount: seed \(seed), \(numbers.count) tickets, \(tickets.reduce(0) { $0 + $1.events.count }) events, "
                + "\(compared) figures compared in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    /// The petitions the store reads (its partial index) are exactly the registered ones, and their figures equal a
    /// recount from every history; the repeats are the ones the recount finds by phone and category.
    static func petitionsEqualRecount(_ tickets: [StoredTicket], database: MashangDatabase, rules: TimeRules, at end: Date, seed: UInt64)
        async throws
    {
        let petitions = try await database.tickets.petitions(registeredFrom: nil, before: nil)
        #expect(
            petitions.map(\.state.number).sorted() == tickets.filter { $0.state.petition != nil }.map(\.state.number).sorted(),
            "seed \(seed): the store's petitions")
        let year = ChinaTime.year(of: Fixtures.now)
        let figures = PetitionFigures.of(petitions, year: year, at: end, deadlines: rules.deadlines(of:))
        let recount = IndependentRecount.petitions(tickets, year: year, rules: rules, at: end)
        for measure in PetitionFigures.Measure.allCases {
            #expect(figures.numbers[measure] ?? [] == recount.numbers[measure] ?? [], "seed \(seed): petitions \(measure)")
        }
        #expect(figures.monthly == recount.monthly, "seed \(seed): petitions by month")
        let repeats = figures.numbers[.repeated] ?? []
        #expect(
            repeats == recount.repeats,
            "seed \(seed): repeats only the store found \(repeats.subtracting(recount.repeats).sorted()), only the recount \(recount.repeats.subtracting(repeats).sorted())"
        )
        // The walk made every kind of petition history the figures count.
        for measure in [PetitionFigures.Measure.repeated, .firstTime, .leapfrog, .accepted, .notAccepted, .answered, .reviewRequested] {
            #expect(figures.count(measure) > 0, "seed \(seed): no petition \(measure)")
        }
        #expect(
            figures.count(.reviewUpheld) + figures.count(.reviewRevised) > 0 && figures.count(.reexaminationRequested) > 0,
            "seed \(seed): the review chain")
    }

    /// What differs between two conduct reports, briefly (unit, figure or base, and both values).
    static func conductDifferences(_ stored: ConductReport, _ expected: ConductReport) -> [String] {
        var differences: [String] = []
        func key(_ unit: ConductReport.Unit) -> String { unit.organization + "/" + (unit.department ?? "") }
        let storedUnits = Dictionary(uniqueKeysWithValues: stored.units.map { (key($0), $0) })
        let expectedUnits = Dictionary(uniqueKeysWithValues: expected.units.map { (key($0), $0) })
        for name in Set(storedUnits.keys).union(expectedUnits.keys).sorted() {
            let shown = storedUnits[name], counted = expectedUnits[name]
            for figure in ConductReport.Figure.allCases where shown?.tickets[figure] != counted?.tickets[figure] {
                let a = Set(shown?.tickets[figure] ?? []), b = Set(counted?.tickets[figure] ?? [])
                differences.append(
                    "\(name) \(figure): only stored \(a.subtracting(b).sorted().prefix(3)), only recounted \(b.subtracting(a).sorted().prefix(3))"
                )
            }
            let bases = [
                ("dispatches", \ConductReport.Unit.dispatches), ("limitsDue", \.limitsDue), ("acknowledged", \.acknowledged),
                ("closed", \.closed), ("ratings", \.ratings), ("ended", \.ended),
            ]
            for (base, path) in bases where shown?[keyPath: path] != counted?[keyPath: path] {
                differences.append("\(name) \(base): \(shown?[keyPath: path] ?? -1) ≠ \(counted?[keyPath: path] ?? -1)")
            }
        }
        if stored.boilerplate != expected.boilerplate {
            differences.append("boilerplate \(stored.boilerplate.count) ≠ \(expected.boilerplate.count)")
        }
        if (stored.repliesCompared, stored.repliesInPeriod) != (expected.repliesCompared, expected.repliesInPeriod) {
            differences.append(
                "replies \(stored.repliesCompared)/\(stored.repliesInPeriod) ≠ \(expected.repliesCompared)/\(expected.repliesInPeriod)")
        }
        return differences
    }

    static func lateWithoutAnEvent(_ database: MashangDatabase) async throws {
        try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
        let created = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil)
        let number = created.ticket.state.number
        let dispatched = try await database.tickets.apply(
            to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor,
            at: Fixtures.now.addingTimeInterval(60)
        ) { state, _ in
            try TicketLifecycle.decide(
                .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: state,
                by: Fixtures.jointDispatcher, context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
        }
        let rules = try await database.calendar.timeRules()
        let due = try #require(rules.deadlines(of: dispatched).first { $0.kind == .signFor }).due
        func overdue() async throws -> Int64 {
            try await database.figures.counts(scope: "all", from: ChinaDay(Fixtures.now), to: ChinaDay(Fixtures.now)).total[.overdue]
        }
        try await database.figures.refreshAll(at: due.addingTimeInterval(-60))
        #expect(try await overdue() == 0)
        // Nothing happens to the ticket; only time passes its due time.
        #expect(try await database.figures.refresh(at: due.addingTimeInterval(-1)) == 0)
        #expect(try await database.figures.refresh(at: due.addingTimeInterval(1)) == 1)
        #expect(try await overdue() == 1)
        #expect(try await database.figures.refresh(at: due.addingTimeInterval(3600)) == 0)
        #expect(try await database.figures.recount(at: due.addingTimeInterval(3600)) == (try await database.figures.allDailyCounts()))
    }

    static func limitChangeRecounts(_ database: MashangDatabase) async throws {
        try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
        var script = try TicketScript.at(.received)
        try script.run(.dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), as: Fixtures.jointDispatcher)
        script.clock = script.clock.addingTimeInterval(3 * 3600)
        try script.run(.acknowledge, as: Fixtures.governmentDispatcher)
        try await database.tickets.importTickets([StoredTicket(state: script.state, events: script.events)])
        let later = script.clock.addingTimeInterval(3600)
        func respondedOnTime() async throws -> Int64 {
            try await database.figures.counts(scope: "all", from: ChinaDay(Fixtures.now).adding(-2), to: ChinaDay(Fixtures.now).adding(2))
                .total[.respondedOnTime]
        }
        try await database.figures.refreshAll(at: later)
        #expect(try await respondedOnTime() == 1)
        // Signing for within one hour is now the rule: the same history was late.
        try await database.calendar.setTimeLimits(
            try TimeLimits(signForHours: 1, firstContactHours: 16, resolveDays: 5),
            for: .init(script.state.kind, script.state.urgency))
        try await database.figures.refreshAll(at: later)
        #expect(try await respondedOnTime() == 0)
    }
}
