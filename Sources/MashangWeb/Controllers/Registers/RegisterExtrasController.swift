import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Pages of particular registers: the print-ready mediation agreement (调解协议书), the sentiment trend per unit and
/// topic; and the registers' figures as JSON.
struct RegisterExtrasController {
    let dependencies: AppDependencies
    let service: RegisterService
    let kit: StaffPageKit

    func addRoutes(pages group: RouterGroup<StaffPageContext>, api: RouterGroup<StaffRequestContext>) {
        group.get("mediations/:id/agreement", use: agreement)
        group.get("sentiment-reports/trend", use: sentimentTrend)
        api.get("mechanism/figures", use: figuresJSON)
        group.get("mechanism", use: hub)
        group.get("law-related", use: lawRelated)
        group.get("legal-day/bookings", use: legalDayBookings)
        group.get("register-entries", use: entries)
    }

    /// The entries a mechanism figure counts (调解场次, 巡查, 入户走访人次 …): one register's entries of one kind in the
    /// user's scope and days (`from`, `to`; empty: any), with their number and their quantity summed.
    @Sendable func entries(_ request: Request, context: StaffPageContext) async throws -> Response {
        guard MechanismFigures.mayRead(context.staff) else { throw AccessError.forbidden }
        let query = request.uri.queryParameters
        guard let kind = query.get("register").flatMap(RegisterKind.init(rawValue:)) else { throw ValidationError("register", "unknown") }
        let entry = query.get("entry") ?? ""
        guard kind.schema.entries.contains(where: { $0.name == entry }) else { throw ValidationError("entry", "unknown") }
        let filter = try RegisterListFilter.days(from: query.get("from"), to: query.get("to"))
        let page = max(1, query.get("page").flatMap(Int.init) ?? 1), pageSize = 50
        let (rows, total, quantity) = try await dependencies.stores.registers.entries(
            kind, entry: entry, organization: context.staff.isJointCentre ? nil : context.staff.organization, fromDay: filter.fromDay,
            toDay: filter.toDay, limit: pageSize, offset: (page - 1) * pageSize)
        let language = request.language
        let views = RegisterViews(
            kind: kind, messages: kit.messages, language: language,
            names: Names(reference: dependencies.reference.snapshot.data, language: language))
        struct Row { let id, title, organization, day, quantity, path: String }
        let base = "/staff/register-entries?register=\(kind.rawValue)&entry=\(entry)" + (filter.isEmpty ? "" : "&" + filter.query)
        struct EntriesView {
            let chrome: PageChrome
            let heading, register, entry, fromDay, toDay, total, quantity: String
            let rows: [Row]
            let none: Bool
            let previous, next: String?
        }
        let view = EntriesView(
            chrome: kit.chrome(request, context), heading: views.title() + " · " + views.entry(entry), register: kind.rawValue,
            entry: entry, fromDay: filter.fromDay ?? "", toDay: filter.toDay ?? "", total: String(total), quantity: String(quantity),
            rows: rows.map {
                Row(
                    id: String($0.record.id), title: views.title(of: $0.record.masked),
                    organization: views.names.organization($0.record.organization),
                    day: $0.day, quantity: String($0.quantity), path: kind.path)
            }, none: rows.isEmpty, previous: page > 1 ? base + "&page=\(page - 1)" : nil,
            next: page * pageSize < total ? base + "&page=\(page + 1)" : nil)
        return kit.renderer.response("register-entries", view)
    }

    /// 涉法涉诉: the tickets the panel's law-related count counts, for the same scope and days (`from`, `to`; empty: any).
    @Sendable func lawRelated(_ request: Request, context: StaffPageContext) async throws -> Response {
        guard MechanismFigures.mayRead(context.staff) else { throw AccessError.forbidden }
        let query = request.uri.queryParameters
        let filter = try RegisterListFilter.days(from: query.get("from"), to: query.get("to"))
        let page = max(1, query.get("page").flatMap(Int.init) ?? 1), pageSize = 50
        let (tickets, total) = try await dependencies.stores.mechanismFigures.lawRelatedTickets(
            organization: context.staff.isJointCentre ? nil : context.staff.organization, fromDay: filter.fromDay, toDay: filter.toDay,
            limit: pageSize, offset: (page - 1) * pageSize)
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        struct Row { let number, source, organization, day: String }
        func link(_ page: Int) -> String { "/staff/law-related?page=\(page)" + (filter.isEmpty ? "" : "&" + filter.query) }
        struct LawRelatedView {
            let chrome: PageChrome
            let total, fromDay, toDay: String
            let rows: [Row]
            let none: Bool
            let previous, next: String?
        }
        let view = LawRelatedView(
            chrome: kit.chrome(request, context), total: String(total), fromDay: filter.fromDay ?? "", toDay: filter.toDay ?? "",
            rows: tickets.map {
                Row(
                    number: $0.number, source: kit.messages.optionalText("lawRelated.source.\($0.source)", language) ?? $0.source,
                    organization: names.organization($0.organization), day: $0.day)
            }, none: tickets.isEmpty, previous: page > 1 ? link(page - 1) : nil, next: page * pageSize < total ? link(page + 1) : nil)
        return kit.renderer.response("law-related", view)
    }

    /// The legal reception day's bookings the panel's counts count, for the same scope and months (`from`, `to` days;
    /// `status` one or several; empty: any). Names and phones are masked: the roster is for those who receive people.
    @Sendable func legalDayBookings(_ request: Request, context: StaffPageContext) async throws -> Response {
        guard MechanismFigures.mayRead(context.staff) else { throw AccessError.forbidden }
        let query = request.uri.queryParameters
        let filter = try RegisterListFilter.parse(
            status: query.get("status"), from: query.get("from"), to: query.get("to"),
            statuses: ReceptionBooking.Status.allCases.map(\.rawValue))
        let bookings = try await dependencies.stores.reception.bookings(
            fromMonth: filter.fromDay.map { String($0.prefix(7)) }, toMonth: filter.toDay.map { String($0.prefix(7)) },
            statuses: filter.statuses.compactMap(ReceptionBooking.Status.init(rawValue:)),
            organization: context.staff.isJointCentre ? nil : context.staff.organization)
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        struct Row { let month, time, judge, organization, name, phone, status: String; let ticket: String? }
        struct BookingsView {
            let chrome: PageChrome
            let total, fromDay, toDay, status: String
            let rows: [Row]
            let none: Bool
        }
        let view = BookingsView(
            chrome: kit.chrome(request, context), total: String(bookings.count), fromDay: filter.fromDay ?? "", toDay: filter.toDay ?? "",
            status: filter.statuses.joined(separator: ","),
            rows: bookings.map { booking, slot in
                let masked = booking.masked
                return Row(
                    month: slot.month, time: slot.starts + "–" + slot.ends, judge: slot.judge,
                    organization: names.organization(slot.organization),
                    name: masked.name, phone: masked.phone,
                    status: kit.messages.text("ui.legalDayBookings.status.\(booking.status.rawValue)", language), ticket: booking.ticket)
            }, none: bookings.isEmpty)
        return kit.renderer.response("legal-day-bookings", view)
    }

    /// 联动机制: every arm with its figures for a period (default the year so far) and since the beginning.
    @Sendable func hub(_ request: Request, context: StaffPageContext) async throws -> Response {
        guard MechanismFigures.mayRead(context.staff) else { throw AccessError.forbidden }
        let period = try FigurePeriod.parse(request.uri.queryParameters, today: ChinaDay(dependencies.clock()))
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let panel = try await MechanismPanel.load(
            dependencies, for: context.staff, from: period.from, to: period.to, messages: kit.messages,
            language: language)
        struct HubView {
            let chrome: PageChrome
            let mechanism: MechanismPanel
            let from, to, scope: String
        }
        let view = HubView(
            chrome: kit.chrome(request, context), mechanism: panel, from: period.from.description, to: period.to.description,
            scope: names.organization(context.staff.organization))
        return kit.renderer.response("mechanism", view)
    }

    // MARK: - Mediation agreement

    struct Party {
        let side, name: String
        /// nil when not given (templates treat an empty string as present).
        let phone, role: String?
    }

    /// The agreement as the parties sign it: names in clear (it is printed for them), so opening it is a reveal and
    /// is audited as one.
    @Sendable func agreement(_ request: Request, context: StaffPageContext) async throws -> Response {
        let id = try RegisterPagesController.id(context)
        let record = try await service.reveal(.mediation, id, by: context.staff, address: context.clientAddress)
        guard let outcome = record.history.last(where: { $0.kind == .action && ($0.name == "agree" || $0.name == "settlePartly") }) else {
            throw AccessError.notFound
        }
        let language = request.language
        let views = RegisterViews(
            kind: .mediation, messages: kit.messages, language: language,
            names: Names(reference: dependencies.reference.snapshot.data, language: language))
        func parties(_ side: String) -> [Party] {
            record.entries("party").filter { $0.fields["side"]?.plain == side }.map {
                Party(
                    side: views.choice(side), name: $0.fields["name"]?.plain ?? "", phone: $0.fields["phone"]?.plain,
                    role: $0.fields["role"]?.plain)
            }
        }
        let mediators = record.entries("mediator").map {
            "\($0.fields["name"]?.plain ?? "")(\(views.choice($0.fields["type"]?.plain ?? "")),\(views.names.organization($0.fields["organization"]?.plain)))"
        }
        let sessions = record.entries("session").map { "\($0.fields["date"]?.plain ?? "") \($0.fields["place"]?.plain ?? "")" }
        struct AgreementView {
            let chrome: PageChrome
            let id, title, number: String
            let ticket: String?
            let applicants, respondents: [Party]
            let summary: String?
            let mediators, sessions: String
            let terms, remaining: String?
            let partial: Bool
            let signedOn: String
        }
        let view = AgreementView(
            chrome: kit.chrome(request, context), id: String(id), title: record.title, number: "(\(record.day.prefix(4)))调字第\(id)号",
            ticket: record.fields["ticket"]?.plain, applicants: parties("applicant"), respondents: parties("respondent"),
            summary: record.fields["summary"]?.plain, mediators: mediators.joined(separator: "、"),
            sessions: sessions.joined(separator: ";"), terms: outcome.fields["terms"]?.plain, remaining: outcome.fields["remaining"]?.plain,
            partial: outcome.name == "settlePartly", signedOn: outcome.fields["signedOn"]?.plain ?? record.day)
        return kit.renderer.response("mediation-agreement", view)
    }

    // MARK: - Sentiment trend

    struct TrendRow {
        let unit: String
        let cells: [TrendCell]
    }

    struct TrendCell {
        let mood: String
        let code: String
        let link: String?
    }

    struct TopicRow {
        let topic: String
        let counts: [String]
    }

    /// The last six months per unit (mood of each month's report, or missing) and per topic (how many reports raised it).
    @Sendable func sentimentTrend(_ request: Request, context: StaffPageContext) async throws -> Response {
        try service.authorize(.view, context.staff, .sentiment)
        let language = request.language
        let data = dependencies.reference.snapshot.data
        let views = RegisterViews(
            kind: .sentiment, messages: kit.messages, language: language, names: Names(reference: data, language: language))
        let latest = RegisterValidator.month(SentimentSchedule.month(ChinaDay(dependencies.clock())))!
        let months = (0..<6).reversed().map { SentimentSchedule.month(latest.addingMonths(-$0)) }
        let scope = RegisterPolicy.listScope(context.staff, .sentiment)
        let reports = try await dependencies.stores.registers.records(
            .sentiment, organization: scope, fromDay: months[0] + "-01",
            toDay: months[5] + "-01")
        let units = SentimentSchedule.reportingUnits(data).filter { scope == nil || $0.code == scope }
        let due = SentimentSchedule.latestDueMonth(today: ChinaDay(dependencies.clock()))
        let rows = units.map { unit in
            TrendRow(
                unit: views.names.organization(unit.code),
                cells: months.map { month in
                    guard let report = reports.first(where: { $0.organization == unit.code && $0.fields["period"]?.plain == month }) else {
                        // Missing: late once the month's report was due, otherwise not due yet.
                        return month <= due
                            ? TrendCell(mood: views.text("ui.sentiment.missing"), code: "late", link: nil)
                            : TrendCell(mood: views.text("ui.sentiment.notDue"), code: "missing", link: nil)
                    }
                    let mood = report.fields["mood"]?.plain ?? ""
                    return TrendCell(mood: views.choice(mood), code: mood, link: "/staff/sentiment-reports/\(report.id)")
                })
        }
        guard case .choices(let topics) = RegisterKind.sentiment.schema.field("topics")!.type else { throw AccessError.notFound }
        let topicRows = topics.map { topic in
            TopicRow(
                topic: views.choice(topic),
                counts: months.map { month in
                    String(
                        reports.filter { $0.fields["period"]?.plain == month && ($0.fields["topics"]?.list ?? []).contains(topic) }.count)
                })
        }
        struct TrendView {
            let chrome: PageChrome
            let months: [String]
            let rows: [TrendRow]
            let topics: [TopicRow]
        }
        let view = TrendView(chrome: kit.chrome(request, context), months: months, rows: rows, topics: topicRows)
        return kit.renderer.response("sentiment-trend", view)
    }

    // MARK: - Figures

    @Sendable func figuresJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var rules = FieldRules()
        let from = query.get("from"), to = query.get("to")
        if let from { rules.require(RegisterValidator.day(from) != nil, "from", "invalid") }
        if let to { rules.require(RegisterValidator.day(to) != nil, "to", "invalid") }
        try rules.check()
        guard MechanismFigures.mayRead(context.staff) else { throw AccessError.forbidden }
        let counts = try await dependencies.stores.mechanismFigures.counts(
            organization: context.staff.isJointCentre ? nil : context.staff.organization,
            fromDay: from, toDay: to)
        return JSONBody.response(counts)
    }
}

/// Who reads the registers' figures: everyone who reads the dashboard.
enum MechanismFigures {
    static func mayRead(_ staff: StaffActor) -> Bool { !Role.administration.contains(staff.role) }
}
