import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// 数据看板: the figures of the user's scope for a period — volumes with their changes, the three rates with their
/// definitions, times, tiers, breakdowns, the area × category grid, the trend against last year and rising hotspots.
/// Every count links to the tickets behind it (`/staff/figures/tickets`), whose number equals it.
struct DashboardController {
    let dependencies: AppDependencies
    let kit: StaffPageKit
    let hotspotCache: HotspotCache

    static let breakdowns: [FigureDimension] = [.channel, .kind, .category, .area, .organization, .department]

    func addRoutes(pages group: RouterGroup<StaffPageContext>, api: RouterGroup<StaffRequestContext>) {
        group.get("dashboard", use: page)
        group.get("dashboard.csv", use: csv)
        group.get("figures/tickets", use: ticketsPage)
        api.get("figures", use: json)
        api.get("figures/tickets", use: ticketsJSON)
    }

    private var today: ChinaDay { ChinaDay(dependencies.clock()) }

    func snapshot(_ parameters: Parameters, for staff: StaffActor) async throws -> FigureSnapshot {
        let period = try FigurePeriod.parse(parameters, today: today)
        return try await FigureSnapshot.load(dependencies.stores.figures, scope: staff.figureScope, period: period)
    }

    /// Every table of the dashboard, in page order.
    func tables(_ snapshot: FigureSnapshot, _ request: Request, links: FigureLinks?) async throws -> [FigureTable] {
        let board = FigureBoard(
            snapshot: snapshot, names: Names(reference: dependencies.reference.snapshot.data, language: request.language),
            messages: kit.messages, language: request.language, links: links)
        let figures = dependencies.stores.figures, period = snapshot.period
        async let daily = figures.daily(scope: snapshot.scope, from: period.from, to: period.to)
        async let lastYearDaily = figures.daily(scope: snapshot.scope, from: period.lastYear.from, to: period.lastYear.to)
        return [
            board.headline(), try await volumes(snapshot.scope, request), board.rates(), board.times(),
            board.trend(daily: try await daily, lastYearDaily: try await lastYearDaily), board.tiers(),
        ]
            + Self.breakdowns.map { board.breakdown($0) } + [board.breakdown(.tier), board.heatGrid()]
            + [board.map(MapMeasure(query: request.uri.queryParameters.get("map")))]
    }

    /// 今日 / 本周 / 本月 / 本年 with 同比 and 环比, whatever period the page shows.
    func volumes(_ scope: String, _ request: Request) async throws -> FigureTable {
        let today = self.today
        let monday = today.adding(1 - today.weekday), first = today.firstOfMonth
        let january = ChinaDay(year: today.civil.year, month: 1, day: 1)
        let spans: [(String, FigurePeriod, FigurePeriod?)] = [
            ("today", FigurePeriod(from: today, to: today), FigurePeriod(from: today.adding(-1), to: today.adding(-1))),
            ("week", FigurePeriod(from: monday, to: today), FigurePeriod(from: monday.adding(-7), to: today.adding(-7))),
            ("month", FigurePeriod(from: first, to: today), FigurePeriod(from: first.addingMonths(-1), to: today.addingMonths(-1))),
            ("year", FigurePeriod(from: january, to: today), nil),
        ]
        let figures = dependencies.stores.figures, total = [FigureDimension.total.rawValue]
        var rows: [[FigureCell]] = []
        for (name, span, previous) in spans {
            let now = try await figures.counts(scope: scope, from: span.from, to: span.to, dimensions: total).total[.received]
            let lastYear = try await figures.counts(scope: scope, from: span.lastYear.from, to: span.lastYear.to, dimensions: total).total[
                .received]
            var before: Int64?
            if let previous {
                before = try await figures.counts(scope: scope, from: previous.from, to: previous.to, dimensions: total).total[.received]
            }
            rows.append([
                FigureCell(kit.messages.text("ui.figures.span.\(name)", request.language)),
                FigureCell(String(now), href: FigureLinks(base: "/staff/figures/tickets", period: span).url(), count: now),
                FigureCell(
                    String(lastYear), href: FigureLinks(base: "/staff/figures/tickets", period: span.lastYear).url(), count: lastYear),
                FigureCell(FigureFormat.change(now, against: lastYear)),
                FigureCell(before.map { FigureFormat.change(now, against: $0) } ?? "—"),
            ])
        }
        let t = { (key: String) in kit.messages.text("ui.figures." + key, request.language) }
        return FigureTable(
            id: "volumes", caption: t("volumes"), columns: [t("span"), t("received"), t("lastYear"), t("yoy"), t("mom")], rows: rows)
    }

    @Sendable func page(_ request: Request, context: StaffPageContext) async throws -> Response {
        let language = request.language
        let snapshot = try await snapshot(request.uri.queryParameters, for: context.staff)
        let staff = context.staff
        // The mechanism's panel and the rollups' lag are read while the tables are built.
        async let mechanismPanel =
            Role.administration.contains(staff.role)
            ? nil
            : MechanismPanel.load(
                dependencies, for: staff, from: snapshot.period.from,
                to: snapshot.period.to, messages: kit.messages, language: language)
        async let figuresLag = dependencies.stores.figures.lag()
        let tables = try await tables(snapshot, request, links: FigureLinks(base: "/staff/figures/tickets", period: snapshot.period))
        let found = try await risingHotspots(for: staff)
        let rising = found ?? []
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        struct Rising { let place, category, trend, example: String; let size: String; let riskLink: String? }
        // A rising hotspot can be registered as a risk (风险联防) by those who register risks.
        let mayOpenRisk = RegisterPolicy.allows(.create, staff, .risk)
        func riskLink(_ hotspot: Hotspot) -> String? { mayOpenRisk ? RegisterLinks.newRisk(from: hotspot, names: names) : nil }
        let mechanism = try await mechanismPanel
        let lag = try await figuresLag
        struct DashboardView {
            let chrome: PageChrome
            let from, to, scope: String
            let tables: [TableView]
            let rising: [Rising]
            let hasRising: Bool
            let mechanism: MechanismPanel?
            let risingPending: Bool
            let pending: String?
            let reportMonth, reportYear: String
            let mapMeasures: [ChoiceView]
        }
        let mapMeasure = MapMeasure(query: request.uri.queryParameters.get("map"))
        let view = DashboardView(
            chrome: kit.chrome(request, context), from: snapshot.period.from.description, to: snapshot.period.to.description,
            scope: scopeName(staff, names, language),
            tables: tables.map { TableView($0, csvURL: "/staff/dashboard.csv?\(snapshot.period.query)&table=\($0.id)") },
            rising: rising.map {
                Rising(
                    place: names.area($0.area), category: names.category($0.category),
                    trend: kit.messages.text("hotspot.trend", language, ["recent": String($0.recent), "earlier": String($0.earlier)]),
                    example: $0.example, size: String($0.size), riskLink: riskLink($0))
            }, hasRising: !rising.isEmpty, mechanism: mechanism, risingPending: found == nil,
            pending: lag > 0 ? kit.messages.text("ui.figures.pending", language, ["n": String(lag)]) : nil,
            reportMonth: String(snapshot.period.to.description.prefix(7)), reportYear: String(snapshot.period.to.civil.year),
            mapMeasures: MapMeasure.allCases.map {
                ChoiceView(
                    code: $0.rawValue, name: kit.messages.text("ui.figures.map.\($0.rawValue)", language), selected: $0 == mapMeasure)
            })
        return kit.renderer.response("dashboard", view)
    }

    func scopeName(_ staff: StaffActor, _ names: Names, _ language: Language) -> String {
        switch staff.scope {
        case .all: kit.messages.text("ui.figures.scopeAll", language)
        case .organization(let code), .sentBy(let code): names.organization(code)
        case .department(let code): names.department(code)
        case .nothing: ""
        }
    }

    /// Clusters growing in the last fortnight (more requests in its second week than its first), fastest first; nil
    /// while they are being worked out for the first time.
    func risingHotspots(for staff: StaffActor) async throws -> [Hotspot]? {
        let now = dependencies.clock(), database = dependencies.stores, areaTree = dependencies.reference.snapshot.data.areaTree
        let scope = staff.scope
        let found = await hotspotCache.hotspots(scope: staff.figureScope, now: now) {
            let window: TimeInterval = 14 * 86_400
            let requests = try await database.tickets.recentRequests(
                since: now.addingTimeInterval(-window), scope: scope,
                limit: HotspotsController.requestLimit)
            return HotspotDetector.detect(requests, areaTree: areaTree, now: now, window: window)
        }
        guard let all = found else { return nil }
        return Array(all.filter { $0.recent > $0.earlier }.sorted { ($0.growth, $0.size) > ($1.growth, $1.size) }.prefix(5))
    }

    /// One table of the dashboard as CSV (UTF-8 with BOM).
    @Sendable func csv(_ request: Request, context: StaffPageContext) async throws -> Response {
        let snapshot = try await snapshot(request.uri.queryParameters, for: context.staff)
        let id = request.uri.queryParameters.get("table") ?? ""
        guard let table = try await tables(snapshot, request, links: nil).first(where: { $0.id == id }) else {
            throw ValidationError("table", "unknown")
        }
        return Self.csvResponse(table.textRows, filename: "figures-\(id)-\(snapshot.period.from)-\(snapshot.period.to).csv")
    }

    static func csvResponse(_ rows: [[String]], filename: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(filename)\""],
            body: .init(byteBuffer: .init(string: CSVText.document(rows))))
    }

    @Sendable func json(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let snapshot = try await snapshot(request.uri.queryParameters, for: context.staff)
        return JSONBody.response(FiguresBody(snapshot))
    }

    // MARK: - Drill-down

    func figureQuery(_ parameters: Parameters, for staff: StaffActor) async throws -> (FigureQuery, measureName: String) {
        let period = try FigurePeriod.parse(parameters, today: today)
        var rules = FieldRules()
        let dimension = parameters.get("dimension").map { FigureDimension(rawValue: $0) } ?? .total
        rules.require(dimension != nil, "dimension", "unknown")
        let value = parameters.get("value") ?? ""
        rules.require(value.count <= 200, "value", "tooLong")
        var measures: [FigureMeasure] = []
        var measureName = ""
        if let rateText = parameters.get("rate") {
            let rate = FigureRate(rawValue: rateText)
            rules.require(rate != nil, "rate", "unknown")
            if let rate {
                measures = try await dependencies.stores.figures.definitions().numerator(rate)
                measureName = "rate." + rate.rawValue
            }
        } else if parameters.get("measure") == "rated" {
            // The base of the satisfaction rate: the ratings its definition counts.
            measures = try await dependencies.stores.figures.definitions().ratingMeasures
            measureName = "rated"
        } else {
            let measure = FigureMeasure(rawValue: parameters.get("measure") ?? "received")
            rules.require(measure.map(FigureMeasure.ticketFlags.contains) ?? false, "measure", "unknown")
            if let measure { measures = measure == .received ? [] : [measure]; measureName = "measure." + measure.rawValue }
        }
        let page = parameters.get("page").map { Int($0) } ?? 1
        rules.require(page.map { (1...10_000).contains($0) } ?? false, "page", "invalid")
        try rules.check()
        return (
            FigureQuery(
                scope: staff.figureScope, from: period.from, to: period.to, dimension: dimension!, value: value, measures: measures,
                page: page!, pageSize: 50), measureName
        )
    }

    @Sendable func ticketsPage(_ request: Request, context: StaffPageContext) async throws -> Response {
        let language = request.language
        let (query, measureName) = try await figureQuery(request.uri.queryParameters, for: context.staff)
        let result = try await dependencies.stores.figures.tickets(matching: query)
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let board = FigureBoard(
            snapshot: FigureSnapshot(
                scope: query.scope, period: FigurePeriod(from: query.from, to: query.to), current: .init(),
                lastYear: .init(), previous: .init(), definitions: .standard),
            names: names, messages: kit.messages, language: language, links: nil)
        var subject = kit.messages.text("ui.figures." + measureName, language)
        if query.dimension == .areaCategory {
            let parts = query.value.split(separator: "|", maxSplits: 1).map(String.init)
            subject += " · " + names.area(parts.first ?? "") + " × " + names.category(parts.count > 1 ? parts[1] : "")
        } else if query.dimension != .total {
            subject += " · " + board.label(query.dimension, query.value)
        }
        func url(page number: Int) -> String {
            var items = request.uri.queryParameters.filter { $0.key != "page" }.map {
                "\($0.key)=\(StaffPagesController.encode(String($0.value)))"
            }
            items.append("page=\(number)")
            return "/staff/figures/tickets?" + items.joined(separator: "&")
        }
        struct Row { let number, statusName, received, leadName, description: String }
        struct TicketsView {
            let chrome: PageChrome
            let subject, period, total: String
            let rows: [Row]
            let previousURL, nextURL: String?
            let dashboardURL: String
        }
        let view = TicketsView(
            chrome: kit.chrome(request, context), subject: subject, period: "\(query.from) — \(query.to)", total: String(result.total),
            rows: result.items.map {
                Row(
                    number: $0.number, statusName: kit.messages.text("status.\($0.status.rawValue)", language),
                    received: ChinaTime.minuteString($0.receivedAt),
                    leadName: names.organization($0.leadOrganization), description: $0.description)
            }, previousURL: result.page > 1 ? url(page: result.page - 1) : nil,
            nextURL: result.page * result.pageSize < result.total ? url(page: result.page + 1) : nil,
            dashboardURL: "/staff/dashboard?from=\(query.from)&to=\(query.to)")
        return kit.renderer.response("figure-tickets", view)
    }

    @Sendable func ticketsJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let (query, _) = try await figureQuery(request.uri.queryParameters, for: context.staff)
        let result = try await dependencies.stores.figures.tickets(matching: query)
        struct Body: Encodable { var total: Int; var page: Int; var pageSize: Int; var items: [TicketSummary] }
        return JSONBody.response(Body(total: result.total, page: result.page, pageSize: result.pageSize, items: result.items))
    }
}

/// A table as the templates show it.
struct TableView {
    struct Cell {
        let text: String; let href: String?; let isHeader: Bool
        /// Words rather than a number (a definition), kept readably wide on a phone: "prose" or "prose long", or nil.
        /// Stored, for Mustache.
        let prose: String?
        init(text: String, href: String?, isHeader: Bool) {
            self.text = text
            self.href = href
            self.isHeader = isHeader
            self.prose = isHeader || text.count < 8 ? nil : text.count >= 20 ? "prose long" : "prose"
        }
    }
    let id, caption: String
    let columns: [String]
    let rows: [[Cell]]
    let svg: String?
    let note: String?
    let csvURL: String?

    init(_ table: FigureTable, csvURL: String?) {
        id = table.id
        caption = table.caption
        columns = table.columns
        rows = table.rows.map { row in row.enumerated().map { Cell(text: $1.text, href: $1.href, isHeader: $0 == 0) } }
        svg = table.chart?.svg
        note = table.note
        self.csvURL = csvURL
    }
}

/// The figures in the API: the period's counts per dimension and value, last year's, and the rates as defined.
struct FiguresBody: Encodable {
    var scope: String
    var from: String
    var to: String
    var definitions: FigureDefinitions
    var rates: [String: Double?]
    var total: [String: Int64]
    var lastYear: [String: Int64]
    var byDimension: [String: [String: [String: Int64]]]

    init(_ snapshot: FigureSnapshot) {
        func encode(_ counts: FigureCounts) -> [String: Int64] {
            Dictionary(uniqueKeysWithValues: FigureMeasure.allCases.map { ($0.rawValue, counts[$0]) })
        }
        scope = snapshot.scope
        from = snapshot.period.from.description
        to = snapshot.period.to.description
        definitions = snapshot.definitions
        rates = Dictionary(
            uniqueKeysWithValues: FigureRate.allCases.map { ($0.rawValue, snapshot.definitions.rate($0, snapshot.current.total)) })
        total = encode(snapshot.current.total)
        lastYear = encode(snapshot.lastYear.total)
        byDimension = Dictionary(
            uniqueKeysWithValues: FigureDimension.allCases.filter { $0 != .total }.map { dimension in
                (dimension.rawValue, snapshot.current.values(dimension).mapValues(encode))
            })
    }
}
