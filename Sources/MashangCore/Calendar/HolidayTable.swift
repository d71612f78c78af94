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
