import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// `/figures` — 办理情况公开: the mechanism's figures for everyone, anonymised (counts only: no ticket, person,
/// description or place below the category): requests per month against last year, the three rates with their
/// definitions, the most frequent categories and how much was resolved, and at which tier.
struct PublicFiguresController {
    let dependencies: AppDependencies
    let pages: PageRenderer
    let messages: Messages

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("figures", use: show)
    }

    /// The last twelve months up to today.
    func period() -> FigurePeriod {
        let today = ChinaDay(dependencies.clock())
        return FigurePeriod(from: today.firstOfMonth.addingMonths(-11), to: today)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let language = request.language
        let period = period()
        let figures = dependencies.stores.figures
        let snapshot = try await FigureSnapshot.load(figures, scope: TicketFacts.allScope, period: period)
        let board = FigureBoard(
            snapshot: snapshot, names: Names(reference: dependencies.reference.snapshot.data, language: language),
            messages: messages, language: language, links: nil)
        let daily = try await figures.daily(scope: TicketFacts.allScope, from: period.from, to: period.to)
        let lastYearDaily = try await figures.daily(scope: TicketFacts.allScope, from: period.lastYear.from, to: period.lastYear.to)
        var categories = board.breakdown(.category, limit: 8)
        categories.note = nil
        // The mechanism's other arms, as counts (the seed's "入户走访17892人次" …); employees' sentiment stays internal.
        let panel = try await MechanismPanel.load(
            dependencies, organization: nil, from: period.from, to: period.to, messages: messages, language: language)
        let mechanism = FigureTable(
            id: "mechanism", caption: messages.text("ui.mechanism.title", language),
            columns: [
                messages.text("ui.report.mechanismItem", language), messages.text("ui.mechanism.period", language),
                messages.text("ui.mechanism.total", language),
            ],
            rows: panel.publicRows.map { $0.map { FigureCell($0) } }, note: nil)
        let total = snapshot.current.total
        let resolved = snapshot.definitions.numerator(.resolution).reduce(0) { $0 + total[$1] }
        struct FiguresView {
            let chrome: PageChrome
            let period, received, resolvedShare: String
            let tables: [TableView]
        }
        let view = FiguresView(
            chrome: PageChrome(language: language, messages: messages, path: request.uri.path), period: "\(period.from) — \(period.to)",
            received: String(total[.received]),
            resolvedShare: FigureFormat.percent(total[.received] > 0 ? Double(resolved) / Double(total[.received]) : nil),
            tables: [board.trend(daily: daily, lastYearDaily: lastYearDaily), board.rates(), categories, board.tiers(), mechanism]
                .map { TableView($0, csvURL: nil) })
        var response = pages.response("public-figures", view)
        response.headers[.cacheControl] = "public, max-age=300"
        // The page is in the language of the cookie or Accept-Language: a cache must keep one copy per language.
        response.headers[.vary] = "Accept-Language, Cookie"
        return response
    }
}
