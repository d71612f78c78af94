import ArgumentParser
import Foundation
import Logging
import MashangCore
import MashangStore

/// Store and routing benchmarks. Build in release: `swift run -c release mashang-bench`.
/// Prints one table; nothing here is a pass/fail test.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mashang-bench",
        abstract: "Measure the SQLite store and the dispatch rules on this machine.")

    @Option(help: "Ticket counts at which list queries are timed (comma-separated).")
    var sizes = "100000,1000000"

    @Option(help: "Tickets loaded for the figures benchmark (rollup catch-up, dashboard, report); 0 skips it.")
    var figures = 1_000_000

    @Option(help: "Tickets created in the creation benchmark.")
    var creations = 20_000

    @Option(help: "Messages sent through the outbox to a local fake SMS gateway; 0 skips it.")
    var messages = 5_000

    @Option(help: "Milliseconds the fake SMS gateway takes to answer, as a provider across the network does; one run each.")
    var gatewayLatencies = "0,50"

    @Option(help: "Concurrent submitters in the creation benchmark.")
    var concurrency = 64

    @Option(help: "Directory for the benchmark databases (removed afterwards unless --keep).")
    var directory = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-bench").path

    @Flag(help: "Keep the benchmark databases for inspection or --reuse.")
    var keep = false

    @Flag(help: "Reuse the figures benchmark's tickets kept by an earlier --keep run (the rollups are rebuilt).")
    var reuse = false

    func run() async throws {
        var logger = Logger(label: "mashang-bench")
        logger.logLevel = .warning
        var table = ResultTable()
        print(Machine.describe())

        if messages > 0 {
            for latency in gatewayLatencies.split(separator: ",").compactMap({ Int($0) }) {
                table.add(
                    try await MessagesBenchmark(count: messages, latency: latency, directory: directory + "/messages", logger: logger).run()
                )
            }
        }
        if creations > 0 {
            table.add(
                try await CreationBenchmark(count: creations, concurrency: concurrency, directory: directory + "/create", logger: logger)
                    .run())
        }
        table.add(RoutingBenchmark(ruleCount: 1_000, decisions: 1_000_000).run())
        let counts = sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.sorted()
        table.add(contentsOf: try await ListBenchmark(counts: counts, directory: directory + "/list", keep: keep, logger: logger).run())
        table.add(
            contentsOf: try await FiguresBenchmark(
                count: figures, directory: directory + "/figures", keep: keep || reuse, reuse: reuse,
                logger: logger
            ).run())
        print(table.render())
        if !keep && !reuse { try? FileManager.default.removeItem(atPath: directory) }
    }
}

struct Measurement {
    var name: String
    var value: String
    var target: String
    var notes: String
}

struct ResultTable {
    private var rows: [Measurement] = []
    mutating func add(_ row: Measurement) { rows.append(row); print("  measured: \(row.name) = \(row.value)") }
    mutating func add(contentsOf more: [Measurement]) { for row in more { add(row) } }

    func render() -> String {
        let header = Measurement(name: "benchmark", value: "measured", target: "target", notes: "notes")
        let all = [header] + rows
        let widths = [all.map(\.name.count).max()!, all.map(\.value.count).max()!, all.map(\.target.count).max()!]
        func line(_ row: Measurement) -> String {
            "| " + row.name.padding(toLength: widths[0], withPad: " ", startingAt: 0) + " | "
                + row.value.padding(toLength: widths[1], withPad: " ", startingAt: 0) + " | "
                + row.target.padding(toLength: widths[2], withPad: " ", startingAt: 0) + " | " + row.notes + " |"
        }
        let rule = "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|---|"
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}

enum Machine {
    static func describe() -> String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let memory =
            (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("MemTotal") }.map(String.init) ?? ""
        return "machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu); \(memory.replacingOccurrences(of: "  ", with: ""))"
    }
}

/// A new, empty SQLite database in `directory` (anything there before is removed), with a throwaway data key.
func freshDatabase(in directory: String, logger: Logger) async throws -> MashangDatabase {
    try? FileManager.default.removeItem(atPath: directory)
    return try await MashangDatabase.open(
        .sqlite(directory: directory), cipher: try ContactCipher(base64: ContactCipher.generateKey()), logger: logger)
}

/// Wall-clock timing with the monotonic clock.
func measure<T>(_ body: () async throws -> T) async rethrows -> (T, Duration) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try await body()
    return (result, clock.now - start)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
}
