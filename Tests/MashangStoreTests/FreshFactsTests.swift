import Foundation
import MashangCore
import MashangTesting
import SQLKit
import Testing

@testable import MashangStore

/// A ticket this process has just created brings its figures' facts with it: the refresher counts it without
/// loading and decoding its history again, and the facts are the ones loading would have worked out.
struct FreshFactsTests {
    @Test func theRefresherTakesANewTicketsFactsWithoutLoadingIt() async throws {
        try await TestDatabases.withSQLite { database in
            let created = try await database.tickets.create(
                Fixtures.draft(), by: Fixtures.jointIntake.eventActor, at: Fixtures.now,
                idempotencyKey: nil
            ).ticket
            let number = created.state.number
            let id = try await database.backend.read { db in
                try await db.raw("SELECT id FROM tickets WHERE number = \(bind: number)").first()!.decode(column: "id", as: Int64.self)
            }
            let remembered = try #require(database.caches.freshFacts.value(for: id, version: created.state.version))
            let loaded = try await database.backend.read { db in
                try await SQLTicketStore.loadMany(ids: [id], cipher: Fixtures.cipher, on: db)
            }
            #expect(remembered == TicketFacts(loaded[0], lateness: .none, tier: .grassroots))

            // With its stored history made unreadable, only the remembered facts can count it.
            try await database.backend.write { db in
                try await db.raw("UPDATE ticket_events SET payload = '{}' WHERE ticket_id = \(bind: id)").run()
            }
            #expect(try await database.figures.refresh() == 1)
            let counted = try await database.backend.read { db in
                try await db.raw(
                    """
                    SELECT t.figures_version = t.version AS current, f.received_day FROM tickets t JOIN ticket_facts f ON f.ticket_id = t.id
                    WHERE t.id = \(bind: id)
                    """
                ).first()
            }
            #expect(try counted?.decode(column: "current", as: Bool.self) == true)
            #expect(try counted?.decode(column: "received_day", as: Int.self) == remembered.receivedDay.index)
        }
    }
}
