import Foundation
import MashangCore
import MashangTesting
import SQLKit
import Testing

@testable import MashangStore

/// PostgreSQL numbers tickets from a sequence per year (migration 0032): a deployment upgraded to it goes on after the
/// numbers its counters had given, without a gap or a repeat.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to run the PostgreSQL numbering tests"))
struct TicketNumberSequenceTests {
    @Test func anUpgradedDeploymentNumbersOnFromItsCounters() async throws {
        try await TestDatabases.withPostgres { database in
            // Back to the state before 0032: the counters alone, 41 tickets already numbered in 2026.
            try await database.backend.write { sql in
                let sequences = PostgresTicketNumbers.years.map(PostgresTicketNumbers.sequence).joined(separator: ", ")
                try await sql.raw("DROP SEQUENCE \(unsafeRaw: sequences)").run()
                try await sql.raw("DELETE FROM schema_migrations WHERE name = '0032_ticket_number_sequences'").run()
                try await sql.raw("INSERT INTO ticket_counters (year, last_value) VALUES (2026, 41)").run()
            }
            #expect(try await Migrator(backend: database.backend).migrate() == ["0032_ticket_number_sequences"])
            let created = try await database.tickets.create(
                Fixtures.draft(), by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: nil)
            #expect(created.ticket.state.number == "MS-2026-000042")
            let nextYear = try await database.tickets.create(
                Fixtures.draft(), by: Fixtures.jointIntake.eventActor, at: Fixtures.now.addingTimeInterval(366 * 86_400),
                idempotencyKey: nil)
            #expect(nextYear.ticket.state.number == "MS-2027-000001")
        }
    }
}
