import Foundation
import MashangServices

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

    static func format(_ value: Double) -> String { NumberText.plain(value) }

    /// Colours that stay apart for common colour blindness and in greyscale print.
    static let palette = ["#1f5fae", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#607d8b", "#b8860b", "#17a2b8"]

    /// Values below zero or not finite are drawn as zero.
    static func clean(_ value: Double) -> Double { value.isFinite ? max(0, value) : 0 }
}

extension ChartScale {
    /// Every text of a chart, in drawing units: charts are never rendered narrower than they were drawn, so this is
    /// also the smallest size a reader sees, on a phone too.
    static let fontSize = 12
    /// The width line and bar charts are drawn for: what a 390-px phone leaves them, so they need no scaling down.
    static let width = 320

    /// About how wide a label is drawn at `fontSize` (CJK characters a full em, others about half).
    static func textWidth(_ text: String) -> Double {
        text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 1.0 : 0.6) } * Double(fontSize)
    }

    /// A label cut to fit `width` (the whole of it stays in the chart's tooltip and table).
    static func fitted(_ text: String, width: Double) -> String {
        guard textWidth(text) > width else { return text }
        var cut = ""
        for character in text {
            guard textWidth(cut + String(character) + "…") <= width else { break }
            cut.append(character)
        }
        return cut + "…"
    }
}

/// A chart's legend: a swatch and a name per series, wrapping onto further lines when they do not fit the width.
struct ChartLegend {
    static let lineHeight = 18.0
    /// Each entry's position: x and line (from 0).
    let entries: [(name: String, x: Double, line: Int)]

    init(names: [String], width: Double, left: Double) {
        var entries: [(String, Double, Int)] = [], x = left, line = 0
        for name in names where names.count > 1 {
            let entryWidth = 26 + ChartScale.textWidth(name) + 12
            if x > left && x + entryWidth > width { x = left; line += 1 }
            entries.append((name, x, line))
            x += entryWidth
        }
        self.entries = entries
    }

    /// The space it takes below the plot (none for a single series).
    var height: Double { entries.isEmpty ? 0 : Double((entries.map(\.line).max() ?? 0) + 1) * Self.lineHeight + 4 }

    /// The legend's markup from `top`, each swatch drawn by `swatch(index, x, baseline)`.
    func svg(top: Double, swatch: (Int, Double, Double) -> String) -> String {
        entries.enumerated().map { index, entry in
            let baseline = top + Double(entry.line) * Self.lineHeight + 13
            return swatch(index, entry.x, baseline)
                + "<text x=\"\(entry.x + 26)\" y=\"\(baseline)\" font-size=\"\(ChartScale.fontSize)\">\(entry.name.xmlEscaped)</text>"
        }.joined()
    }
}
