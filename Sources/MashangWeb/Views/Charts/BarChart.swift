import Foundation
import MashangServices

/// Horizontal bars (long Chinese labels stay readable), optionally stacked: each bar split into the series' parts.
enum BarChart {
    struct Bar: Sendable, Equatable {
        let label: String
        /// One value per series (one value for a plain bar chart).
        let parts: [Double]
    }

    static func draw(title: String, bars: [Bar], seriesNames: [String] = [], width: Int = ChartScale.width) -> Chart {
        let labelWidth = 112.0, right = 44.0, rowHeight = 24.0, top = 8.0
        let legend = ChartLegend(names: seriesNames, width: Double(width), left: 8)
        let height = Int(top + rowHeight * Double(bars.count) + legend.height + 8)
        let plotWidth = Double(width) - labelWidth - right
        let highest = bars.map { $0.parts.map(ChartScale.clean).reduce(0, +) }.max() ?? 0
        let scale = ChartScale.nice(highest)
        let font = ChartScale.fontSize
        var svg = LineChart.header(title: title, width: width, height: max(height, 40))
        for (row, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(row)
            let label = ChartScale.fitted(bar.label, width: labelWidth - 10)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" font-size=\"\(font)\">\(label.xmlEscaped)</text>"
            var x = labelWidth
            for (part, value) in bar.parts.enumerated() {
                let length = plotWidth * ChartScale.clean(value) / scale.max
                let colour = ChartScale.palette[part % ChartScale.palette.count]
                let name = seriesNames.indices.contains(part) ? seriesNames[part] + " " : ""
                svg += "<rect x=\"\(x)\" y=\"\(y + 4)\" width=\"\(length)\" height=\"\(rowHeight - 8)\" fill=\"\(colour)\">"
                svg += "<title>\((bar.label + " " + name + ChartScale.format(value)).xmlEscaped)</title></rect>"
                x += length
            }
            let total = bar.parts.map(ChartScale.clean).reduce(0, +)
            svg += "<text x=\"\(x + 4)\" y=\"\(y + 16)\" font-size=\"\(font)\">\(ChartScale.format(total))</text>"
        }
        svg += legend.svg(top: top + rowHeight * Double(bars.count)) { index, x, baseline in
            "<rect x=\"\(x)\" y=\"\(baseline - 10)\" width=\"12\" height=\"12\" fill=\"\(ChartScale.palette[index % ChartScale.palette.count])\"/>"
        }
        svg += "</svg>"
        let columns = [""] + (seriesNames.count > 1 ? seriesNames + ["合计"] : ["数量"])
        let rows = bars.map { bar in
            [bar.label]
                + (seriesNames.count > 1
                    ? bar.parts.map(ChartScale.format) + [ChartScale.format(bar.parts.reduce(0, +))]
                    : [ChartScale.format(bar.parts.first ?? 0)])
        }
        return Chart(svg: svg, table: DataTable(caption: title, columns: columns, rows: rows))
    }
}
