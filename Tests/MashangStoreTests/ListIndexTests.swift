import Foundation
import MashangCore
import MashangTesting
import SQLKit
import Testing

@testable import MashangStore

/// On SQLite the lists' indexes carry the columns lists filter on, so that a filtered list is read in list order from
/// the index and its non-matching entries never cost a seek into the table.
struct ListIndexTests {
    @Test func theListIndexesHoldTheFilteredColumnsAfterTheListOrder() async throws {
        try await TestDatabases.withSQLite { database in
            let columns = try await database.backend.read { db in
                var columns: [String: [String]] = [:]
                for index in ["tickets_status", "tickets_lead_status", "tickets_lead", "tickets_category", "tickets_area"] {
                    columns[index] = try await db.raw("SELECT name FROM pragma_index_info(\(bind: index)) ORDER BY seqno").all()
                        .map { try $0.decode(column: "name", as: String.self) }
                }
                return columns
            }
            #expect(columns["tickets_status"] == ["status", "id", "lead_org", "category", "area"])
            #expect(columns["tickets_lead_status"] == ["lead_org", "status", "id", "category", "area"])
            // The list planner's other drivers (`SQLiteListPlan`), migration 0033.
            #expect(columns["tickets_lead"] == ["lead_org", "id", "status", "category", "area"])
            #expect(columns["tickets_category"] == ["category", "id", "status", "lead_org", "area"])
            #expect(columns["tickets_area"] == ["area", "id", "status", "lead_org", "category"])
        }
    }

    /// An organisation's list in every status is read in intake order from `tickets_lead`, a page at a time: through
    /// `tickets_lead_status` it was every one of its tickets sorted (1.1 s at 1,000,000 tickets).
    @Test func anOrganisationsWholeListIsReadInOrder() async throws {
        try await TestDatabases.withSQLite { database in
            try await Self.importTickets(200, into: database)
            let plan = try await Self.plan(of: TicketQuery(organization: "guanghua-street"), on: database)
            #expect(plan.count == 1 && plan[0].contains("USING INDEX tickets_lead "), "\(plan)")
        }
    }

    static func importTickets(_ count: Int, into database: MashangDatabase) async throws {
        var generator = DemoTicketGenerator(reference: Fixtures.reference, rules: Fixtures.rules, seed: 9)
        try await database.tickets.importTickets(
            try generator.generate(count: count, from: Fixtures.now.addingTimeInterval(-30 * 86_400), to: Fixtures.now))
    }

    /// SQLite's plan for the list page of `query` (page 5 of 20).
    static func plan(of query: TicketQuery, on database: MashangDatabase) async throws -> [String] {
        let selection = TicketFilterSQL.selection(for: query, flavor: .sqlite)
        return try await database.backend.read { db in
            try await db.raw(
                """
                EXPLAIN QUERY PLAN SELECT \(TicketProjection.summaryColumns) FROM \(selection.from) WHERE \(selection.filter)
                ORDER BY \(selection.order) LIMIT 20 OFFSET 80
                """
            ).all().map { try $0.decode(column: "detail", as: String.self) }
        }
    }

    /// The store's own list queries use them, in list order (no sorting step), with the filters read from the index.
    @Test func filteredListsAreReadInOrderFromTheWideIndexes() async throws {
        try await TestDatabases.withSQLite { database in
            try await Self.importTickets(400, into: database)
            let queries: [(TicketQuery, String, filtered: String)] = [
                (
                    TicketQuery(
                        statuses: [.closed], organization: "guanghua-street", categories: ["housing", "housing.leak", "housing.renovation"]),
                    "tickets_lead_status", "category"
                ),
                (TicketQuery(statuses: [.closed], areas: ["jiangzuan", "jiangzuan-grid1", "jiangzuan-grid2"]), "tickets_status", "area"),
            ]
            for (query, index, filtered) in queries {
                let selection = TicketFilterSQL.selection(for: query, flavor: .sqlite)
                let plan = try await Self.plan(of: query, on: database)
                #expect(plan.count == 1 && plan[0].contains("USING INDEX \(index) "), "\(plan)")
                #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(plan)")
                // The category or area filter is read from the index's own cursor, at its place in the index (with
                // the narrow indexes it was read from the table, a seek per entry).
                let readsFromIndex = try await database.backend.read { db -> Bool in
                    let root = try await db.raw("SELECT rootpage FROM sqlite_master WHERE name = \(bind: index)").first()!
                        .decode(column: "rootpage", as: Int.self)
                    guard
                        let position = try await db.raw(
                            "SELECT seqno FROM pragma_index_info(\(bind: index)) WHERE name = \(bind: filtered)"
                        )
                        .first()?.decode(column: "seqno", as: Int.self)
                    else { return false }
                    let program = try await db.raw(
                        """
                        EXPLAIN SELECT \(TicketProjection.summaryColumns) FROM \(selection.from) WHERE \(selection.filter)
                        ORDER BY \(selection.order) LIMIT 20 OFFSET 80
                        """
                    ).all().map {
                        (
                            opcode: try $0.decode(column: "opcode", as: String.self),
                            p1: try $0.decode(column: "p1", as: Int.self), p2: try $0.decode(column: "p2", as: Int.self)
                        )
                    }
                    guard let cursor = program.first(where: { $0.opcode == "OpenRead" && $0.p2 == root })?.p1 else { return false }
                    return program.contains { $0.opcode == "Column" && $0.p1 == cursor && $0.p2 == position }
                }
                #expect(readsFromIndex, "\(filtered) is not read from \(index)")
                // The same answer as without the index.
                let listed = try await database.tickets.tickets(
                    matching: TicketQuery(
                        statuses: query.statuses, organization: query.organization,
                        categories: query.categories, areas: query.areas, pageSize: 500))
                let all = try await database.tickets.tickets(matching: TicketQuery(pageSize: 500)).items
                let expected = all.filter { item in
                    query.statuses.contains(item.status) && (query.organization.map { $0 == item.leadOrganization } ?? true)
                        && (query.categories.map { $0.contains(item.category) } ?? true)
                        && (query.areas.map { $0.contains(item.area) } ?? true)
                }
                #expect(listed.items.map(\.number) == expected.map(\.number))
                #expect(!expected.isEmpty)
            }
        }
    }
}
