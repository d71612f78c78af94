import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// Every figure a reader sees — the figures API and its drill-downs, the public figures page, the guide, the conduct
/// figures — equals an independent recount of random histories (late actions between sweeps, imports, self-recorded
/// ratings, merges, rejections, reopenings; the sweeper on for half the tickets). The seed is printed.
struct FigureRecountWebTests {
    @Test func everyFigureOnEveryPageEqualsTheRecount() async throws {
        try await Self.check(postgres: false)
    }

    @Test(.enabled(if: TestDatabases.postgresURL != nil, "PostgreSQL: set MASHANG_TEST_POSTGRES_URL (as .ci/run does)"))
    func everyFigureOnEveryPageEqualsTheRecountOnPostgreSQL() async throws {
        try await Self.check(postgres: true)
    }

    static func check(postgres: Bool) async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }, postgres: postgres) { web in
            let seed = RandomHistories.seedFromEnvironment()
            let (numbers, end) = try await RandomHistories(seed: seed, imported: 400, created: 150, actions: 900, pace: 0.25).write(
                into: web.database)
            clock.advance(end.timeIntervalSince(clock.now))
            try await web.database.figures.refreshAll(at: end)
            var tickets: [StoredTicket] = []
            for number in numbers { tickets.append(try #require(try await web.database.tickets.ticket(number: number))) }
            let rules = try await web.database.calendar.timeRules()
            let today = ChinaDay(end)
            func received(_ from: ChinaDay, _ to: ChinaDay) -> [StoredTicket] {
                tickets.filter { (from...to).contains(ChinaDay($0.state.receivedAt)) }
            }
            let leader = try await web.token("joint.leader")

            // The figures API, per dimension, value and measure, for a long period and for one month.
            for (from, to) in [(ChinaDay("2025-01-01")!, today), (today.firstOfMonth.addingMonths(-1), today.firstOfMonth.adding(-1))] {
                let recount = IndependentRecount(received(from, to), rules: rules, reference: Fixtures.reference, at: end)
                let api = try await web.request(.get, "/api/v1/figures?from=\(from)&to=\(to)", token: leader)
                #expect(api.status == .ok)
                var byDimension = try #require(api["byDimension"] as? [String: [String: [String: Int]]])
                byDimension[FigureDimension.total.rawValue] = ["": try #require(api["total"] as? [String: Int])]
                var differing: [String] = []
                for dimension in IndependentRecount.dimensions {
                    let shown = byDimension[dimension.rawValue] ?? [:], expected = recount.values(scope: "all", dimension: dimension)
                    for value in Set(shown.keys).union(expected.keys) {
                        for measure in FigureMeasure.ticketFlags
                        where (shown[value]?[measure.rawValue] ?? 0) != (expected[value]?[measure]?.count ?? 0) {
                            differing.append("\(dimension) \(value) \(measure)")
                        }
                    }
                }
                #expect(differing.isEmpty, "seed \(seed) \(from)…\(to): \(differing.prefix(5))")
                // Each count opens exactly that many tickets.
                for measure in FigureMeasure.ticketFlags {
                    let listed = try await web.request(
                        .get, "/api/v1/figures/tickets?from=\(from)&to=\(to)&measure=\(measure.rawValue)", token: leader)
                    #expect(listed["total"] as? Int == recount.count(scope: "all", measure), "seed \(seed) drill-down \(measure)")
                }
                // 满意率 under the default definition leaves self-recorded ratings out; its base opens exactly those ratings.
                let rated =
                    recount.count(scope: "all", .satisfied) + recount.count(scope: "all", .basicallySatisfied)
                    + recount.count(scope: "all", .unsatisfied)
                let rates = try #require(api["rates"] as? [String: Any])
                if rated > 0 {
                    let expected =
                        Double(recount.count(scope: "all", .satisfied) + recount.count(scope: "all", .basicallySatisfied)) / Double(rated)
                    #expect(abs((rates["satisfaction"] as? Double ?? -1) - expected) < 1e-9, "seed \(seed)")
                }
                let base = try await web.request(.get, "/api/v1/figures/tickets?from=\(from)&to=\(to)&measure=rated", token: leader)
                #expect(base["total"] as? Int == rated)
            }

            // The public page: the last twelve months.
            let publicFrom = today.firstOfMonth.addingMonths(-11)
            let publicRecount = IndependentRecount(received(publicFrom, today), rules: rules, reference: Fixtures.reference, at: end)
            let publicPage = try await web.page(.get, "/figures")
            #expect(publicPage.text(id: "public-received") == String(publicRecount.count(scope: "all", .received)))

            // The guide: each category's outcome over the last 365 days, subcategories included.
            let guideRecount = IndependentRecount(received(today.adding(-364), today), rules: rules, reference: Fixtures.reference, at: end)
            let guide = try await web.page(.get, "/guide")
            for category in Fixtures.reference.categories where category.parent == nil {
                let values = guideRecount.values(scope: "all", dimension: .category).filter {
                    $0.key == category.code || $0.key.hasPrefix(category.code + ".")
                }
                let receivedHere = values.values.reduce(0) { $0 + ($1[.received]?.count ?? 0) }
                let closedHere = values.values.reduce(0) { $0 + ($1[.closed]?.count ?? 0) }
                guard receivedHere > 0 else { continue }
                let entry = try #require(guide.html.range(of: "id=\"guide-\(category.code.replacingOccurrences(of: ".", with: "-"))\""))
                let outcome = String(guide.html[entry.upperBound...].prefix(2000))
                #expect(outcome.contains("近一年受理 \(receivedHere) 件，已办结 \(closedHere) 件"), "seed \(seed) guide \(category.code)")
            }

            // Conduct: rejections, merges and self-recorded ratings per organisation.
            let conductFrom = ChinaDay(Fixtures.now)
            let conduct = try await web.request(.get, "/api/v1/conduct?from=\(conductFrom)&to=\(today)", token: leader)
            #expect(conduct.status == .ok, "\(conduct.json)")
            let units = try #require(conduct["units"] as? [[String: Any]])
            let expected = IndependentRecount.conduct(tickets, period: DateInterval(start: conductFrom.start, end: end))
            for figure in [ConductReport.Figure.rejected, .merged, .selfRecordedRating, .paused] {
                var shown: [String: Set<String>] = [:]
                for unit in units where unit["department"] == nil || unit["department"] is NSNull {
                    let figures = unit["figures"] as? [String: [String: Any]]
                    let numbers = figures?[figure.rawValue]?["tickets"] as? [String] ?? []
                    if !numbers.isEmpty { shown[unit["organization"] as? String ?? ""] = Set(numbers) }
                }
                let recounted = expected.compactMapValues { $0[figure] }
                #expect(shown == recounted, "seed \(seed) conduct \(figure)")
                #expect(!recounted.isEmpty, "seed \(seed): the walk made no \(figure)")
            }
            // The dashboard and the monthly report, as a leader reads them: headline, 满意率 and the tiers.
            // The month the walked tickets were received in (with the imported ones of its first days).
            let month = ChinaDay(Fixtures.now).firstOfMonth, monthEnd = month.addingMonths(1).adding(-1)
            let monthRecount = IndependentRecount(received(month, monthEnd), rules: rules, reference: Fixtures.reference, at: end)
            #expect(monthRecount.count(scope: "all", .received) >= 150 && monthRecount.count(scope: "all", .closed) > 0)
            let session = try await web.signIn("joint.leader")
            let dashboard = try await web.page(.get, "/staff/dashboard?from=\(month)&to=\(monthEnd)", cookie: session)
            let report = try await web.page(.get, "/staff/reports/month?month=\(String(month.description.prefix(7)))", cookie: session)
            for (name, page) in [("dashboard", dashboard), ("report", report)] {
                #expect(page.status == .ok, "\(name)")
                for (label, measure) in [
                    ("受理量", FigureMeasure.received), ("办结量", .closed), ("超时", .overdue), ("推诿", .bounced), ("不满意", .unsatisfied),
                ] {
                    #expect(
                        Self.cell(page.html, table: "headline", row: label) == String(monthRecount.count(scope: "all", measure)),
                        "seed \(seed) \(name) \(label)")
                }
                let rated = [FigureMeasure.satisfied, .basicallySatisfied, .unsatisfied].reduce(0) {
                    $0 + monthRecount.count(scope: "all", $1)
                }
                #expect(
                    Self.cell(page.html, table: "rates", row: "满意率", column: 2)
                        == String(monthRecount.count(scope: "all", .satisfied) + monthRecount.count(scope: "all", .basicallySatisfied)),
                    "seed \(seed) \(name)")
                #expect(Self.cell(page.html, table: "rates", row: "满意率", column: 3) == String(rated), "seed \(seed) \(name)")
                for tier in Tier.allCases {
                    let label = ["grassroots": "基层", "organization": "单位", "joint": "联合", "beyond": "机制外（转出）"][tier.rawValue]!
                    #expect(
                        Self.cell(page.html, table: "tiers", row: label)
                            == String(monthRecount.count(scope: "all", dimension: .tier, value: tier.rawValue, .closed)),
                        "seed \(seed) \(name) \(tier)")
                }
            }
            print("figure recount (pages, \(postgres ? "PostgreSQL" : "SQLite")): seed \(seed), \(tickets.count) tickets")
        }
    }

    /// The text of a figure table's cell: the `column`-th data cell (0-based, after the row's label) of the row labelled
    /// `row`, tags removed.
    static func cell(_ html: String, table: String, row: String, column: Int = 0) -> String? {
        guard let start = html.range(of: "<table id=\"\(table)\">"),
            let end = html.range(of: "</table>", range: start.upperBound..<html.endIndex)
        else { return nil }
        let body = html[start.upperBound..<end.lowerBound]
        guard let label = body.range(of: "<th scope=\"row\">\(row)</th>"),
            let rowEnd = body.range(of: "</tr>", range: label.upperBound..<body.endIndex)
        else { return nil }
        // Cells may carry a class ("prose" for words).
        let cells = body[label.upperBound..<rowEnd.lowerBound].replacingOccurrences(
            of: "<td[^>]*>", with: "<td>", options: .regularExpression
        )
        .components(separatedBy: "<td>").dropFirst()
        guard column < cells.count else { return nil }
        let raw = cells[cells.index(cells.startIndex, offsetBy: column)]
        return raw.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression).trimmingCharacters(
            in: .whitespacesAndNewlines)
    }
}
