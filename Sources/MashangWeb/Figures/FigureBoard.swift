import Foundation
import MashangCore
import MashangServices

/// Builds the tables (and their charts) of a figures page from a snapshot: the dashboard, the reports and, without
/// links, the public page share them.
struct FigureBoard {
    let snapshot: FigureSnapshot
    let names: Names
    let messages: Messages
    let language: Language
    /// Nil on the public page: no drill-down there.
    let links: FigureLinks?

    private func t(_ key: String, _ arguments: [String: String] = [:]) -> String { messages.text("ui.figures." + key, language, arguments) }
    private var definitions: FigureDefinitions { snapshot.definitions }

    private func count(_ value: Int64, _ dimension: FigureDimension = .total, _ code: String = "", measure: FigureMeasure) -> FigureCell {
        FigureCell(String(value), href: links?.url(dimension, code, measure: measure), count: value)
    }

    /// The label of a dimension value in the page's language.
    func label(_ dimension: FigureDimension, _ value: String) -> String {
        switch dimension {
        case .total: t("all")
        case .channel: messages.text("channel.\(value)", language)
        case .kind: messages.text("kind.\(value)", language)
        case .tier: messages.text("tier.\(value)", language)
        case .category: names.category(value)
        case .area: names.area(value)
        case .organization: names.organization(value)
        case .department: value.isEmpty ? t("noDepartment") : names.department(value)
        case .areaCategory: value
        }
    }

    /// What each rate means under the definitions in force.
    func definitionText(_ rate: FigureRate) -> String {
        switch rate {
        case .response: t("definition.response.\(definitions.response.rawValue)")
        case .resolution: t(definitions.unratedClosuresResolve ? "definition.resolution.withUnrated" : "definition.resolution.answeredOnly")
        case .satisfaction:
            t(
                "definition.satisfaction",
                [
                    "satisfied": String(format: "%g", definitions.satisfiedWeight),
                    "basic": String(format: "%g", definitions.basicallySatisfiedWeight),
                ])
                + t("definition.selfRecorded." + (definitions.selfRecordedRatingsCount ? "included" : "excluded"))
        }
    }

    // MARK: Tables

    /// 响应率, 解决率, 满意率 with numerator, base and definition.
    func rates() -> FigureTable {
        let total = snapshot.current.total, lastYear = snapshot.lastYear.total
        let rows: [[FigureCell]] = FigureRate.allCases.map { rate in
            let numerator = definitions.numerator(rate).reduce(0) { $0 + total[$1] }
            let rated = definitions.ratingMeasures.reduce(0) { $0 + total[$1] }
            let base: FigureCell =
                rate == .satisfaction
                ? FigureCell(String(rated), href: links?.ratedURL(), count: rated)
                : count(total[.received], measure: .received)
            return [
                FigureCell(t("rate.\(rate.rawValue)")), FigureCell(FigureFormat.percent(definitions.rate(rate, total))),
                FigureCell(FigureFormat.percent(definitions.rate(rate, lastYear))),
                FigureCell(String(numerator), href: links?.url(rate: rate), count: numerator), base,
                FigureCell(definitionText(rate)),
            ]
        }
        return FigureTable(
            id: "rates", caption: t("rates"), columns: [t("rate"), t("value"), t("lastYear"), t("numerator"), t("base"), t("definition")],
            rows: rows)
    }

    /// Average and p90 time to sign for, to first contact, to close.
    func times() -> FigureTable {
        let total = snapshot.current.total
        let steps: [(String, FigureMeasure, FigureMeasure, String, FigureMeasure)] = [
            ("sign", .signCount, .signSeconds, DurationHistogram.signDimension, .responded),
            ("contact", .contactCount, .contactSeconds, DurationHistogram.contactDimension, .contacted),
            ("close", .closeCount, .closeSeconds, DurationHistogram.closeDimension, .closed),
        ]
        let rows = steps.map { step, countMeasure, sumMeasure, histogram, flag in
            let n = total[countMeasure]
            let average = n > 0 ? Double(total[sumMeasure]) / Double(n) : nil
            return [
                FigureCell(t("time.\(step)")), FigureCell(FigureFormat.duration(average, messages, language)),
                FigureCell(
                    FigureFormat.duration(DurationHistogram.percentile(0.9, of: snapshot.current.histogram(histogram)), messages, language)),
                count(n, measure: flag),
            ]
        }
        return FigureTable(
            id: "times", caption: t("times"), columns: [t("step"), t("average"), t("p90"), t("tickets")], rows: rows,
            note: t("timesNote"))
    }

    /// Volumes of the period against last year and the period before; overdue, bounced and unsatisfied.
    func headline() -> FigureTable {
        let total = snapshot.current.total, lastYear = snapshot.lastYear.total, previous = snapshot.previous.total
        let rows: [[FigureCell]] = [FigureMeasure.received, .closed, .overdue, .bounced, .unsatisfied].map { measure in
            [
                FigureCell(t("measure.\(measure.rawValue)")), count(total[measure], measure: measure),
                FigureCell(
                    String(lastYear[measure]), href: links?.shifted(to: snapshot.period.lastYear).url(measure: measure),
                    count: lastYear[measure]),
                FigureCell(FigureFormat.change(total[measure], against: lastYear[measure])),
                FigureCell(FigureFormat.change(total[measure], against: previous[measure])),
            ]
        }
        return FigureTable(
            id: "headline", caption: t("headline"), columns: [t("figure"), t("thisPeriod"), t("lastYear"), t("yoy"), t("mom")],
            rows: rows)
    }

    /// 小事不出基层、大事不出油田: where the resolved tickets were resolved.
    func tiers() -> FigureTable {
        let values = snapshot.current.values(.tier)
        let measure = definitions.numerator(.resolution)[0]
        let resolved = Tier.allCases.map { values[$0.rawValue]?[measure] ?? 0 }
        let all = resolved.reduce(0, +)
        let rows = Tier.allCases.enumerated().map { index, tier in
            [
                FigureCell(label(.tier, tier.rawValue)), count(resolved[index], .tier, tier.rawValue, measure: measure),
                FigureCell(FigureFormat.percent(all > 0 ? Double(resolved[index]) / Double(all) : nil)),
            ]
        }
        // 矛盾上交: requests referred beyond the mechanism are never resolved here; the note says how many there were.
        let referred = values[Tier.beyond.rawValue]?[.received] ?? 0
        let note = t("tiersNote") + (referred > 0 ? t("tiersReferred", ["count": String(referred)]) : "")
        var table = FigureTable(
            id: "tiers", caption: t("tiers"), columns: [t("tier"), t("resolved"), t("share")], rows: rows, note: note)
        table.chart = BarChart.draw(
            title: t("tiers"),
            bars: Tier.allCases.enumerated().map {
                BarChart.Bar(label: label(.tier, $1.rawValue), parts: [Double(resolved[$0])])
            })
        return table
    }

    /// Received, change, resolved and rates per value of a dimension, biggest first (at most `limit` rows).
    func breakdown(_ dimension: FigureDimension, limit: Int = 15) -> FigureTable {
        let values = snapshot.current.values(dimension), lastYear = snapshot.lastYear.values(dimension)
        let ordered = values.filter { $0.value[.received] > 0 }.sorted { ($0.value[.received], $1.key) > ($1.value[.received], $0.key) }
        let shown = Array(ordered.prefix(limit))
        let resolvedMeasure = definitions.numerator(.resolution)[0]
        let rows = shown.map { code, counts in
            [
                FigureCell(label(dimension, code)), count(counts[.received], dimension, code, measure: .received),
                FigureCell(FigureFormat.change(counts[.received], against: lastYear[code]?[.received] ?? 0)),
                count(counts[resolvedMeasure], dimension, code, measure: resolvedMeasure),
                FigureCell(FigureFormat.percent(definitions.rate(.resolution, counts))),
                FigureCell(FigureFormat.percent(definitions.rate(.satisfaction, counts))),
                count(counts[.overdue], dimension, code, measure: .overdue),
            ]
        }
        var table = FigureTable(
            id: dimension.rawValue, caption: t("by.\(dimension.rawValue)"),
            columns: [
                t("dimension.\(dimension.rawValue)"), t("received"), t("yoy"), t("resolved"), t("rate.resolution"),
                t("rate.satisfaction"), t("measure.overdue"),
            ],
            rows: rows, note: ordered.count > limit ? t("topNote", ["n": String(limit), "all": String(ordered.count)]) : nil)
        // Stacked: resolved and not (yet) resolved, so the bar's length is the volume.
        table.chart = BarChart.draw(
            title: t("by.\(dimension.rawValue)"),
            bars: shown.map { code, counts in
                BarChart.Bar(
                    label: label(dimension, code),
                    parts: [Double(counts[resolvedMeasure]), Double(counts[.received] - counts[resolvedMeasure])])
            }, seriesNames: [t("resolved"), t("notResolved")])
        return table
    }

    /// Area × category for the most frequent areas and categories, as a heat grid and its table.
    func heatGrid(areas areaLimit: Int = 10, categories categoryLimit: Int = 8) -> FigureTable {
        let cells = snapshot.current.values(.areaCategory)
        func top(_ dimension: FigureDimension, _ limit: Int) -> [String] {
            snapshot.current.values(dimension).filter { $0.value[.received] > 0 }
                .sorted { ($0.value[.received], $1.key) > ($1.value[.received], $0.key) }.prefix(limit).map(\.key)
        }
        let areas = top(.area, areaLimit), categories = top(.category, categoryLimit)
        let rows = areas.map { area in
            [FigureCell(label(.area, area))]
                + categories.map { category in
                    let value = cells[area + "|" + category]?[.received] ?? 0
                    return count(value, .areaCategory, area + "|" + category, measure: .received)
                }
        }
        var table = FigureTable(
            id: "heat", caption: t("heat"), columns: [t("dimension.area")] + categories.map { label(.category, $0) }, rows: rows)
        table.chart = HeatGrid.draw(
            title: t("heat"), rows: areas.map { label(.area, $0) }, columns: categories.map { label(.category, $0) },
            values: areas.map { area in categories.map { Double(cells[area + "|" + $0]?[.received] ?? 0) } })
        return table
    }

    /// Received per day, week or month of the period, with the same days last year dashed.
    func trend(daily: [Int: FigureCounts], lastYearDaily: [Int: FigureCounts]) -> FigureTable {
        let period = snapshot.period
        var buckets: [(label: String, from: ChinaDay, to: ChinaDay)] = []
        if period.days <= 31 {
            buckets = (0..<period.days).map {
                let day = period.from.adding($0); return (String(day.description.suffix(5)), day, day)
            }
        } else if period.days <= 120 {
            buckets = stride(from: 0, to: period.days, by: 7).map { offset in
                let start = period.from.adding(offset)
                return (String(start.description.suffix(5)), start, min(start.adding(6), period.to))
            }
        } else {
            var start = period.from
            while start <= period.to {
                let end = min(start.addingMonths(1).firstOfMonth.adding(-1), period.to)
                buckets.append((String(start.description.prefix(7)), start, end))
                start = end.adding(1)
            }
        }
        func sum(_ map: [Int: FigureCounts], _ from: ChinaDay, _ to: ChinaDay) -> Double {
            Double((from.index...to.index).reduce(Int64(0)) { $0 + (map[$1]?[.received] ?? 0) })
        }
        let this = buckets.map { sum(daily, $0.from, $0.to) }
        let last = buckets.map { sum(lastYearDaily, $0.from.addingMonths(-12), $0.to.addingMonths(-12)) }
        let caption = t(period.days <= 31 ? "trend.day" : period.days <= 120 ? "trend.week" : "trend.month")
        let rows = buckets.enumerated().map { index, bucket in
            [
                FigureCell(bucket.label),
                FigureCell(
                    ChartScale.format(this[index]),
                    href: links.map { FigureLinks(base: $0.base, period: FigurePeriod(from: bucket.from, to: bucket.to)).url() },
                    count: Int64(this[index])),
                FigureCell(
                    ChartScale.format(last[index]),
                    href: links.map {
                        FigureLinks(
                            base: $0.base, period: FigurePeriod(from: bucket.from.addingMonths(-12), to: bucket.to.addingMonths(-12))
                        ).url()
                    },
                    count: Int64(last[index])),
                FigureCell(FigureFormat.change(Int64(this[index]), against: Int64(last[index]))),
            ]
        }
        var table = FigureTable(
            id: "trend", caption: caption, columns: [t("period"), t("thisPeriod"), t("lastYear"), t("yoy")], rows: rows)
        table.chart = LineChart.draw(
            title: caption, labels: buckets.map(\.label),
            series: [ChartSeries(name: t("thisPeriod"), values: this), ChartSeries(name: t("lastYear"), values: last, dashed: true)])
        return table
    }
}
