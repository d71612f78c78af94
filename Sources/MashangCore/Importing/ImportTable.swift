import Foundation

/// A sheet read from a CSV or XLSX file: the header row and the rows under it (row 2 of the file is `rows[0]`).
public struct ImportTable: Sendable, Equatable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        self.rows = rows.filter { row in row.contains { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty } }
    }
}

/// How a previous system's file maps onto Mashang: its column names to Mashang's field names, its codes (for a
/// field) to Mashang's codes, and defaults for fields the file does not have. Read from a JSON mapping file:
/// `{"columns": {"受理时间": "receivedAt"}, "codes": {"category": {"漏水": "housing.leak"}}, "defaults": {"channel": "hotline"}}`.
public struct ImportMapping: Codable, Sendable, Equatable {
    public var columns: [String: String]
    public var codes: [String: [String: String]]
    public var defaults: [String: String]

    public init(columns: [String: String] = [:], codes: [String: [String: String]] = [:], defaults: [String: String] = [:]) {
        self.columns = columns
        self.codes = codes
        self.defaults = defaults
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        columns = try container.decodeIfPresent([String: String].self, forKey: .columns) ?? [:]
        codes = try container.decodeIfPresent([String: [String: String]].self, forKey: .codes) ?? [:]
        defaults = try container.decodeIfPresent([String: String].self, forKey: .defaults) ?? [:]
    }
}

/// Why one row (or the file, row 1) cannot be imported.
public struct ImportProblem: Sendable, Equatable, CustomStringConvertible {
    /// The file's line: 1 is the header.
    public var row: Int
    public var field: String
    /// `required`, `invalid`, `unknown`, `tooLong`, `duplicate`, `notAllowed`, …
    public var problem: String

    public init(row: Int, field: String, problem: String) {
        self.row = row
        self.field = field
        self.problem = problem
    }

    public var description: String { "row \(row): \(field) \(problem)" }
}

/// One row by Mashang's field names, codes already translated; empty cells left out.
public struct ImportRecord: Sendable, Equatable {
    public var row: Int
    public var values: [String: String]

    public subscript(_ field: String) -> String? { values[field] }
}

extension ImportTable {
    /// The rows by field name. Columns are matched by the mapping, else by their own name when it is a field;
    /// other columns are returned as ignored. A required field with no column and no default is a problem of row 1.
    public func records(_ mapping: ImportMapping, fields: [String], required: [String])
        -> (records: [ImportRecord], ignored: [String], problems: [ImportProblem])
    {
        var columnFields: [Int: String] = [:]
        var ignored: [String] = []
        for (index, header) in headers.enumerated() {
            if let field = mapping.columns[header], fields.contains(field) {
                columnFields[index] = field
            } else if fields.contains(header) {
                columnFields[index] = header
            } else if !header.isEmpty {
                ignored.append(header)
            }
        }
        let present = Set(columnFields.values)
        let problems = required.filter { !present.contains($0) && mapping.defaults[$0] == nil }
            .map { ImportProblem(row: 1, field: $0, problem: "required") }
        let records = rows.enumerated().map { offset, cells in
            var values = mapping.defaults
            for (index, field) in columnFields where index < cells.count {
                let cell = cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
                guard !cell.isEmpty else { continue }
                values[field] = mapping.codes[field]?[cell] ?? cell
            }
            return ImportRecord(row: offset + 2, values: values)
        }
        return (records, ignored, problems)
    }
}

/// Times in imported files: `2024-03-05 14:30`, with seconds, with slashes, a bare date (midnight), or a
/// spreadsheet's serial day number (days since 1899-12-30), all in China time.
public enum ImportTime {
    public static func parse(_ text: String) -> Date? {
        if let serial = Double(text), serial > 1, serial < 200_000 {
            let base = ChinaTime.calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
            return base.addingTimeInterval((serial * 86_400).rounded())
        }
        let normalized = text.replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: "T", with: " ")
        let parts = normalized.split(separator: " ", omittingEmptySubsequences: true)
        guard (1...2).contains(parts.count) else { return nil }
        let dateParts = parts[0].split(separator: "-").map(String.init)
        guard dateParts.count == 3, let year = Int(dateParts[0]), let month = Int(dateParts[1]), let day = Int(dateParts[2]) else {
            return nil
        }
        var hour = 0, minute = 0, second = 0
        if parts.count == 2 {
            let time = parts[1].split(separator: ":").map { Int($0) }
            guard (2...3).contains(time.count), time.allSatisfy({ $0 != nil }) else { return nil }
            hour = time[0]!
            minute = time[1]!
            second = time.count == 3 ? time[2]! : 0
        }
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
            let date = ChinaTime.calendar.date(from: components),
            ChinaTime.dayString(date) == String(format: "%04d-%02d-%02d", year, month, day)
        else { return nil }
        return date
    }
}
