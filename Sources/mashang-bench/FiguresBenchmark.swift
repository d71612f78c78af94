import Foundation
import Logging
import MashangCore
import MashangStore

/// The figures at a city's volume: loads `count` demo tickets (full histories, each worked to its end within a month
/// of receipt) over two years up to today, then runs `DashboardBenchmark` on them.
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
            let database = try await MashangDatabase.open(.sqlite(directory: directory), cipher: try ContactCipher(base64: ContactCipher.generateKey()),
                                                          sealLegacyContacts: false, logger: logger)
            // Count afresh from the kept tickets: facts and counters are rebuilt by the catch-up.
            try await database.figures.resetForBenchmark()
            let results = try await DashboardBenchmark(database: database, loaded: count).run()
            try await database.close()
            return results
        }
        try? FileManager.default.removeItem(atPath: directory)
        let database = try await MashangDatabase.open(.sqlite(directory: directory), cipher: try ContactCipher(base64: ContactCipher.generateKey()),
                                                      logger: logger)
        let reference = DemoReference.referenceData
        try await database.reference.replaceReferenceData(reference, rules: DemoReference.rules)
        let rules = try DispatchRuleSet(rules: DemoReference.rules, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
        var generator = DemoTicketGenerator(reference: reference, rules: rules, seed: 23)
        let now = Date()
        let start = now.addingTimeInterval(-2 * 365 * 86_400)
        let sliceSize = 10_000, slices = max(1, count / sliceSize)
        let span = now.timeIntervalSince(start) / Double(slices)
        let (_, loadTime) = try await measure {
            for slice in 0..<slices {
                let from = start.addingTimeInterval(span * Double(slice)), to = from.addingTimeInterval(span)
                let tickets = try generator.generate(count: slice == slices - 1 ? count - sliceSize * slice : sliceSize, from: from, to: to,
                                                     now: min(now, to.addingTimeInterval(30 * 86_400)))
                try await database.tickets.importTickets(tickets)
                if (slice + 1) % 10 == 0 { FileHandle.standardError.write(Data("  figures benchmark: \((slice + 1) * sliceSize) tickets loaded\n".utf8)) }
            }
        }
        print(String(format: "  loaded %d tickets for the figures in %.0f s", count, loadTime.seconds))
        let results = try await DashboardBenchmark(database: database, loaded: count).run()
        try await database.close()
        if !keep { try? FileManager.default.removeItem(atPath: directory) }
        return results
    }
}
