import Foundation
import MashangServices
import Testing

@testable import MashangWeb

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The server-side charts: well-formed SVG whatever the data, every text escaped, sizes proportional to the values,
/// and the same numbers as a table.
struct ChartTests {
    static func isWellFormed(_ svg: String) -> Bool {
        XMLParser(data: Data(svg.utf8)).parse()
    }

    static func rectWidths(_ svg: String) -> [Double] {
        svg.matches(of: /<rect x="[^"]+" y="[^"]+" width="([0-9.]+)"/).compactMap { Double($0.1) }
    }

    @Test func aTrendWithLastYearDashedIsWellFormedAndTabulated() {
        let chart = LineChart.draw(
            title: "受理量 <script>alert(1)</script>", labels: ["1月", "2月", "3月"],
            series: [
                ChartSeries(name: "2026", values: [120, 95, 140]),
                ChartSeries(name: "2025 \"去年\"", values: [150, 110, 160], dashed: true),
            ])
        #expect(Self.isWellFormed(chart.svg))
        #expect(!chart.svg.contains("<script>") && chart.svg.contains("&lt;script&gt;"))
        #expect(chart.svg.components(separatedBy: "<polyline").count == 3)
        #expect(chart.svg.contains("stroke-dasharray"))
        #expect(chart.table.columns == ["", "2026", "2025 \"去年\""])
        #expect(chart.table.rows == [["1月", "120", "150"], ["2月", "95", "110"], ["3月", "140", "160"]])
        // Kept for looking at (rsvg-convert in CI can turn it into a PNG).
        try? chart.svg.write(
            toFile: FileManager.default.temporaryDirectory.appendingPathComponent("mashang-line-chart.svg").path,
            atomically: true, encoding: .utf8)
    }

    @Test func barsAreProportionalAndStackedBarsAddUp() {
        let plain = BarChart.draw(title: "分类", bars: [.init(label: "房屋漏水", parts: [100]), .init(label: "停车 & 交通", parts: [50])])
        #expect(Self.isWellFormed(plain.svg))
        let widths = Self.rectWidths(plain.svg)
        #expect(widths.count == 2 && abs(widths[1] / widths[0] - 0.5) < 0.001)
        #expect(plain.table.rows == [["房屋漏水", "100"], ["停车 & 交通", "50"]])

        let stacked = BarChart.draw(
            title: "各层级办结", bars: [.init(label: "广华街道", parts: [30, 10, 5])],
            seriesNames: ["基层", "单位", "联合中心"])
        #expect(Self.isWellFormed(stacked.svg))
        #expect(stacked.table.rows == [["广华街道", "30", "10", "5", "45"]])
        let parts = Self.rectWidths(stacked.svg).prefix(3)
        #expect(abs(parts[parts.startIndex] / parts[parts.startIndex + 1] - 3) < 0.001)
    }

    @Test func theHeatGridLabelsEveryCellAndSurvivesOddValues() {
        let grid = HeatGrid.draw(
            title: "区域 × 分类", rows: ["江钻小区", "园林小区"], columns: ["漏水", "电梯"],
            values: [[12, .nan], [-3, 7]])
        #expect(Self.isWellFormed(grid.svg))
        #expect(grid.table.rows == [["江钻小区", "12", "—"], ["园林小区", "-3", "7"]])
        #expect(grid.svg.contains(">12</text>") && grid.svg.contains(">0</text>"))
        try? grid.svg.write(
            toFile: FileManager.default.temporaryDirectory.appendingPathComponent("mashang-heat-grid.svg").path,
            atomically: true, encoding: .utf8)
    }

    @Test func emptyDataStillDrawsAnEmptyChart() {
        for chart in [
            LineChart.draw(title: "空", labels: [], series: []), BarChart.draw(title: "空", bars: []),
            HeatGrid.draw(title: "空", rows: [], columns: [], values: []),
        ] {
            #expect(Self.isWellFormed(chart.svg))
            #expect(chart.table.rows.isEmpty)
        }
    }

    @Test func niceScalesAreRound() {
        #expect(ChartScale.nice(0) == (4, 1))
        #expect(ChartScale.nice(7) == (8, 2))
        #expect(ChartScale.nice(95) == (100, 25))
        #expect(ChartScale.nice(1234) == (2000, 500))
        #expect(ChartScale.nice(.infinity) == (4, 1))
    }
}
