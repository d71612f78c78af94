import Foundation

/// Public holidays and make-up working days (调休上班) per year, as published by the State Council and entered by
/// administrators. A year with no entries is not covered: only weekends count there, and `uncoveredYears` says so.
public struct HolidayTable: Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            /// A day off (放假).
            case holiday
            /// A weekend day that is a working day (调休上班).
            case workday
        }
        public var day: String
        public var kind: Kind
        /// 春节, 国庆节 …
        public var name: String

        public init(day: String, kind: Kind, name: String) {
            self.day = day
            self.kind = kind
            self.name = name
        }
    }

    public private(set) var entries: [Entry]
    /// The notice each year's entries come from.
    public private(set) var sources: [Int: String]
    private var kinds: [ChinaDay: Entry.Kind]

    public init(entries: [Entry], sources: [Int: String] = [:]) throws(ValidationError) {
        var rules = FieldRules()
        var kinds: [ChinaDay: Entry.Kind] = [:]
        for (position, entry) in entries.enumerated() {
            guard let day = ChinaDay(entry.day) else {
                rules.add("entries.\(position).day", "invalid")
                continue
            }
            if kinds[day] != nil { rules.add("entries.\(position).day", "duplicate") }
            // A make-up working day is a weekend day; a holiday on a weekend is allowed (it is simply off).
            if entry.kind == .workday && !day.isWeekend { rules.add("entries.\(position).day", "notWeekend") }
            kinds[day] = entry.kind
        }
        try rules.check()
        self.entries = entries.sorted { $0.day < $1.day }
        self.sources = sources
        self.kinds = kinds
    }

    public static let empty = try! HolidayTable(entries: [])

    public func kind(of day: ChinaDay) -> Entry.Kind? { kinds[day] }

    public var years: Set<Int> { Set(kinds.keys.map(\.year)) }

    /// Years in the range with no published table.
    public func uncoveredYears(_ range: ClosedRange<Int>) -> [Int] { range.filter { !years.contains($0) } }
}

extension HolidayTable {
    /// Lines that could not be read, by 1-based line number.
    public struct UnreadableLines: Error, Sendable, Equatable {
        public var lines: [Int]
    }

    /// Reads one year's entries as administrators type them, a day per line: `2027-01-01 放假 元旦` or
    /// `2027-02-06 上班 春节` (`holiday` / `workday` in English). Blank lines are skipped; a day outside `year` or
    /// an unknown word makes the line unreadable.
    public static func parseLines(_ text: String, year: Int) throws(UnreadableLines) -> [Entry] {
        var entries: [Entry] = [], bad: [Int] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
            if words.isEmpty { continue }
            let kind = words.count >= 2 ? Self.kind(named: words[1]) : nil
            guard words.count >= 3, let kind, let day = ChinaDay(words[0]), day.year == year else {
                bad.append(index + 1)
                continue
            }
            entries.append(Entry(day: words[0], kind: kind, name: words[2...].joined(separator: " ")))
        }
        guard bad.isEmpty else { throw UnreadableLines(lines: bad) }
        return entries
    }

    private static func kind(named word: String) -> Entry.Kind? {
        switch word.lowercased() {
        case "放假", "休", "holiday": .holiday
        case "上班", "班", "workday": .workday
        default: nil
        }
    }

    /// The entries of one year in the same line format.
    public func lines(year: Int) -> String {
        entries.filter { $0.day.hasPrefix(String(format: "%04d-", year)) }
            .map { "\($0.day) \($0.kind == .holiday ? "放假" : "上班") \($0.name)" }.joined(separator: "\n")
    }
}
