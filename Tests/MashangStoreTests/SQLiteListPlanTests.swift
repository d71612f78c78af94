import Foundation
import MashangCore
import MashangTesting
import SQLKit
import Synchronization
import Testing

@testable import MashangStore

/// The SQLite list planner (`SQLiteListPlan`) answers every filter combination exactly as the generic selection does,
/// and reads the way it means to: from the smallest covering index, in list order, without sorting the matches.
struct SQLiteListPlanTests {
    /// Random combinations of every filter the planner reads (statuses, organisation, category and area subtrees, text,
    /// both orders, pages past the end), with statistics counted before the tickets arrived (all zero) and after.
    @Test(arguments: [false, true])
    func everyCombinationListsWhatTheGenericSelectionLists(freshStatistics: Bool) async throws {
        try await TestDatabases.withSQLite { database in
            try await database.caches.listStatistics.count(on: database.backend)
            try await ListIndexTests.importTickets(600, into: database)
            if freshStatistics { try await database.caches.listStatistics.count(on: database.backend) }
            let descriptions = try await database.backend.read { db in
                try await db.raw("SELECT description FROM tickets").all().map { try $0.decode(column: "description", as: String.self) }
            }
            let seed = UInt64.random(in: 1...1_000_000)
            var random = SeededRandom(seed: seed)
            let reference = Fixtures.reference
            var textPaths = Set<String>()
            for _ in 0..<300 {
                var query = TicketQuery(page: Int.random(in: 1...4, using: &random), pageSize: Int.random(in: 3...40, using: &random))
                if Bool.random(using: &random) {
                    query.statuses = Array(TicketStatus.allCases.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
                }
                if Int.random(in: 0..<3, using: &random) == 0 {
                    query.organization = reference.organizations.randomElement(using: &random)?.code
                }
                if Bool.random(using: &random), let category = reference.categories.randomElement(using: &random) {
                    query.categories = reference.categoryTree.subtree(of: category.code)
                }
                if Bool.random(using: &random), let area = reference.areas.randomElement(using: &random) {
                    query.areas = reference.areaTree.subtree(of: area.code)
                }
                if Int.random(in: 0..<3, using: &random) == 0 {
                    // Two or one characters of a real description: words that match many tickets, few, or one.
                    let text = Array(descriptions.randomElement(using: &random)!.filter(SearchText.isIdeograph))
                    let start = Int.random(in: 0..<max(1, text.count - 2), using: &random)
                    query.text = String(text[start..<min(text.count, start + Int.random(in: 1...2, using: &random))])
                }
                query.oldestFirst = Int.random(in: 0..<4, using: &random) == 0
                let listed = try await database.tickets.tickets(matching: query)
                let expected = try await Self.genericIDs(query, on: database)
                let offset = (query.page - 1) * query.pageSize
                let wanted = Array(expected.dropFirst(offset).prefix(query.pageSize))
                #expect(listed.items.map(\.number) == wanted, "seed \(seed): \(query)")
                #expect(listed.total == expected.count && !listed.totalIsLowerBound, "seed \(seed): \(query)")
                if query.text != nil, let plan = Self.plan(query, database), !expected.isEmpty {
                    textPaths.insert(try await Self.describe(plan, on: database))
                }
            }
            // Both ways of meeting a text search were taken.
            #expect(textPaths.isSuperset(of: ["merged", "text-driven"]) || !freshStatistics, "seed \(seed): \(textPaths)")
        }
    }

    /// SQLite's plan for a parent category within a grid, a text search with a common status, and a rare text
    /// within a broad status: each walks an index or the full-text index in list order, and none sorts its matches.
    @Test func plansWalkTheSmallestIndexInListOrder() async throws {
        try await TestDatabases.withSQLite { database in
            try await ListIndexTests.importTickets(400, into: database)
            try await database.caches.listStatistics.count(on: database.backend)
            let housing = Fixtures.reference.categoryTree.subtree(of: "housing")
            let jiangzuan = Fixtures.reference.areaTree.subtree(of: "jiangzuan")
            let statistics = try await database.caches.listStatistics.current(on: database.backend)
            let categoryFirst = statistics.estimate(.category, housing) <= statistics.estimate(.area, jiangzuan)
            let plan = try await Self.explain(TicketQuery(categories: housing, areas: jiangzuan, page: 3), on: database)
            #expect(plan.contains { $0.contains("MERGE (UNION ALL)") }, "\(plan)")
            #expect(plan.contains { $0.contains("COVERING INDEX \(categoryFirst ? "tickets_category" : "tickets_area")") }, "\(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")

            let merged = try await Self.explain(TicketQuery(statuses: [.closed], text: "小区"), on: database)
            #expect(merged.contains { $0.contains("MERGE (INTERSECT)") }, "\(merged)")
            #expect(!merged.contains { $0.contains("TEMP B-TREE") }, "\(merged)")

            let rare = try await Self.explain(TicketQuery(statuses: [.closed], text: "MS-NOTHING 不存在的词"), on: database)
            #expect(rare.first?.contains("VIRTUAL TABLE") == true && !rare.contains { $0.contains("TEMP B-TREE") }, "\(rare)")
        }
    }

    static func plan(_ query: TicketQuery, _ database: MashangDatabase) -> SQLiteListPlan? {
        database.caches.listStatistics.latest.flatMap { SQLiteListPlan(query: query, statistics: $0) }
    }

    /// Which way the planner meets a text search.
    static func describe(_ plan: SQLiteListPlan, on database: MashangDatabase) async throws -> String {
        let sql = try await database.backend.read { db in (db.serialize(try await plan.ids(on: db)).sql) }
        return sql.contains("INTERSECT") ? "merged" : "text-driven"
    }

    static func explain(_ query: TicketQuery, on database: MashangDatabase) async throws -> [String] {
        let statistics = try await database.caches.listStatistics.current(on: database.backend)
        let plan = try #require(SQLiteListPlan(query: query, statistics: statistics))
        return try await database.backend.read { db in
            let ids = try await plan.ids(on: db)
            return try await db.raw("EXPLAIN QUERY PLAN \(ids) LIMIT 20 OFFSET 40").all().map {
                try $0.decode(column: "detail", as: String.self)
            }
        }
    }

    /// The numbers the generic selection lists for `query`, all pages, counted without the planner.
    static func genericIDs(_ query: TicketQuery, on database: MashangDatabase) async throws -> [String] {
        let selection = TicketFilterSQL.selection(for: query, flavor: .sqlite)
        return try await database.backend.read { db in
            try await db.raw("SELECT t.number FROM \(selection.from) WHERE \(selection.filter) ORDER BY \(selection.order)").all()
                .map { try $0.decode(column: "number", as: String.self) }
        }
    }
}

extension SQLiteListPlanTests {
    /// A page past the counted matches is still read (and the count still stops at its limit), here with a limit of
    /// 50 over 600 tickets instead of 10,000 over a million.
    @Test func pagesPastTheCountLimitAreRead() async throws {
        try await TestDatabases.withSQLite { database in
            try await ListIndexTests.importTickets(600, into: database)
            let statistics = try await database.caches.listStatistics.count(on: database.backend)
            let query = TicketQuery(statuses: TicketStatus.allCases, oldestFirst: true)
            let plan = try #require(SQLiteListPlan(query: query, statistics: statistics))
            let expected = try await Self.genericIDs(query, on: database)
            for (offset, size) in [(0, 20), (40, 20), (45, 20), (120, 7), (590, 20)] {
                let page = try await database.backend.read { db in
                    let found = try await plan.page(offset: offset, size: size, knownTotal: nil, countLimit: 50, on: db)
                    return (
                        numbers: try await plan.summaries(of: found.ids, on: db, cache: database.caches.summaries).map(\.number),
                        found.total
                    )
                }
                #expect(page.numbers == Array(expected.dropFirst(offset).prefix(size)), "offset \(offset)")
                #expect(page.1 == 51, "offset \(offset)")
            }
        }
    }
}

/// A text search counts its matches up to `TicketPage.searchCountLimit`; the same tickets listed by filters alone are
/// counted up to `TicketPage.countLimit`, and a ticket number is not a search. On both databases.
struct SearchCountLimitTests {
    @Test func aTextSearchCountsToAThousandOnSQLite() async throws {
        try await TestDatabases.withSQLite(Self.check)
    }

    @Test(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to run it on PostgreSQL"))
    func aTextSearchCountsToAThousandOnPostgres() async throws {
        try await TestDatabases.withPostgres(Self.check)
    }

    static func check(_ database: MashangDatabase) async throws {
        var generator = DemoTicketGenerator(reference: Fixtures.reference, rules: Fixtures.rules, seed: 3)
        var tickets = try generator.generate(count: 1_100, from: Fixtures.now.addingTimeInterval(-30 * 86_400), to: Fixtures.now)
        for index in tickets.indices where index % 11 != 0 { tickets[index].state.description = "楼道漏水。" + tickets[index].state.description }
        // Imported in batches: one 1,100-ticket transaction can pass the 60 s write deadline on PostgreSQL while
        // the whole suite shares two cores.
        for start in stride(from: 0, to: tickets.count, by: 100) {
            try await database.tickets.importTickets(Array(tickets[start..<min(start + 100, tickets.count)]))
        }
        let searched = try await database.tickets.tickets(matching: TicketQuery(text: "漏水", page: 2, pageSize: 20))
        #expect(searched.total == TicketPage.searchCountLimit && searched.totalIsLowerBound)
        #expect(searched.items.count == 20)
        let filtered = try await database.tickets.tickets(matching: TicketQuery(statuses: TicketStatus.allCases, pageSize: 20))
        #expect(filtered.total == 1_100 && !filtered.totalIsLowerBound)
        let number = tickets[5].state.number
        let byNumber = try await database.tickets.tickets(matching: TicketQuery(text: " \(number) "))
        #expect(byNumber.items.map(\.number) == [number] && byNumber.total == 1)
        #expect(TicketQuery(text: " \(number) ").countLimit == TicketPage.countLimit)
        #expect(TicketQuery(text: "  ").countLimit == TicketPage.countLimit)
    }
}

extension SQLiteListPlanTests {
    /// Lists arriving together at a node that has no statistics yet wait for one count, not one each.
    @Test func listsArrivingTogetherShareTheFirstCount() async throws {
        try await TestDatabases.withSQLite { database in
            try await ListIndexTests.importTickets(200, into: database)
            let statistics = database.caches.listStatistics
            try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        try await database.tickets.tickets(matching: TicketQuery(statuses: [.closed], page: index % 3 + 1)).items.count
                    }
                }
                for try await _ in group {}
            }
            #expect(statistics.countsBegun.load(ordering: .relaxed) == 1)
            #expect(statistics.latest.map { $0.estimate(.status, TicketStatus.allCases.map(\.rawValue)) } == 200)
        }
    }
}

extension SQLiteListPlanTests {
    /// A filter of more values than the plan merges branches for (a district of hundreds of grids) is checked from
    /// another index, or the list falls back to the generic selection, and lists the same tickets.
    @Test func aFilterOfManyValuesIsNotADriver() async throws {
        try await TestDatabases.withSQLite { database in
            try await ListIndexTests.importTickets(300, into: database)
            try await database.caches.listStatistics.count(on: database.backend)
            let areas = Fixtures.reference.areas.map(\.code) + (0..<600).map { "grid-\($0)" }
            for query in [
                TicketQuery(areas: areas, page: 2, pageSize: 10),
                TicketQuery(statuses: [.closed], areas: areas, page: 2, pageSize: 10),
                TicketQuery(areas: areas, text: "小区", pageSize: 10),
            ] {
                let listed = try await database.tickets.tickets(matching: query)
                let expected = try await Self.genericIDs(query, on: database)
                #expect(listed.items.map(\.number) == Array(expected.dropFirst((query.page - 1) * 10).prefix(10)), "\(query)")
                #expect(listed.total == expected.count, "\(query)")
            }
        }
    }
}
