import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// 月报 / 年报: print-ready (A4) reports of a month or a year, for the whole mechanism or one organisation, with the
/// change against the same period last year, top categories and areas, rates, tiers, common issues handled at the
/// source, conduct figures and exemplary cases chosen by staff. Every table as CSV; all tables as one XLSX workbook.
struct ReportsController {
    let dependencies: AppDependencies
    let kit: StaffPageKit
    let conduct: ConductController

    static let readers: Set<Role> = [.dispatcher, .supervisor, .leader, .admin]
    static let choosers: Set<Role> = [.supervisor, .leader]

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        for kind in ReportKind.allCases {
            group.get("reports/\(kind.rawValue)") { request, context in try await page(kind, request, context) }
            group.get("reports/\(kind.rawValue).csv") { request, context in try await csv(kind, request, context) }
            group.get("reports/\(kind.rawValue).xlsx") { request, context in try await xlsx(kind, request, context) }
        }
        group.post("reports/exemplary", use: choose)
        group.post("reports/exemplary/remove", use: remove)
    }

    enum ReportKind: String, CaseIterable, Sendable {
        case month, year
    }

    /// What a report covers: its period key (`2026-02` or `2026`), days, and scope.
    struct Subject {
        let kind: ReportKind
        let key: String
        let period: FigurePeriod
        let organization: String?
        let scope: String
        /// Drill-down links only when the report's scope is the user's own (the lists are scoped by the user).
        let linked: Bool
    }

    func subject(_ kind: ReportKind, _ parameters: Parameters, for staff: StaffActor) throws -> Subject {
        guard Self.readers.contains(staff.role) else { throw AccessError.forbidden }
        let today = ChinaDay(dependencies.clock())
        var rules = FieldRules()
        let key: String, period: FigurePeriod?
        switch kind {
        case .month:
            key = parameters.get("month") ?? String(today.description.prefix(7))
            let first = ChinaDay(key + "-01")
            rules.require(first != nil && key.count == 7, "month", "invalid")
            period = first.map { FigurePeriod(from: $0, to: $0.addingMonths(1).adding(-1)) }
        case .year:
            key = parameters.get("year") ?? String(today.civil.year)
            let year = Int(key).flatMap { (2000...2100).contains($0) ? $0 : nil }
            rules.require(year != nil && key.count == 4, "year", "invalid")
            period = year.map { FigurePeriod(from: ChinaDay(year: $0, month: 1, day: 1), to: ChinaDay(year: $0, month: 12, day: 31)) }
        }
        var organization = parameters.get("organization").flatMap { $0.isEmpty ? nil : $0 }
        if let code = organization {
            rules.require(dependencies.reference.snapshot.data.organization(code) != nil, "organization", "unknown")
        }
        try rules.check()
        if !staff.isJointCentre {
            // An organisation's staff report on their own organisation only.
            if let code = organization, code != staff.organization { throw AccessError.forbidden }
            organization = staff.organization
        }
        let scope = organization.map { TicketScope.organization($0).partyKey! } ?? TicketFacts.allScope
        let own = staff.scope.partyKey ?? TicketFacts.allScope
        return Subject(kind: kind, key: key, period: period!, organization: organization, scope: scope, linked: scope == own)
    }

    // MARK: - Tables

    func tables(_ subject: Subject, _ request: Request) async throws -> (FigureSnapshot, [FigureTable]) {
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let snapshot = try await FigureSnapshot.load(dependencies.stores.figures, scope: subject.scope, period: subject.period)
        let links = subject.linked ? FigureLinks(base: "/staff/figures/tickets", period: subject.period) : nil
        let board = FigureBoard(snapshot: snapshot, names: names, messages: kit.messages, language: language, links: links)
        let figures = dependencies.stores.figures, period = subject.period
        let daily = try await figures.daily(scope: subject.scope, from: period.from, to: period.to)
        let lastYearDaily = try await figures.daily(scope: subject.scope, from: period.lastYear.from, to: period.lastYear.to)
        var categories = board.breakdown(.category, limit: 10), areas = board.breakdown(.area, limit: 10)
        categories.chart = nil
        areas.chart = nil
        var tables = [
            board.headline(), board.rates(), board.times(), board.trend(daily: daily, lastYearDaily: lastYearDaily), board.tiers(),
            categories, areas,
        ]
        if subject.organization == nil { tables.append(board.breakdown(.organization)) }
        tables.append(try await commonIssues(subject, names, language))
        tables.append(try await conductTable(subject, names, language))
        tables.append(try await mechanismTable(subject, language))
        tables.append(try await exemplaryTable(subject, language))
        return (snapshot, tables)
    }

    private func t(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        kit.messages.text("ui.report." + key, language, arguments)
    }

    func commonIssues(_ subject: Subject, _ names: Names, _ language: Language) async throws -> FigureTable {
        let issues = try await dependencies.stores.commonIssues.issues(
            organization: subject.organization, from: subject.period.from.start,
            before: subject.period.to.adding(1).start)
        let rows = issues.map { issue in
            [
                FigureCell(issue.title), FigureCell(names.area(issue.area) + " · " + names.category(issue.category)),
                FigureCell(names.organization(issue.organization)), FigureCell(String(issue.tickets.count)),
                FigureCell(kit.messages.text("ui.commonIssue.status.\(issue.status.rawValue)", language)),
            ]
        }
        return FigureTable(
            id: "common-issues", caption: t("commonIssues", language),
            columns: [
                kit.messages.text("ui.commonIssue.title", language), kit.messages.text("ui.commonIssue.place", language),
                kit.messages.text("ui.commonIssue.responsible", language), kit.messages.text("ui.commonIssue.tickets", language),
                kit.messages.text("ui.commonIssue.status", language),
            ],
            rows: rows, note: rows.isEmpty ? t("noCommonIssues", language) : nil)
    }

    func conductTable(_ subject: Subject, _ names: Names, _ language: Language) async throws -> FigureTable {
        let report = try await conduct.compute(from: subject.period.from, to: subject.period.to, organization: subject.organization)
        let rows = report.units.filter { $0.department == nil }.map { unit in
            [FigureCell(names.organization(unit.organization))] + ConductReport.Figure.allCases.map { FigureCell(String(unit.count($0))) }
        }
        return FigureTable(
            id: "conduct", caption: t("conduct", language),
            columns: [kit.messages.text("ui.conduct.unit", language)]
                + ConductReport.Figure.allCases.map { kit.messages.text("conduct.figure.\($0.rawValue)", language) },
            rows: rows,
            note: t("conductNote", language) + " "
                + (try await conduct.basis(report, language)))
    }

    /// The mechanism's other arms in the period and since the beginning (涉法涉诉, mediation, risks, sentiment, assistance,
    /// outreach).
    func mechanismTable(_ subject: Subject, _ language: Language) async throws -> FigureTable {
        let panel = try await MechanismPanel.load(
            dependencies, organization: subject.organization, from: subject.period.from, to: subject.period.to,
            messages: kit.messages, language: language)
        return FigureTable(
            id: "mechanism", caption: kit.messages.text("ui.mechanism.title", language),
            columns: [
                t("mechanismItem", language), kit.messages.text("ui.mechanism.period", language),
                kit.messages.text("ui.mechanism.total", language),
            ],
            rows: panel.rows.map { $0.map { FigureCell($0) } }, note: nil)
    }

    /// Cases chosen for this period (and, in an annual report, for its months), within the report's scope.
    func exemplaryTable(_ subject: Subject, _ language: Language) async throws -> FigureTable {
        let periods = subject.kind == .month ? [subject.key] : [subject.key] + (1...12).map { subject.key + String(format: "-%02d", $0) }
        let cases = try await dependencies.stores.exemplaryCases.cases(periods: periods)
        let states = Dictionary(
            uniqueKeysWithValues: try await dependencies.stores.tickets.loadStates(numbers: cases.map(\.number))
                .map { ($0.number, $0) })
        let rows: [[FigureCell]] = cases.compactMap { chosen in
            guard let state = states[chosen.number], subject.scope == TicketFacts.allScope || state.parties.contains(subject.scope) else {
                return nil
            }
            return [
                FigureCell(chosen.number, href: subject.linked ? "/staff/tickets/\(chosen.number)" : nil),
                FigureCell(String(state.description.prefix(80))),
                FigureCell(kit.messages.text("status.\(state.status.rawValue)", language)),
                FigureCell(chosen.note),
            ]
        }
        return FigureTable(
            id: "exemplary", caption: t("exemplary", language),
            columns: [
                kit.messages.text("ui.list.number", language), kit.messages.text("ui.list.description", language),
                kit.messages.text("ui.list.status", language), t("exemplaryNote", language),
            ],
            rows: rows, note: rows.isEmpty ? t("noExemplary", language) : nil)
    }

    // MARK: - Pages and files

    func title(_ subject: Subject, _ names: Names, _ language: Language) -> String {
        let scope = subject.organization.map { names.organization($0) } ?? kit.messages.text("ui.report.mechanism", language)
        let (year, month, _) = subject.period.from.civil
        return subject.kind == .month
            ? t("monthTitle", language, ["scope": scope, "year": String(year), "month": String(month)])
            : t("yearTitle", language, ["scope": scope, "year": String(year)])
    }

    /// The opening sentence: volume with its change, closures, the three rates.
    func summary(_ snapshot: FigureSnapshot, _ language: Language) -> String {
        let total = snapshot.current.total, lastYear = snapshot.lastYear.total[.received]
        let change: String
        if lastYear == 0 {
            change = t("noLastYear", language)
        } else {
            let percent = (Double(total[.received]) - Double(lastYear)) / Double(lastYear) * 100
            change = t(percent >= 0 ? "up" : "down", language, ["percent": String(format: "%.1f%%", abs(percent))])
        }
        let definitions = snapshot.definitions
        return t(
            "summary", language,
            [
                "received": String(total[.received]), "change": change, "closed": String(total[.closed]),
                "response": FigureFormat.percent(definitions.rate(.response, total)),
                "resolution": FigureFormat.percent(definitions.rate(.resolution, total)),
                "satisfaction": FigureFormat.percent(definitions.rate(.satisfaction, total)),
            ])
    }

    func page(_ kind: ReportKind, _ request: Request, _ context: StaffPageContext) async throws -> Response {
        let language = request.language
        let subject = try subject(kind, request.uri.queryParameters, for: context.staff)
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let (snapshot, tables) = try await tables(subject, request)
        let query = "\(kind == .month ? "month" : "year")=\(subject.key)" + (subject.organization.map { "&organization=\($0)" } ?? "")
        let reference = dependencies.reference.snapshot.data
        struct ReportView {
            let chrome: PageChrome
            let csrf, title, summary, kind, key: String
            let isMonth: Bool
            let period, generated: String
            let tables: [TableView]
            let xlsxURL: String
            let mayChoose, mayChooseOrganization: Bool
            let organizations: [ChoiceView]
            let definitions: [String]
        }
        let view = ReportView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, title: title(subject, names, language),
            summary: summary(snapshot, language), kind: kind.rawValue, key: subject.key, isMonth: kind == .month,
            period: "\(subject.period.from) — \(subject.period.to)", generated: ChinaTime.minuteString(dependencies.clock()),
            tables: tables.map { TableView($0, csvURL: "/staff/reports/\(kind.rawValue).csv?\(query)&table=\($0.id)") },
            xlsxURL: "/staff/reports/\(kind.rawValue).xlsx?\(query)", mayChoose: Self.choosers.contains(context.staff.role),
            mayChooseOrganization: context.staff.isJointCentre,
            organizations: reference.organizations.map {
                ChoiceView(code: $0.code, name: names.organization($0.code), selected: $0.code == subject.organization)
            },
            definitions: FigureRate.allCases.map {
                FigureBoard(snapshot: snapshot, names: names, messages: kit.messages, language: language, links: nil).definitionText($0)
            })
        return kit.renderer.response("report", view)
    }

    func csv(_ kind: ReportKind, _ request: Request, _ context: StaffPageContext) async throws -> Response {
        let subject = try subject(kind, request.uri.queryParameters, for: context.staff)
        let id = request.uri.queryParameters.get("table") ?? ""
        guard let table = try await tables(subject, request).1.first(where: { $0.id == id }) else {
            throw ValidationError("table", "unknown")
        }
        try await audit("export.csv", context, subject: subject, detail: "report table \(id)")
        return DashboardController.csvResponse(table.textRows, filename: "report-\(subject.key)-\(id).csv")
    }

    func xlsx(_ kind: ReportKind, _ request: Request, _ context: StaffPageContext) async throws -> Response {
        let language = request.language
        let subject = try subject(kind, request.uri.queryParameters, for: context.staff)
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let (snapshot, tables) = try await tables(subject, request)
        let cover = XLSXWorkbook.Sheet(
            name: t("coverSheet", language),
            rows: [
                [title(subject, names, language)], [summary(snapshot, language)],
                ["\(subject.period.from) — \(subject.period.to)"],
            ])
        let workbook = XLSXWorkbook(sheets: [cover] + tables.map { XLSXWorkbook.Sheet(name: $0.caption, rows: $0.textRows) })
        try await audit("export.xlsx", context, subject: subject, detail: "\(tables.count) tables")
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentDisposition: "attachment; filename=\"report-\(subject.key).xlsx\"",
            ],
            body: .init(byteBuffer: .init(bytes: try workbook.data())))
    }

    private func audit(_ action: String, _ context: StaffPageContext, subject: Subject, detail: String) async throws {
        try await Auditor(dependencies: dependencies).record(
            action, by: context.staff, subject: "report \(subject.key) \(subject.organization ?? "all")",
            address: context.clientAddress, detail: detail)
    }

    // MARK: - Exemplary cases

    struct ChoiceForm: Decodable {
        var _csrf: String?
        var period: String?
        var number: String?
        var note: String?
        var organization: String?
    }

    private func choiceForm(_ request: Request, _ context: StaffPageContext) async throws -> (ChoiceForm, period: String, number: String) {
        let form = try await PublicPagesController.decodeForm(ChoiceForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        guard Self.choosers.contains(context.staff.role) else { throw AccessError.forbidden }
        var rules = FieldRules()
        let period = form.period ?? ""
        let isMonth = period.count == 7 && ChinaDay(period + "-01") != nil
        let isYear = period.count == 4 && Int(period).map { (2000...2100).contains($0) } == true
        rules.require(isMonth || isYear, "period", "invalid")
        let number = (form.number ?? "").trimmingCharacters(in: .whitespaces)
        rules.require(TicketNumber.isNumber(number), "number", "invalid")
        try rules.check()
        return (form, period, number)
    }

    private func back(_ period: String, _ organization: String?) -> Response {
        let query = (period.count == 7 ? "month?month=" : "year?year=") + period
        let path = "/staff/reports/" + query + (organization.flatMap { $0.isEmpty ? nil : "&organization=\($0)" } ?? "")
        return Response(status: .seeOther, headers: [.location: path])
    }

    @Sendable func choose(_ request: Request, context: StaffPageContext) async throws -> Response {
        let (form, period, number) = try await choiceForm(request, context)
        var rules = FieldRules()
        let note = rules.text(form.note, "note", max: 200) ?? ""
        try rules.check()
        // Only a ticket the user may open can be chosen; others are as good as missing.
        guard let ticket = try await dependencies.stores.tickets.ticket(number: number), context.staff.canView(ticket.state) else {
            throw ValidationError("number", "unknown")
        }
        try await dependencies.stores.exemplaryCases.choose(
            number, period: period, note: note, by: context.staff.username, at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "report.exemplary", by: context.staff, subject: number, address: context.clientAddress,
            detail: period)
        return back(period, form.organization)
    }

    @Sendable func remove(_ request: Request, context: StaffPageContext) async throws -> Response {
        let (form, period, number) = try await choiceForm(request, context)
        guard let ticket = try await dependencies.stores.tickets.ticket(number: number), context.staff.canView(ticket.state) else {
            throw ValidationError("number", "unknown")
        }
        try await dependencies.stores.exemplaryCases.remove(number, period: period)
        return back(period, form.organization)
    }
}
