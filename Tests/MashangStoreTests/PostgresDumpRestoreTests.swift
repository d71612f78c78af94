import Foundation
import Logging
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// A PostgreSQL deployment backed up and restored as docs/operations.md says (`pg_dump --format=custom`, then
/// `pg_restore --no-owner` into an empty database): every ticket comes back with its history and messages, the
/// restored database opens without migrating again, and numbering continues after the last ticket.
@Suite(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to run the PostgreSQL backup test"))
struct PostgresDumpRestoreTests {
    /// The PostgreSQL client tools, on the path or where Debian installs them.
    static func tool(_ name: String) throws -> String {
        let candidates =
            (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/\(name)" }
            + (15...17).reversed().map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0) }, "\(name) not found")
    }

    static func url(_ base: String, database: String) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        return components.string!
    }

    @Test func aDumpRestoresEveryTicketWithItsHistory() async throws {
        let base = try #require(TestDatabases.postgresURL)
        var logger = Logger(label: "mashang-test")
        logger.logLevel = .warning
        let suffix = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        let original = "dump_\(suffix)", restored = "restore_\(suffix)"
        let admin = try PostgresBackend(url: base, logger: logger)
        for name in [original, restored] { try await admin.read { sql in try await sql.raw("CREATE DATABASE \(ident: name)").run() } }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-\(suffix).dump").path
        do {
            let numbers = try await MashangDatabase.open(
                .postgres(url: Self.url(base, database: original)), cipher: Fixtures.cipher, logger: logger
            )
            .closing { database in
                try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
                var numbers: [String] = []
                for index in 0..<5 {
                    var draft = Fixtures.draft(description: "备份前的诉求第\(index)件")
                    draft.requester.phone = "1381234567\(index)"
                    draft.contactConsent = ContactConsent(sms: true)
                    let number = try await database.tickets.create(draft, by: .publicRequester, at: Fixtures.now, idempotencyKey: nil)
                        .ticket.state.number
                    _ = try await database.tickets.apply(
                        to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: Fixtures.now
                    ) {
                        state, _ in
                        try TicketLifecycle.decide(
                            .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: state,
                            by: Fixtures.jointDispatcher, context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
                    }
                    numbers.append(number)
                }
                return numbers
            }
            let dump = try ChildProcess.run(
                try Self.tool("pg_dump"), ["--format=custom", "--file=\(file)", Self.url(base, database: original)])
            #expect(dump.status == 0, "\(dump.output)")
            let restore = try ChildProcess.run(
                try Self.tool("pg_restore"), ["--no-owner", "--dbname=\(Self.url(base, database: restored))", file])
            #expect(restore.status == 0, "\(restore.output)")

            let originalDatabase = try await MashangDatabase.open(
                .postgres(url: Self.url(base, database: original)), cipher: Fixtures.cipher, logger: logger)
            let copy = try await MashangDatabase.open(
                .postgres(url: Self.url(base, database: restored)), cipher: Fixtures.cipher, logger: logger)
            try await originalDatabase.closing { originalDatabase in
                try await copy.closing { copy in
                    for number in numbers {
                        let before = try #require(try await originalDatabase.tickets.ticket(number: number))
                        let after = try #require(try await copy.tickets.ticket(number: number))
                        #expect(after == before)
                        #expect(after.state.requester.phone?.hasPrefix("138123456") == true)  // the sealed contact opens with the same key
                        #expect(
                            try await copy.outbox.messages(ofTicket: number).map(\.message)
                                == originalDatabase.outbox.messages(ofTicket: number)
                                .map(\.message))
                    }
                    // Numbering goes on after the last ticket of the copy.
                    let next = try await copy.tickets.create(Fixtures.draft(), by: .publicRequester, at: Fixtures.now, idempotencyKey: nil)
                    #expect(!numbers.contains(next.ticket.state.number) && next.ticket.state.number > numbers.max()!)
                }
            }
        } catch {
            Issue.record(error)
        }
        try? FileManager.default.removeItem(atPath: file)
        for name in [original, restored] {
            try await admin.read { sql in try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run() }
        }
        try await admin.close()
    }
}
