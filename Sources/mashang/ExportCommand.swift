import ArgumentParser
import Foundation
import MashangCore
import MashangServices
import MashangStore

/// `mashang export`: tickets with their histories as JSON lines or CSV, all or those received in a period; the
/// registers, staff accounts, reference data or the audit log as JSON lines; or all of it into a new directory.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Export tickets with their full histories (JSON lines or CSV), registers, users, reference data, the audit log, or all of it.")

    @OptionGroup var database: DatabaseOptions

    @Option(
        help: """
            tickets; registers (mediation cases, risks, reports, households, commendations, outreach events); users (never password         hashes); reference (organisations, departments, categories, areas, intake points, rules); audit; or all (needs --output DIR:         one file each).
            """)
    var what = "tickets"

    @Option(help: "jsonl (one ticket with its events per line) or csv (one row per ticket; tickets only).")
    var format = "jsonl"

    @Option(help: "First day, yyyy-MM-dd (China time): tickets received, records' days, audit entries.")
    var from: String?

    @Option(help: "Last day, yyyy-MM-dd (China time).")
    var to: String?

    @Option(help: "masked (default: 138****5678) or clear (needs the data key; the file is then personal data).")
    var contacts = "masked"

    @Option(
        name: .customLong("output"),
        help: "File (or, for all, directory) to create, readable by its owner only; standard output when absent.")
    var output: String?

    static let kinds = ["tickets", "registers", "users", "reference", "audit"]

    func run() async throws {
        guard let format = TicketExport.Format(rawValue: format) else { throw ValidationError("--format must be jsonl or csv") }
        guard contacts == "masked" || contacts == "clear" else { throw ValidationError("--contacts must be masked or clear") }
        guard Self.kinds.contains(what) || what == "all" else {
            throw ValidationError("--what must be one of \((Self.kinds + ["all"]).joined(separator: ", "))")
        }
        if what != "tickets" && format != .jsonl {
            throw ValidationError("only tickets can be exported as CSV; the rest is JSON lines (--format jsonl)")
        }
        func day(_ text: String?, _ name: String) throws -> ChinaDay? {
            guard let text else { return nil }
            guard let day = RegisterValidator.day(text) else { throw ValidationError("--\(name) must be a date yyyy-MM-dd") }
            return day
        }
        let first = try day(from, "from"), last = try day(to, "to")
        if let first, let last, last < first { throw ValidationError("--to is before --from") }
        let period = Period(first: first, last: last)
        let clear = contacts == "clear"
        if what == "all" {
            guard let output else { throw ValidationError("--what all writes one file per kind: give --output DIR (a new directory)") }
            guard !FileManager.default.fileExists(atPath: output) else {
                throw ValidationError("\(output) exists already; choose a new directory")
            }
            try FileManager.default.createDirectory(
                atPath: output, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            for kind in Self.kinds {
                let handle = try Self.create(output + "/" + kind + ".jsonl")
                let count = try await export(kind, format: .jsonl, period: period, clear: clear, to: handle)
                try handle.close()
                FileHandle.standardError.write(Data("exported \(count) \(Self.unit(kind)) to \(output)/\(kind).jsonl\n".utf8))
            }
            return
        }
        let handle = try output.map(Self.create) ?? FileHandle.standardOutput
        let count = try await export(what, format: format, period: period, clear: clear, to: handle)
        if output != nil { try handle.close() }
        FileHandle.standardError.write(Data("exported \(count) \(Self.unit(what))\n".utf8))
    }

    struct Period {
        let first: ChinaDay?
        let last: ChinaDay?
    }

    static func unit(_ kind: String) -> String {
        switch kind {
        case "registers": "records"
        case "reference": "reference items"
        case "audit": "audit entries"
        default: kind
        }
    }

    /// A new file readable by its owner only; an existing one is never overwritten.
    static func create(_ path: String) throws -> FileHandle {
        guard !FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(path) exists already; choose a new file") }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let file = FileHandle(forWritingAtPath: path)
        else { throw ValidationError("cannot write \(path)") }
        return file
    }

    private func export(_ kind: String, format: TicketExport.Format, period: Period, clear: Bool, to handle: FileHandle) async throws -> Int
    {
        let write: (String) throws -> Void = { handle.write(Data($0.utf8)) }
        // Registers' personal fields are sealed with the data key as contacts are: a masked export still opens them.
        return try await database.withDatabase(contacts: clear || kind == "registers" ? .production : .none) { database in
            switch kind {
            case "registers":
                return try await RegisterExport(clearPersonalData: clear).run(
                    database.stores, fromDay: period.first?.description,
                    toDay: period.last?.description, write: write)
            case "users": return try await DirectoryExport().users(database.stores, write: write)
            case "reference": return try await DirectoryExport().reference(database.stores, write: write)
            case "audit":
                return try await DirectoryExport().audit(
                    database.stores, from: period.first?.start, before: period.last?.adding(1).start, write: write)
            default:
                return try await TicketExport(format: format, clearContacts: clear).run(
                    database.stores, from: period.first?.start,
                    before: period.last?.adding(1).start, write: write)
            }
        }
    }
}
