import ArgumentParser
import Foundation
import MashangCore
import MashangStore
import MashangWeb

/// `mashang export`: tickets with their histories as JSON lines or CSV, all of them or those received in a period.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export tickets with their full histories (JSON lines or CSV), all or those received in a period.")

    @OptionGroup var database: DatabaseOptions

    @Option(help: "tickets, or registers (mediation cases, risks, reports, households, commendations, outreach events; JSON lines).")
    var what = "tickets"

    @Option(help: "jsonl (one ticket with its events per line) or csv (one row per ticket).")
    var format = "jsonl"

    @Option(help: "First day received, yyyy-MM-dd (China time).")
    var from: String?

    @Option(help: "Last day received, yyyy-MM-dd (China time).")
    var to: String?

    @Option(help: "masked (default: 138****5678) or clear (needs the data key; the file is then personal data).")
    var contacts = "masked"

    @Option(name: .customLong("output"), help: "File to write (created readable by its owner only); standard output when absent.")
    var output: String?

    func run() async throws {
        guard let format = TicketExport.Format(rawValue: format) else { throw ValidationError("--format must be jsonl or csv") }
        guard contacts == "masked" || contacts == "clear" else { throw ValidationError("--contacts must be masked or clear") }
        guard what == "tickets" || what == "registers" else { throw ValidationError("--what must be tickets or registers") }
        if what == "registers" && format != .jsonl { throw ValidationError("registers are exported as JSON lines only (--format jsonl)") }
        func day(_ text: String?, _ name: String) throws -> ChinaDay? {
            guard let text else { return nil }
            guard let day = RegisterValidator.day(text) else { throw ValidationError("--\(name) must be a date yyyy-MM-dd") }
            return day
        }
        let first = try day(from, "from"), last = try day(to, "to")
        if let first, let last, last < first { throw ValidationError("--to is before --from") }
        var handle = FileHandle.standardOutput
        if let output {
            guard !FileManager.default.fileExists(atPath: output) else { throw ValidationError("\(output) exists already; choose a new file") }
            guard FileManager.default.createFile(atPath: output, contents: nil, attributes: [.posixPermissions: 0o600]),
                  let file = FileHandle(forWritingAtPath: output) else { throw ValidationError("cannot write \(output)") }
            handle = file
        }
        let what = self.what, clear = contacts == "clear"
        // Registers' personal fields are sealed with the data key as contacts are: a masked export still opens them.
        let count = try await database.withDatabase(contacts: clear || what == "registers" ? .production : .none) { database in
            if what == "registers" {
                return try await RegisterExport(clearPersonalData: clear).run(database, fromDay: first?.description, toDay: last?.description) {
                    handle.write(Data($0.utf8))
                }
            }
            return try await TicketExport(format: format, clearContacts: clear).run(database, from: first?.start, before: last?.adding(1).start) {
                handle.write(Data($0.utf8))
            }
        }
        if output != nil { try handle.close() }
        FileHandle.standardError.write(Data("exported \(count) \(what == "registers" ? "records" : "tickets")\n".utf8))
    }
}
