import Foundation
import MashangCore

/// `mashang import`: records from a previous system, checked row by row, then written — all of them, or none when any
/// row is bad (unless invalid rows are to be skipped). A dry run checks and reports without writing.
public struct DataImport: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        case tickets, households, areas, users
    }

    public struct Options: Sendable {
        public var dryRun = false
        public var skipInvalid = false
        /// The organisation households are registered for (its 帮扶 service).
        public var organization: String?
        public init(dryRun: Bool = false, skipInvalid: Bool = false, organization: String? = nil) {
            self.dryRun = dryRun
            self.skipInvalid = skipInvalid
            self.organization = organization
        }
    }

    /// What happened: rows read, rows that would be (or were) written, every problem, columns not used, and for users
    /// the passwords that were generated.
    public struct Report: Sendable {
        public var rows = 0
        public var valid = 0
        public var written = 0
        public var problems: [ImportProblem] = []
        public var ignoredColumns: [String] = []
        public var generatedPasswords: [(username: String, password: String)] = []
        /// Cell values by row and field, to show a problem with what was in the cell.
        var values: [Int: [String: String]] = [:]

        public var lines: [String] {
            problems.map { problem in
                // A long cell (a boundary's GeoJSON) is shown by its beginning.
                let value = values[problem.row]?[problem.field].map { " (\"\($0.count > 60 ? $0.prefix(60) + "…" : $0)\")" } ?? ""
                return "row \(problem.row): \(problem.field) \(problem.problem)\(value)"
            }
        }
    }

    public let database: Stores
    public let clock: @Sendable () -> Date

    public init(database: Stores, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.clock = clock
    }

    public func run(_ kind: Kind, table: ImportTable, mapping: ImportMapping, options: Options) async throws -> Report {
        let reference = try await database.reference.referenceData()
        let (fields, required): ([String], [String]) =
            switch kind {
            case .tickets: (TicketImport.fields, TicketImport.required)
            case .households:
                (RegisterKind.household.schema.fields.map(\.name), RegisterKind.household.schema.fields.filter(\.required).map(\.name))
            case .areas: (AreaImport.fields, AreaImport.required)
            case .users: (UserImport.fields, UserImport.required)
            }
        let (records, ignored, fileProblems) = table.records(mapping, fields: fields, required: required)
        var report = Report(rows: records.count, problems: fileProblems, ignoredColumns: ignored)
        report.values = Dictionary(uniqueKeysWithValues: records.map { ($0.row, $0.values) })
        guard fileProblems.isEmpty else { return report }
        let write: (Report) async throws -> Report
        switch kind {
        case .tickets:
            let rules = try DispatchRuleSet(
                rules: try await database.reference.dispatchRules(), categoryTree: reference.categoryTree,
                areaTree: reference.areaTree)
            var rows: [TicketImport.Row] = []
            for record in records {
                switch TicketImport.check(record, reference: reference, rules: rules, now: clock()) {
                case .success(let row): rows.append(row)
                case .failure(let error):
                    report.problems += error.fields.map { ImportProblem(row: record.row, field: $0.name, problem: $0.problem) }
                }
            }
            report.valid = rows.count
            write = { report in
                var report = report
                for start in stride(from: 0, to: rows.count, by: 500) {
                    report.written += try await database.tickets.importNumbered(Array(rows[start..<min(rows.count, start + 500)])).count
                }
                return report
            }
        case .areas:
            let (areas, problems) = AreaImport.check(records, reference: reference)
            report.problems += problems
            report.valid = areas.count
            write = { report in
                var report = report
                let updated = AreaImport.merging(areas.map(\.area), into: reference)
                try await database.reference.replaceReferenceData(updated, rules: try await database.reference.dispatchRules())
                report.written = areas.count
                return report
            }
        case .users:
            let existing = Set(try await database.accounts.accounts().map(\.username))
            let (users, problems) = UserImport.check(records, reference: reference, existing: existing)
            report.problems += problems
            report.valid = users.count
            write = { report in
                var report = report
                let service = AccountService(accounts: database.accounts, passwords: PasswordHasher())
                for (_, user) in users {
                    if let generated = try await service.add(user).generatedPassword {
                        report.generatedPasswords.append((user.username, generated))
                    }
                    report.written += 1
                }
                return report
            }
        case .households:
            guard let organization = options.organization, reference.organization(organization) != nil else {
                report.problems.append(ImportProblem(row: 1, field: "organization", problem: "required"))
                return report
            }
            let actor = TicketImport.actor(organization, .assistance, reference: reference)
            let today = ChinaDay(clock())
            var openings: [RegisterEngine.Opening] = []
            for record in records {
                do {
                    openings.append(
                        try RegisterEngine.open(
                            .household, record.values.mapValues(RegisterValue.text), by: actor,
                            reference: reference, today: today))
                } catch {
                    report.problems += error.fields.map { ImportProblem(row: record.row, field: $0.name, problem: $0.problem) }
                }
            }
            report.valid = openings.count
            write = { report in
                var report = report
                for opening in openings {
                    _ = try await database.registers.create(.household, opening, by: actor.eventActor, at: clock())
                    report.written += 1
                }
                return report
            }
        }
        report.problems.sort { ($0.row, $0.field) < ($1.row, $1.field) }
        if options.dryRun || (!report.problems.isEmpty && !options.skipInvalid) { return report }
        return try await write(report)
    }
}
