import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The received days a set of figures covers (inclusive), and the periods it is compared with.
struct FigurePeriod: Sendable, Equatable {
    var from: ChinaDay
    var to: ChinaDay

    var days: Int { to.index - from.index + 1 }

    /// The same days one year earlier (同比).
    var lastYear: FigurePeriod { FigurePeriod(from: from.addingMonths(-12), to: to.addingMonths(-12)) }

    /// The period just before (环比): the same number of whole months before a period that starts on the first of a
    /// month, otherwise the same number of days.
    var previous: FigurePeriod {
        if from == from.firstOfMonth {
            let months = (to.monthKey / 100 - from.monthKey / 100) * 12 + (to.monthKey % 100 - from.monthKey % 100) + 1
            let start = from.addingMonths(-months)
            let end = to.adding(1).firstOfMonth == to.adding(1) ? from.adding(-1) : to.addingMonths(-months)
            return FigurePeriod(from: start, to: end)
        }
        return FigurePeriod(from: from.adding(-days), to: from.adding(-1))
    }

    var query: String { "from=\(from)&to=\(to)" }

    /// The longest period a page or export covers.
    static let maximumDays = 3 * 366 + 1

    /// `from`/`to` from the query string, defaulting to the year so far; refused when malformed, reversed or too long.
    static func parse(_ parameters: Parameters, today: ChinaDay) throws(ValidationError) -> FigurePeriod {
        var rules = FieldRules()
        let from = parameters.get("from").map { ChinaDay($0) } ?? ChinaDay(year: today.civil.year, month: 1, day: 1)
        let to = parameters.get("to").map { ChinaDay($0) } ?? today
        rules.require(from != nil, "from", "invalid")
        rules.require(to != nil, "to", "invalid")
        if let from, let to { rules.require(from <= to && to.index - from.index < maximumDays, "to", "invalid") }
        try rules.check()
        return FigurePeriod(from: from!, to: to!)
    }
}

/// The counts a page needs: the period, the same period last year and the period before, in one scope.
struct FigureSnapshot: Sendable {
    let scope: String
    let period: FigurePeriod
    let current: FigureTotals
    let lastYear: FigureTotals
    let previous: FigureTotals
    let definitions: FigureDefinitions

    static func load(_ figures: any FigureStore, scope: String, period: FigurePeriod) async throws -> FigureSnapshot {
        async let current = figures.counts(scope: scope, from: period.from, to: period.to, dimensions: nil)
        async let lastYear = figures.counts(scope: scope, from: period.lastYear.from, to: period.lastYear.to, dimensions: nil)
        async let previous = figures.counts(
            scope: scope, from: period.previous.from, to: period.previous.to,
            dimensions: [FigureDimension.total.rawValue])
        async let definitions = figures.definitions()
        return FigureSnapshot(
            scope: scope, period: period, current: try await current, lastYear: try await lastYear,
            previous: try await previous, definitions: try await definitions)
    }
}

extension StaffActor {
    /// The rollup scope of the user's figures: the same visibility as their ticket lists.
    var figureScope: String { scope.partyKey ?? TicketFacts.allScope }
}

/// Percent changes and rates as people read them.
enum FigureFormat {
    /// "+12.5%" / "−23.7%" against a base; "—" without one.
    static func change(_ value: Int64, against base: Int64) -> String {
        guard base > 0 else { return "—" }
        let change = (Double(value) - Double(base)) / Double(base) * 100
        return (change > 0 ? "+" : change < 0 ? "−" : "±") + String(format: "%.1f%%", abs(change))
    }

    static func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    /// Hours under two days, days above.
    static func duration(_ seconds: Double?, _ messages: Messages, _ language: Language) -> String {
        guard let seconds else { return "—" }
        let hours = seconds / 3600
        if hours < 48 { return messages.text("ui.figures.hours", language, ["n": String(format: "%.1f", hours)]) }
        return messages.text("ui.figures.days", language, ["n": String(format: "%.1f", hours / 24)])
    }
}
