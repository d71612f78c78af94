import Foundation
import MashangCore
import MashangServices

/// A map of areas drawn from their boundaries (no tiles, so it works offline and prints): each region shaded by its
/// share of the highest value and labelled with its value, so it reads without colour too; outlines (communities)
/// drawn over them. Regions link to their tickets; the links are left out of the tab order, because the table beside
/// the map carries the same links for keyboards and screen readers.
enum AreaMap {
    struct Region {
        let name: String
        let boundary: AreaBoundary
        /// Nil: nothing to show (no tickets for a rate), drawn blank.
        let value: Double?
        let text: String
        let href: String?
    }

    static let width = Double(ChartScale.width)
    static let padding = 6.0
    static let legendHeight = 28.0

    static func draw(title: String, regions: [Region], outlines: [AreaBoundary], legend: (low: String, high: String)) -> Chart {
        let box = (regions.map(\.boundary) + outlines).map(\.bounds).reduce(nil) { (union: GeoBounds?, next) in union?.union(next) ?? next }
        let table = DataTable(caption: title, columns: ["", title], rows: regions.map { [$0.name, $0.text] })
        guard let box, box.east > box.west, box.north > box.south else {
            return Chart(svg: LineChart.header(title: title, width: 40, height: 40) + "</svg>", table: table)
        }
        // An equirectangular projection at the middle latitude: true shapes at the scale of a district.
        let squeeze = cos((box.south + box.north) / 2 * .pi / 180)
        let scale = (width - 2 * padding) / ((box.east - box.west) * squeeze)
        let mapHeight = (box.north - box.south) * scale
        func x(_ point: GeoPoint) -> Double { padding + (point.longitude - box.west) * squeeze * scale }
        func y(_ point: GeoPoint) -> Double { padding + (box.north - point.latitude) * scale }
        func path(_ boundary: AreaBoundary) -> String {
            boundary.polygons.flatMap(\.rings).map { ring in
                "M" + ring.map { String(format: "%.1f %.1f", x($0), y($0)) }.joined(separator: "L") + "Z"
            }.joined()
        }
        let highest = regions.compactMap(\.value).map(ChartScale.clean).max() ?? 0
        func fill(_ value: Double?) -> String {
            guard let value else { return "#f2f2f2" }
            let share = highest > 0 ? ChartScale.clean(value) / highest : 0
            return "hsl(212,65%,\(Int(95 - share * 60))%)"
        }
        let height = Int(mapHeight + 2 * padding + legendHeight)
        var svg = LineChart.header(title: title, width: Int(width), height: height)
        for region in regions {
            let shape =
                "<path d=\"\(path(region.boundary))\" fill=\"\(fill(region.value))\" fill-rule=\"evenodd\" stroke=\"#fff\" stroke-width=\"1\">"
                + "<title>\((region.name + " " + region.text).xmlEscaped)</title></path>"
            svg += region.href.map { "<a href=\"\($0.xmlEscaped)\" tabindex=\"-1\">\(shape)</a>" } ?? shape
        }
        for outline in outlines {
            svg += "<path d=\"\(path(outline))\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" pointer-events=\"none\"/>"
        }
        for region in regions {
            guard let label = region.boundary.labelPoint else { continue }
            let share = highest > 0 ? ChartScale.clean(region.value ?? 0) / highest : 0
            svg +=
                "<text x=\"\(String(format: "%.1f", x(label)))\" y=\"\(String(format: "%.1f", y(label) + 4))\" text-anchor=\"middle\" "
                + "font-size=\"\(ChartScale.fontSize)\" fill=\"\(share > 0.55 ? "#fff" : "#222")\" pointer-events=\"none\">"
                + "\(region.text.xmlEscaped)</text>"
        }
        // The legend: five steps from the lowest shade to the highest.
        let legendY = mapHeight + 2 * padding + 8
        svg += "<text x=\"\(padding)\" y=\"\(legendY + 11)\" font-size=\"\(ChartScale.fontSize)\">\(legend.low.xmlEscaped)</text>"
        for step in 0..<5 {
            svg +=
                "<rect x=\"\(110 + Double(step) * 18)\" y=\"\(legendY)\" width=\"18\" height=\"14\" fill=\"hsl(212,65%,\(95 - step * 15)%)\"/>"
        }
        svg += "<text x=\"\(110 + 5 * 18 + 6)\" y=\"\(legendY + 11)\" font-size=\"\(ChartScale.fontSize)\">\(legend.high.xmlEscaped)</text>"
        svg += "</svg>"
        return Chart(svg: svg, table: table)
    }
}
