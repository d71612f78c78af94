import ArgumentParser
import Foundation
import MashangCore
import MashangStore

/// `mashang verify [--from DAY]`: recomputes the hash chains of ticket histories and the audit log and the digests
/// of closed days, and names the first record altered, deleted or inserted behind the application's back.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Recompute the hash chains of ticket histories, the audit log and closed days; exit 1 naming any record changed.",
        discussion: "Reads only; needs no data key. The algorithm is in docs/integrity.md.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "First day, yyyy-MM-dd (China time): check the chains with records since then and the days closed since then.")
    var from: String?

    func run() async throws {
        var first: ChinaDay?
        if let from {
            guard let day = ChinaDay(from) else { throw ValidationError("--from must be a date yyyy-MM-dd") }
            first = day
        }
        let report = try await database.withDatabase { try await $0.integrity.verify(from: first) }
        print(
            "checked \(report.tickets) tickets (\(report.events) events), \(report.auditLines) audit lines and \(report.closedDays) closed days"
                + (first.map { " from \($0)" } ?? ""))
        if let last = report.lastDay {
            print("last closed day \(last.day): digest \(last.digest) (\(last.events) events, \(last.auditLines) audit lines)")
            print("compare it with the digest the server logged that day and with other organisations' copies")
        }
        guard report.intact else {
            print("CHANGED: \(report.problems.count) record\(report.problems.count == 1 ? "" : "s") do not match their chains")
            for problem in report.problems { print("  \(problem)") }
            throw ExitCode(1)
        }
        print("intact: every chain and every closed day recomputes")
    }
}
