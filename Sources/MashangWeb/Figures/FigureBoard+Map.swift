import Foundation
import MashangCore
import MashangServices

/// What the dashboard's map shades its areas by.
enum MapMeasure: String, CaseIterable, Sendable {
    case received, overdue, resolution, satisfaction

    /// The measure a request asks for (`map=`), received when none or an unknown one.
    init(query value: String?) { self = value.flatMap(MapMeasure.init(rawValue:)) ?? .received }
}

extension FigureBoard {
    /// 分布图: the areas in use with a boundary and no child with one (the grids), shaded by `measure`; their
    /// communities drawn as outlines. Each area links to its tickets, whose number is its count. Requests placed in a
    /// community rather than one of its grids are counted in the note, since no region shows them.
    func map(_ measure: MapMeasure) -> FigureTable {
        let reference = names.reference
        let drawn = reference.areas.filter { $0.boundary != nil }
        let parents = Set(drawn.compactMap(\.parent))
        let leaves = drawn.filter { !parents.contains($0.code) }
        let values = snapshot.current.values(.area)
        func value(_ counts: FigureCounts) -> (value: Double?, text: String) {
            switch measure {
            case .received, .overdue:
                let count = counts[measure == .received ? .received : .overdue]
                return (Double(count), String(count))
            case .resolution, .satisfaction:
                let rate = snapshot.definitions.rate(measure == .resolution ? .resolution : .satisfaction, counts)
                return (rate, FigureFormat.percent(rate))
            }
        }
        func href(_ code: String) -> String? {
            switch measure {
            case .received: links?.url(.area, code, measure: .received)
            case .overdue: links?.url(.area, code, measure: .overdue)
            case .resolution: links?.url(rate: .resolution, .area, code)
            case .satisfaction: links?.url(rate: .satisfaction, .area, code)
            }
        }
        let regions = leaves.map { area in
            let shown = value(values[area.code] ?? FigureCounts())
            return AreaMap.Region(
                name: names.area(area.code), boundary: area.boundary!, value: shown.value, text: shown.text, href: href(area.code))
        }
        let caption = messages.text("ui.figures.map", language, ["measure": messages.text("ui.figures.map.\(measure.rawValue)", language)])
        var table = FigureTable(
            id: "map", caption: caption,
            columns: [
                messages.text("ui.figures.dimension.area", language), messages.text("ui.figures.map.\(measure.rawValue)", language),
            ],
            rows: zip(leaves, regions).map { area, region in
                // Counts are counts; a rate's cell links to its base but is no count.
                let count = measure == .received || measure == .overdue ? region.value.map { Int64($0) } : nil
                return [FigureCell(region.name), FigureCell(region.text, href: region.href, count: count)]
            })
        let leafCodes = Set(leaves.map(\.code))
        let elsewhere = values.filter { !leafCodes.contains($0.key) }.reduce(Int64(0)) { $0 + $1.value[.received] }
        if elsewhere > 0 { table.note = messages.text("ui.figures.map.elsewhere", language, ["n": String(elsewhere)]) }
        table.chart = AreaMap.draw(
            title: caption, regions: regions,
            outlines: drawn.filter { parents.contains($0.code) && $0.parent != nil }.compactMap(\.boundary),
            legend: (messages.text("ui.figures.map.low", language), messages.text("ui.figures.map.high", language)))
        return table
    }
}
