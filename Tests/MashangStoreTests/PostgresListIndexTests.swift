import Foundation
import MashangCore
import MashangTesting
import SQLKit
import Testing

@testable import MashangStore

/// On PostgreSQL the lists' indexes carry the other filters' columns (migration 0034), so a filtered page and its
/// count can be index-only scans.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to check PostgreSQL's list indexes"))
struct PostgresListIndexTests {
    @Test func theListIndexesIncludeTheOtherFilters() async throws {
        try await TestDatabases.withPostgres { database in
            let definitions = try await database.backend.read { db in
                try await db.raw(
                    """
                    SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'tickets'
                    """
                ).all().reduce(into: [String: String]()) {
                    $0[try $1.decode(column: "indexname", as: String.self)] = try $1.decode(column: "indexdef", as: String.self)
                }
            }
            let expected = [
                "tickets_status": "(status, id) INCLUDE (lead_org, category, area)",
                "tickets_lead_status": "(lead_org, status, id) INCLUDE (category, area)",
                "tickets_lead": "(lead_org, id) INCLUDE (status, category, area)",
                "tickets_category": "(category, id) INCLUDE (status, lead_org, area)",
                "tickets_area": "(area, id) INCLUDE (status, lead_org, category)",
            ]
            for (name, columns) in expected {
                #expect(definitions[name]?.hasSuffix("USING btree \(columns)") == true, "\(name): \(definitions[name] ?? "missing")")
            }
        }
    }
}
