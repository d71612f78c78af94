import Foundation

/// Horizontal bars (long Chinese labels stay readable), optionally stacked: each bar split into the series' parts.
enum BarChart {
    struct Bar: Sendable, Equatable {
        let label: String
        /// One value per series (one value for a plain bar chart).
        let parts: [Double]
    }

    static func draw(title: String, bars: [Bar], seriesNames: [String] = [], width: Int = 640) -> Chart {
        let labelWidth = 150.0, right = 56.0, rowHeight = 24.0, top = 8.0
        let legend = seriesNames.count > 1 ? 26.0 : 0
        let height = Int(top + rowHeight * Double(bars.count) + legend + 8)
        let plotWidth = Double(width) - labelWidth - right
        let highest = bars.map { $0.parts.map(ChartScale.clean).reduce(0, +) }.max() ?? 0
        let scale = ChartScale.nice(highest)
        var svg = LineChart.header(title: title, width: width, height: max(height, 40))
        for (row, bar) in bars.enumerated() {
            let y = top + rowHeight * Double(row)
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 16)\" text-anchor=\"end\" font-size=\"12\">\(bar.label.xmlEscaped)</text>"
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
            svg += "<text x=\"\(x + 4)\" y=\"\(y + 16)\" font-size=\"12\">\(ChartScale.format(total))</text>"
        }
        if seriesNames.count > 1 {
            let y = top + rowHeight * Double(bars.count) + 14
            for (index, name) in seriesNames.enumerated() {
                let x = labelWidth + Double(index) * 120
                svg += "<rect x=\"\(x)\" y=\"\(y - 9)\" width=\"12\" height=\"12\" fill=\"\(ChartScale.palette[index % ChartScale.palette.count])\"/>"
                svg += "<text x=\"\(x + 16)\" y=\"\(y + 1)\" font-size=\"11\">\(name.xmlEscaped)</text>"
            }
        }
        svg += "</svg>"
        let columns = [""] + (seriesNames.count > 1 ? seriesNames + ["合计"] : ["数量"])
        let rows = bars.map { bar in
            [bar.label] + (seriesNames.count > 1 ? bar.parts.map(ChartScale.format) + [ChartScale.format(bar.parts.reduce(0, +))]
                                                 : [ChartScale.format(bar.parts.first ?? 0)])
        }
        return Chart(svg: svg, table: DataTable(caption: title, columns: columns, rows: rows))
    }
}
