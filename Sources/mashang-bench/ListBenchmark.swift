import Foundation
import Logging
import MashangCore
import MashangStore

/// Time to the first page of 50 at growing volumes: an organisation + status filter, and Chinese text queries.
/// The data is demo-generated (full event histories) over two years, loaded in slices.
struct ListBenchmark {
    let counts: [Int]
    let directory: String
    let keep: Bool
    let logger: Logger

    static let queries: [(String, TicketQuery)] = [
        ("page 1: org + status (inProgress)", TicketQuery(statuses: [.inProgress], organization: "guanghua-street")),
        ("page 1: org + status (closed)", TicketQuery(statuses: [.closed], organization: "guanghua-street")),
        ("page 1: text 漏水 (2 chars, common)", TicketQuery(text: "漏水")),
        ("page 1: text 屋顶防水层老化 (phrase)", TicketQuery(text: "屋顶防水层老化")),
        ("page 1: text 电梯 老人 (two words)", TicketQuery(text: "电梯 老人")),
        ("page 1: org scope + text 暖气", TicketQuery(scope: .organization("guanghua-street"), text: "暖气")),
    ]

    func run() async throws -> [Measurement] {
        guard !counts.isEmpty else { return [] }
        try? FileManager.default.removeItem(atPath: directory)
        let database = try await MashangDatabase.open(
            .sqlite(directory: directory), cipher: try ContactCipher(base64: ContactCipher.generateKey()), logger: logger)
        let reference = DemoReference.referenceData
        try await database.reference.replaceReferenceData(reference, rules: DemoReference.rules)
        let rules = try DispatchRuleSet(rules: DemoReference.rules, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
        var generator = DemoTicketGenerator(reference: reference, rules: rules, seed: 11)
        let now = Date()
        let start = now.addingTimeInterval(-2 * 365 * 86_400)
        var loaded = 0
        var results: [Measurement] = []
        for target in counts {
            let (_, loadTime) = try await measure {
                // Slices of 10,000 tickets, each over its share of the remaining time.
                let slices = max(1, (target - loaded) / 10_000)
                for slice in 0..<slices {
                    let count = slice == slices - 1 ? (target - loaded) : 10_000
                    let span = now.timeIntervalSince(start) / Double(max(1, counts.last! / 10_000))
                    let sliceStart = start.addingTimeInterval(span * Double(loaded / 10_000))
                    let tickets = try generator.generate(count: count, from: sliceStart, to: sliceStart.addingTimeInterval(span), now: now)
                    for start in stride(from: 0, to: tickets.count, by: 500) {  // see FiguresBenchmark
                        try await database.tickets.importTickets(Array(tickets[start..<min(tickets.count, start + 500)]))
                    }
                    loaded += count
                }
            }
            print("  loaded \(loaded) tickets (+\(String(format: "%.0f", loadTime.seconds)) s)")
            for (name, query) in Self.queries {
                var timings: [Double] = []
                var total = 0
                _ = try await database.tickets.tickets(matching: query)  // warm the cache once
                for _ in 0..<15 {
                    let (page, elapsed) = try await measure { try await database.tickets.tickets(matching: query) }
                    timings.append(elapsed.milliseconds)
                    total = page.total
                }
                timings.sort()
                let median = timings[timings.count / 2], worst = timings.last!
                let isText = query.text != nil
                results.append(
                    Measurement(
                        name: "\(name) @ \(loaded.formatted())", value: String(format: "%.2f ms", median),
                        target: isText ? "≤ 100 ms" : "≤ 10 ms",
                        notes: String(
                            format: "median of 15, max %.2f ms; %@ matching rows counted", worst,
                            total >= TicketPage.countLimit ? "10,000+" : "\(total)")))
            }
        }
        try await database.close()
        if !keep { try? FileManager.default.removeItem(atPath: directory) }
        return results
    }
}
