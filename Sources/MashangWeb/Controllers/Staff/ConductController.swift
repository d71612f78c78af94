import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// 作风监督: the conduct figures per organisation and department for a period, each with its definition and the
/// tickets behind it, on a page and in the API. For leaders, supervisors and administrators: the joint centre's see
/// every unit, an organisation's see their own.
struct ConductController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(pages group: RouterGroup<StaffPageContext>, api: RouterGroup<StaffRequestContext>) {
        group.get("conduct", use: page)
        api.get("conduct", use: json)
    }

    /// The report for a user and the period given by `from`/`to` (inclusive days; default the last 30 days).
    func report(_ parameters: Parameters, for staff: StaffActor) async throws -> (ConductReport, from: String, to: String) {
        guard [.leader, .supervisor, .admin].contains(staff.role) else { throw AccessError.forbidden }
        let today = ChinaDay(dependencies.clock())
        var rules = FieldRules()
        let from = parameters.get("from").map { ChinaDay($0) } ?? today.adding(-29)
        let to = parameters.get("to").map { ChinaDay($0) } ?? today
        rules.require(from != nil, "from", "invalid")
        rules.require(to != nil, "to", "invalid")
        if let from, let to { rules.require(from <= to && to.index - from.index <= 366, "to", "invalid") }
        try rules.check()
        let report = try await compute(from: from!, to: to!, organization: staff.isJointCentre ? nil : staff.organization)
        return (report, from!.description, to!.description)
    }

    /// The figures over the days `from...to` from the conduct rollups, for every unit (nil) or one organisation's.
    func compute(from: ChinaDay, to: ChinaDay, organization: String?) async throws -> ConductReport {
        try await dependencies.stores.figures.conduct(from: from, to: to, organization: organization)
    }

    /// What the figures are based on: every ticket, and the boilerplate bound when it was met; changes not yet counted.
    func basis(_ report: ConductReport, _ language: Language) async throws -> String {
        let lag = try await dependencies.stores.figures.lag()
        let text = kit.messages.text(
            report.isComplete ? "ui.conduct.basisAll" : "ui.conduct.basisPartial", language,
            [
                "read": String(report.repliesCompared), "total": String(report.repliesInPeriod),
                "limit": String(ConductReport.boilerplateLimit),
            ])
        return lag > 0 ? text + " " + kit.messages.text("ui.figures.pending", language, ["n": String(lag)]) : text
    }

    @Sendable func page(_ request: Request, context: StaffPageContext) async throws -> Response {
        let (report, from, to) = try await report(request.uri.queryParameters, for: context.staff)
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        struct Cell { let count: String; let rate: String; let tickets: [String]; let hasTickets: Bool }
        struct Row { let unit: String; let isOrganization: Bool; let cells: [Cell] }
        struct Definition { let name, text: String }
        struct Repeated { let organization, text: String; let tickets: [String]; let count: String }
        struct ConductView {
            let chrome: PageChrome
            let from, to: String
            let figures: [String]
            let definitions: [Definition]
            let rows: [Row]
            let boilerplate: [Repeated]
            let hasBoilerplate: Bool
            let basis: String
            let partial: Bool
        }
        let view = ConductView(
            chrome: kit.chrome(request, context), from: from, to: to,
            figures: ConductReport.Figure.allCases.map { kit.messages.text("conduct.figure.\($0.rawValue)", language) },
            definitions: ConductReport.Figure.allCases.map {
                Definition(
                    name: kit.messages.text("conduct.figure.\($0.rawValue)", language),
                    text: kit.messages.text("conduct.definition.\($0.rawValue)", language))
            },
            rows: report.units.map { unit in
                Row(
                    unit: unit.department.map { "— " + names.department($0) } ?? names.organization(unit.organization),
                    isOrganization: unit.department == nil,
                    cells: ConductReport.Figure.allCases.map { figure in
                        Cell(
                            count: String(unit.count(figure)), rate: unit.rate(figure).map { String(format: "%.1f%%", $0 * 100) } ?? "—",
                            tickets: unit.tickets[figure] ?? [], hasTickets: unit.count(figure) > 0)
                    })
            },
            boilerplate: report.boilerplate.map {
                Repeated(
                    organization: names.organization($0.organization), text: $0.text, tickets: $0.tickets, count: String($0.tickets.count))
            }, hasBoilerplate: !report.boilerplate.isEmpty, basis: try await basis(report, language), partial: !report.isComplete)
        return kit.renderer.response("conduct", view)
    }

    @Sendable func json(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let (report, from, to) = try await report(request.uri.queryParameters, for: context.staff)
        struct Figure: Encodable { var count: Int; var rate: Double?; var tickets: [String] }
        struct Unit: Encodable { var organization: String; var department: String?; var figures: [String: Figure] }
        struct Basis: Encodable { var repliesCompared: Int; var repliesInPeriod: Int; var boilerplateLimit: Int }
        struct Body: Encodable {
            var from: String; var to: String; var basis: Basis; var definitions: [String: String]; var units: [Unit]
            var boilerplate: [ConductReport.Boilerplate]
        }
        let language = request.language
        return JSONBody.response(
            Body(
                from: from, to: to,
                basis: Basis(
                    repliesCompared: report.repliesCompared, repliesInPeriod: report.repliesInPeriod,
                    boilerplateLimit: ConductReport.boilerplateLimit),
                definitions: Dictionary(
                    uniqueKeysWithValues: ConductReport.Figure.allCases.map {
                        ($0.rawValue, kit.messages.text("conduct.definition.\($0.rawValue)", language))
                    }),
                units: report.units.map { unit in
                    Unit(
                        organization: unit.organization, department: unit.department,
                        figures: Dictionary(
                            uniqueKeysWithValues: ConductReport.Figure.allCases.map {
                                ($0.rawValue, Figure(count: unit.count($0), rate: unit.rate($0), tickets: unit.tickets[$0] ?? []))
                            }))
                },
                boilerplate: report.boilerplate))
    }
}
