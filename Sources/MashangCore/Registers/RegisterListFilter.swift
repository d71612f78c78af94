import Foundation

/// Which records of a register a list shows: any of some statuses, and a range of record days (inclusive,
/// `yyyy-MM-dd`) — what a figure of the mechanism panel counts, so that its link opens exactly those records.
public struct RegisterListFilter: Sendable, Equatable {
    public var statuses: [String]
    public var fromDay: String?
    public var toDay: String?

    public init(statuses: [String] = [], fromDay: String? = nil, toDay: String? = nil) {
        self.statuses = statuses
        self.fromDay = fromDay
        self.toDay = toDay
    }

    /// From a list's query: `status` (one or several, comma-separated), `from`, `to`; empty values mean "any".
    /// Unknown statuses and malformed days are refused.
    public static func parse(status: String?, from: String?, to: String?, kind: RegisterKind) throws(ValidationError) -> RegisterListFilter
    {
        try parse(status: status, from: from, to: to, statuses: kind.schema.statuses)
    }

    /// Days only, for lists without statuses (entries, law-related tickets).
    public static func days(from: String?, to: String?) throws(ValidationError) -> RegisterListFilter {
        try parse(status: nil, from: from, to: to, statuses: [])
    }

    /// With the statuses a list knows (a register's, or the legal reception day bookings').
    public static func parse(status: String?, from: String?, to: String?, statuses known: [String]) throws(ValidationError)
        -> RegisterListFilter
    {
        var rules = FieldRules()
        let statuses = (status ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        rules.require(statuses.allSatisfy(known.contains), "status", "invalid")
        func day(_ text: String?, _ field: String) -> String? {
            guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            rules.require(ChinaDay(text) != nil, field, "invalid")
            return text
        }
        let filter = RegisterListFilter(statuses: statuses, fromDay: day(from, "from"), toDay: day(to, "to"))
        if let fromDay = filter.fromDay, let toDay = filter.toDay { rules.require(fromDay <= toDay, "to", "invalid") }
        try rules.check()
        return filter
    }

    public var isEmpty: Bool { statuses.isEmpty && fromDay == nil && toDay == nil }

    /// The filter as a query string (without `?`), empty when it filters nothing.
    public var query: String {
        var items: [String] = []
        if !statuses.isEmpty { items.append("status=" + statuses.joined(separator: ",")) }
        if let fromDay { items.append("from=" + fromDay) }
        if let toDay { items.append("to=" + toDay) }
        return items.joined(separator: "&")
    }
}
