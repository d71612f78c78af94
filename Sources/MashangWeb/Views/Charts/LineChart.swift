import Foundation

/// Trends over time: one line per series (this year solid, last year dashed), with the value axis from zero.
enum LineChart {
    static func draw(title: String, labels: [String], series: [ChartSeries], width: Int = 640, height: Int = 280) -> Chart {
        let left = 48.0, right = 28.0, top = 16.0, bottom = 40.0 + Double(series.count > 1 ? 22 : 0)
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let highest = series.flatMap(\.values).map(ChartScale.clean).max() ?? 0
        let scale = ChartScale.nice(highest)
        func x(_ index: Int) -> Double { labels.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(labels.count - 1) }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - ChartScale.clean(value) / scale.max) }
        var svg = header(title: title, width: width, height: height)
        for tick in stride(from: 0.0, through: scale.max + scale.step / 2, by: scale.step) {
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" stroke=\"#ddd\"/>"
            svg += "<text x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\" font-size=\"11\">\(ChartScale.format(tick))</text>"
        }
        let every = max(1, Int((Double(labels.count) / 12).rounded(.up)))
        for (index, label) in labels.enumerated() where index % every == 0 {
            svg += "<text x=\"\(x(index))\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\" font-size=\"11\">\(label.xmlEscaped)</text>"
        }
        for (number, line) in series.enumerated() {
            let colour = ChartScale.palette[number % ChartScale.palette.count]
            let points = line.values.prefix(labels.count).enumerated().map { "\(x($0.offset)),\(y($0.element))" }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "") points=\"\(points)\">"
            svg += "<title>\(line.name.xmlEscaped)</title></polyline>"
            if series.count > 1 {
                let legendX = left + Double(number) * 160
                svg += "<line x1=\"\(legendX)\" x2=\"\(legendX + 24)\" y1=\"\(Double(height) - 10)\" y2=\"\(Double(height) - 10)\" stroke=\"\(colour)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
                svg += "<text x=\"\(legendX + 30)\" y=\"\(Double(height) - 6)\" font-size=\"11\">\(line.name.xmlEscaped)</text>"
            }
        }
        svg += "</svg>"
        let rows = labels.enumerated().map { index, label in [label] + series.map { ChartScale.format($0.values.indices.contains(index) ? $0.values[index] : 0) } }
        return Chart(svg: svg, table: DataTable(caption: title, columns: [""] + series.map(\.name), rows: rows))
    }

    static func header(title: String, width: Int, height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" aria-label=\"\(title.xmlEscaped)\" "
            + "font-family=\"sans-serif\"><title>\(title.xmlEscaped)</title>"
    }
}
