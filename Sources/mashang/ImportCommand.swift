import ArgumentParser
import Foundation
import MashangCore
import MashangServices
import MashangStore

/// `mashang import tickets|households|areas|users FILE`: records from a previous system, CSV (UTF-8) or XLSX; areas
/// also from GeoJSON (their boundaries).
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import historical tickets, households, areas or users from a CSV (UTF-8) or XLSX file; areas also from GeoJSON.",
        discussion: """
            Columns are Mashang's field names, or are named by a mapping file (JSON): \
            {"columns": {"受理时间": "receivedAt"}, "codes": {"category": {"漏水": "housing.leak"}}, "defaults": {"channel": "hotline"}}. \
            Every row is checked first; nothing is written when any row is bad, unless --skip-invalid. \
            Fields — tickets: \(TicketImport.fields.joined(separator: ", ")); \
            households: \(RegisterKind.household.schema.fields.map(\.name).joined(separator: ", ")); \
            areas: \(AreaImport.fields.joined(separator: ", ")) (a .geojson FeatureCollection: properties code, parent, name, \
            name_en, and the geometry as the boundary; a known code gets the boundary); users: \(UserImport.fields.joined(separator: ", ")).
            """)

    @Argument(help: "What the file holds: \(DataImport.Kind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: String

    @Argument(help: "The .csv or .xlsx file (first sheet, header in the first row), or for areas a .geojson file.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    @Option(help: "JSON mapping of the file's columns and codes to Mashang's.")
    var mapping: String?

    @Flag(help: "Check every row and report; write nothing.")
    var dryRun = false

    @Flag(help: "Write the valid rows and report the others (default: write nothing when a row is bad).")
    var skipInvalid = false

    @Option(help: "Households: the organisation whose assistance service registers them.")
    var organization: String?

    @Option(help: "Users: file to write generated passwords to (created readable by its owner only); required when a row has no password.")
    var credentials: String?

    func run() async throws {
        guard let kind = DataImport.Kind(rawValue: kind) else {
            throw ValidationError("unknown kind \(kind); use one of \(DataImport.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let table: ImportTable
        do {
            table = try TabularFile.read(URL(fileURLWithPath: file))
        } catch let error as TabularFile.Unreadable {
            throw ValidationError(error.description)
        }
        var rules = ImportMapping()
        if let mapping {
            guard let data = FileManager.default.contents(atPath: mapping) else { throw ValidationError("cannot read \(mapping)") }
            do {
                rules = try JSONDecoder().decode(ImportMapping.self, from: data)
            } catch {
                throw ValidationError("\(mapping) is not a mapping file: \(error)")
            }
        }
        if let credentials, FileManager.default.fileExists(atPath: credentials) {
            throw ValidationError("\(credentials) exists already; choose a new file")
        }
        if kind == .users, credentials == nil, !dryRun {
            let passwords = table.records(rules, fields: UserImport.fields, required: []).records.filter { $0["password"] == nil }
            if !passwords.isEmpty {
                throw ValidationError("\(passwords.count) rows have no password: give --credentials FILE for the generated ones")
            }
        }
        let options = DataImport.Options(dryRun: dryRun, skipInvalid: skipInvalid, organization: organization)
        let report = try await database.withDatabase(contacts: .production) { database in
            try await DataImport(database: database.stores).run(kind, table: table, mapping: rules, options: options)
        }
        for line in report.lines { print(line) }
        if !report.ignoredColumns.isEmpty { print("columns not used: \(report.ignoredColumns.joined(separator: ", "))") }
        if let credentials, !report.generatedPasswords.isEmpty {
            let text = report.generatedPasswords.map { "\($0.username),\($0.password)" }.joined(separator: "\n") + "\n"
            guard
                FileManager.default.createFile(
                    atPath: credentials, contents: Data(("username,password\n" + text).utf8),
                    attributes: [.posixPermissions: 0o600])
            else { throw ValidationError("cannot write \(credentials)") }
            print("generated passwords written to \(credentials)")
        }
        let bad = report.rows - report.valid
        if dryRun {
            print("dry run: \(report.rows) rows, \(report.valid) valid, \(bad) with problems; nothing written")
        } else if report.written == 0 && !report.problems.isEmpty {
            print("nothing written: \(bad) of \(report.rows) rows have problems (fix them, or use --skip-invalid)")
        } else {
            print("\(report.written) \(kind.rawValue) imported of \(report.rows) rows\(bad > 0 ? ", \(bad) skipped" : "")")
        }
        if !report.problems.isEmpty && (dryRun || report.written == 0) { throw ExitCode(1) }
    }
}
