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
        let export = TicketExport(format: format, clearContacts: contacts == "clear")
        let count = try await database.withDatabase(contacts: contacts == "clear" ? .production : .none) { database in
            try await export.run(database, from: first?.start, before: last?.adding(1).start) { text in handle.write(Data(text.utf8)) }
        }
        if output != nil { try handle.close() }
        FileHandle.standardError.write(Data("exported \(count) tickets\n".utf8))
    }
}
