import Foundation
import MashangServices

/// A grid of counts (area × category), each cell shaded by its share of the largest and labelled with its number, so
/// it reads without colour too.
enum HeatGrid {
    static func draw(title: String, rows: [String], columns: [String], values: [[Double]]) -> Chart {
        let labelWidth = 130.0, cell = 44.0, headerHeight = 96.0
        let width = Int(labelWidth + cell * Double(columns.count) + 8), height = Int(headerHeight + cell * Double(rows.count) + 8)
        let highest = values.flatMap { $0 }.map(ChartScale.clean).max() ?? 0
        // Drawn at its own size: a wide grid scrolls inside its frame rather than shrinking its numbers.
        var svg = LineChart.header(title: title, width: max(width, 40), height: max(height, 40), fixed: true)
        for (index, column) in columns.enumerated() {
            let x = labelWidth + cell * (Double(index) + 0.5)
            svg +=
                "<text transform=\"translate(\(x),\(headerHeight - 6)) rotate(-60)\" font-size=\"\(ChartScale.fontSize)\">\(column.xmlEscaped)</text>"
        }
        for (row, label) in rows.enumerated() {
            let y = headerHeight + cell * Double(row)
            svg +=
                "<text x=\"\(labelWidth - 6)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\" font-size=\"\(ChartScale.fontSize)\">\(label.xmlEscaped)</text>"
            for (column, _) in columns.enumerated() {
                let value = values.indices.contains(row) && values[row].indices.contains(column) ? ChartScale.clean(values[row][column]) : 0
                let share = highest > 0 ? value / highest : 0
                // From near-white to deep blue; numbers switch to white on dark cells.
                let lightness = Int(97 - share * 62)
                let x = labelWidth + cell * Double(column)
                svg += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"hsl(212,65%,\(lightness)%)\">"
                svg += "<title>\((label + " · " + columns[column] + " " + ChartScale.format(value)).xmlEscaped)</title></rect>"
                svg +=
                    "<text x=\"\(x + cell / 2 - 1)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"middle\" font-size=\"\(ChartScale.fontSize)\" fill=\"\(share > 0.55 ? "#fff" : "#222")\">\(ChartScale.format(value))</text>"
            }
        }
        svg += "</svg>"
        let tableRows = rows.enumerated().map { row, label in
            [label]
                + columns.indices.map { column in
                    ChartScale.format(values.indices.contains(row) && values[row].indices.contains(column) ? values[row][column] : 0)
                }
        }
        return Chart(svg: svg, table: DataTable(caption: title, columns: [""] + columns, rows: tableRows))
    }
}
