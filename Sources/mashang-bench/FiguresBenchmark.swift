import Foundation
import Logging
import MashangCore
import MashangStore
import SQLKit

/// The figures at a city's volume: loads up to 100,000 demo tickets (full histories, each worked to its end within a
/// month of receipt) over two years up to today, copies them in SQL (rows, histories and parties; new ids and numbers)
/// until there are `count`, then runs `DashboardBenchmark` on them. Copies keep their originals' days, so the volume
/// per day is `count` / 730.
struct FiguresBenchmark {
    let count: Int
    let directory: String
    let keep: Bool
    /// Use the tickets already in `directory` (from a run with `--keep`) instead of loading them again.
    let reuse: Bool
    let logger: Logger

    func run() async throws -> [Measurement] {
        guard count > 0 else { return [] }
        let existing = FileManager.default.fileExists(atPath: directory + "/mashang.sqlite")
        if reuse && existing {
            let key = try String(contentsOfFile: directory + "/bench.key", encoding: .utf8)
            let database = try await MashangDatabase.open(
                .sqlite(directory: directory), cipher: try ContactCipher(base64: key),
                sealLegacyContacts: false, logger: logger)
            // Every rollup is dropped and every ticket pending, as after an upgrade: the catch-up is measured again.
            try await database.backend.write { database in
                for table in ["ticket_facts", "figure_counts", "figure_months", "conduct_marks", "conduct_replies"] {
                    try await database.raw("DELETE FROM \(ident: table)").run()
                }
                try await database.raw("UPDATE tickets SET figures_version = 0").run()
            }
            let results = try await DashboardBenchmark(database: database, loaded: count).run()
            try await database.close()
            return results
        }
        try? FileManager.default.removeItem(atPath: directory)
        let key = ContactCipher.generateKey()
        let database = try await MashangDatabase.open(.sqlite(directory: directory), cipher: try ContactCipher(base64: key), logger: logger)
        try key.write(toFile: directory + "/bench.key", atomically: true, encoding: .utf8)  // for --reuse
        let reference = DemoReference.referenceData
        try await database.reference.replaceReferenceData(reference, rules: DemoReference.rules)
        let rules = try DispatchRuleSet(rules: DemoReference.rules, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
        var generator = DemoTicketGenerator(reference: reference, rules: rules, seed: 23)
        let now = Date()
        let start = now.addingTimeInterval(-2 * 365 * 86_400)
        let base = min(count, 100_000)
        let sliceSize = 10_000, slices = max(1, base / sliceSize)
        let span = now.timeIntervalSince(start) / Double(slices)
        let (_, loadTime) = try await measure {
            for slice in 0..<slices {
                let from = start.addingTimeInterval(span * Double(slice)), to = from.addingTimeInterval(span)
                let tickets = try generator.generate(
                    count: slice == slices - 1 ? base - sliceSize * slice : sliceSize, from: from, to: to,
                    now: min(now, to.addingTimeInterval(30 * 86_400)))
                // In writes of 500: one savepoint journal per write job grows with its size (SQLite truncates it at every
                // statement), so a 10,000-ticket job is many times slower per ticket.
                for start in stride(from: 0, to: tickets.count, by: 500) {
                    try await database.tickets.importTickets(Array(tickets[start..<min(tickets.count, start + 500)]))
                }
                if (slice + 1) % 10 == 0 {
                    FileHandle.standardError.write(Data("  figures benchmark: \((slice + 1) * sliceSize) tickets loaded\n".utf8))
                }
            }
        }
        let (_, copyTime) = try await measure { try await copy(database, base: base, to: count) }
        print(
            String(
                format: "  loaded %d tickets for the figures in %.0f s, copied to %d in %.0f s", base, loadTime.seconds, count,
                copyTime.seconds))
        let results = try await DashboardBenchmark(database: database, loaded: count).run()
        try await database.close()
        if !keep { try? FileManager.default.removeItem(atPath: directory) }
        return results
    }

    /// Copies the first `base` tickets (ids 1…base) with their events and parties until there are `total`.
    func copy(_ database: MashangDatabase, base: Int, to total: Int) async throws {
        guard total > base else { return }
        let columns = try await database.backend.read { db in
            try await db.raw("PRAGMA table_info(tickets)").all().map { try $0.decode(column: "name", as: String.self) }
        }.filter { $0 != "id" && $0 != "number" }
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        var copied = base, round = 1
        while copied < total {
            let count = min(base, total - copied), offset = base * round
            let statements: [String] = [
                "INSERT INTO tickets (id, number, \(list)) SELECT id + \(offset), number || 'C\(round)', \(list) FROM tickets WHERE id <= \(count)",
                "INSERT INTO ticket_events (ticket_id, sequence, type, actor, actor_org, occurred_at, payload) SELECT ticket_id + \(offset), "
                    + "sequence, type, actor, actor_org, occurred_at, payload FROM ticket_events WHERE ticket_id <= \(count)",
                "INSERT INTO ticket_parties (party, ticket_id) SELECT party, ticket_id + \(offset) FROM ticket_parties WHERE ticket_id <= \(count)",
            ]
            try await database.backend.write { db in
                for statement in statements { try await db.raw(SQLQueryString(statement)).run() }
            }
            copied += count
            round += 1
            FileHandle.standardError.write(Data("  figures benchmark: \(copied) tickets\n".utf8))
        }
    }
}
