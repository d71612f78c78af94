import Foundation

/// A chart drawn by Mashang itself: the SVG (scales with its container, readable in print and on a phone) and the
/// same numbers as a table, which pages show beside the chart for screen readers and for copying.
struct Chart: Sendable, Equatable {
    /// Complete `<svg>` markup; every text in it is escaped.
    let svg: String
    let table: DataTable
}

/// The numbers behind a chart.
struct DataTable: Sendable, Equatable {
    let caption: String
    let columns: [String]
    let rows: [[String]]
}

/// One named series of values over the same labels.
struct ChartSeries: Sendable, Equatable {
    let name: String
    let values: [Double]
    /// Drawn dashed (e.g. last year), so the difference does not depend on colour alone.
    var dashed = false
}

/// Axis arithmetic shared by the charts.
enum ChartScale {
    /// A round maximum at or above `value` (1, 2, 2.5, 5 × 10^n) and its tick step.
    static func nice(_ value: Double, ticks: Int = 4) -> (max: Double, step: Double) {
        guard value.isFinite, value > 0 else { return (Double(ticks), 1) }
        let raw = value / Double(ticks)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return (step * Double(ticks), step)
    }

    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.1f", value)
    }

    /// Colours that stay apart for common colour blindness and in greyscale print.
    static let palette = ["#1f5fae", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#607d8b", "#b8860b", "#17a2b8"]

    /// Values below zero or not finite are drawn as zero.
    static func clean(_ value: Double) -> Double { value.isFinite ? max(0, value) : 0 }
}
