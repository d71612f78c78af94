import Foundation
import MashangServices

/// Trends over time: one line per series (this year solid, last year dashed), with the value axis from zero.
enum LineChart {
    static func draw(title: String, labels: [String], series: [ChartSeries], width: Int = ChartScale.width, height: Int = 220) -> Chart {
        let legend = ChartLegend(names: series.map(\.name), width: Double(width), left: 8)
        let left = 40.0, right = 20.0, top = 14.0, bottom = 26.0 + legend.height
        let plotWidth = Double(width) - left - right, plotHeight = Double(height) - top - bottom
        let highest = series.flatMap(\.values).map(ChartScale.clean).max() ?? 0
        let scale = ChartScale.nice(highest)
        func x(_ index: Int) -> Double {
            labels.count <= 1 ? left + plotWidth / 2 : left + plotWidth * Double(index) / Double(labels.count - 1)
        }
        func y(_ value: Double) -> Double { top + plotHeight * (1 - ChartScale.clean(value) / scale.max) }
        let font = ChartScale.fontSize
        var svg = header(title: title, width: width, height: height)
        for tick in stride(from: 0.0, through: scale.max + scale.step / 2, by: scale.step) {
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotWidth)\" y1=\"\(y(tick))\" y2=\"\(y(tick))\" stroke=\"#ddd\"/>"
            svg +=
                "<text x=\"\(left - 5)\" y=\"\(y(tick) + 4)\" text-anchor=\"end\" font-size=\"\(font)\">\(ChartScale.format(tick))</text>"
        }
        // As many time labels as fit side by side; every point stays in the table.
        let widest = labels.map(ChartScale.textWidth).max() ?? 0
        let fitting = max(1, Int(plotWidth / (widest + 8)))
        let every = max(1, Int((Double(labels.count) / Double(fitting)).rounded(.up)))
        for (index, label) in labels.enumerated() where index % every == 0 {
            svg +=
                "<text x=\"\(x(index))\" y=\"\(top + plotHeight + 16)\" text-anchor=\"middle\" font-size=\"\(font)\">\(label.xmlEscaped)</text>"
        }
        for (number, line) in series.enumerated() {
            let colour = ChartScale.palette[number % ChartScale.palette.count]
            let points = line.values.prefix(labels.count).enumerated().map { "\(x($0.offset)),\(y($0.element))" }.joined(separator: " ")
            svg +=
                "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(line.dashed ? " stroke-dasharray=\"6 4\"" : "") points=\"\(points)\">"
            svg += "<title>\(line.name.xmlEscaped)</title></polyline>"
        }
        svg += legend.svg(top: top + plotHeight + 24) { index, x, baseline in
            "<line x1=\"\(x)\" x2=\"\(x + 20)\" y1=\"\(baseline - 4)\" y2=\"\(baseline - 4)\" stroke=\"\(ChartScale.palette[index % ChartScale.palette.count])\" "
                + "stroke-width=\"2\"\(series[index].dashed ? " stroke-dasharray=\"6 4\"" : "")/>"
        }
        svg += "</svg>"
        let rows = labels.enumerated().map { index, label in
            [label] + series.map { ChartScale.format($0.values.indices.contains(index) ? $0.values[index] : 0) }
        }
        return Chart(svg: svg, table: DataTable(caption: title, columns: [""] + series.map(\.name), rows: rows))
    }

    /// The `<svg>` start. It takes its frame's width but never less than it was drawn for (`.chart svg` in the style
    /// sheet; the frame scrolls instead), so text drawn at `ChartScale.fontSize` is never rendered smaller; `fixed`
    /// draws it at exactly its own size.
    static func header(title: String, width: Int, height: Int, fixed: Bool = false) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" width=\"\(fixed ? String(width) : "100%")\" "
            + (fixed ? "height=\"\(height)\" " : "") + "data-width=\"\(width)\" role=\"img\" aria-label=\"\(title.xmlEscaped)\" "
            + "font-family=\"sans-serif\"><title>\(title.xmlEscaped)</title>"
    }
}
