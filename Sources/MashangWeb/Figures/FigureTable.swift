import Foundation
import MashangCore
import MashangServices

/// One cell of a figures table: its text and, for a count, the list of the tickets behind it.
struct FigureCell: Sendable, Equatable {
    let text: String
    var href: String?
    /// The number the cell counts, for checks and exports.
    var count: Int64?

    init(_ text: String, href: String? = nil, count: Int64? = nil) {
        self.text = text
        self.href = href
        self.count = count
    }
}

/// A table of figures, shown on a page (with a chart of the same numbers when it has one) and exported as CSV/XLSX.
struct FigureTable: Sendable {
    let id: String
    let caption: String
    let columns: [String]
    let rows: [[FigureCell]]
    var chart: Chart?
    /// A note under the table (the definition in force, or how the rows were chosen).
    var note: String?

    /// Text rows with the header first, for CSV and XLSX.
    var textRows: [[String]] { [columns] + rows.map { $0.map(\.text) } }
}

/// Where a figure's tickets are listed: the drill-down page (or API) with the period, dimension value and measure.
struct FigureLinks: Sendable {
    let base: String
    let period: FigurePeriod

    func url(_ dimension: FigureDimension = .total, _ value: String = "", measure: FigureMeasure = .received) -> String {
        var items = [period.query]
        if dimension != .total { items.append("dimension=\(dimension.rawValue)&value=\(StaffPagesController.encode(value))") }
        items.append("measure=\(measure.rawValue)")
        return base + "?" + items.joined(separator: "&")
    }

    /// The same lists over another period (last year's figures).
    func shifted(to period: FigurePeriod) -> FigureLinks { FigureLinks(base: base, period: period) }

    /// Tickets with any rating: the base of the satisfaction rate.
    func ratedURL() -> String { base + "?" + period.query + "&measure=rated" }

    func url(rate: FigureRate, _ dimension: FigureDimension = .total, _ value: String = "") -> String {
        var items = [period.query]
        if dimension != .total { items.append("dimension=\(dimension.rawValue)&value=\(StaffPagesController.encode(value))") }
        items.append("rate=\(rate.rawValue)")
        return base + "?" + items.joined(separator: "&")
    }
}
