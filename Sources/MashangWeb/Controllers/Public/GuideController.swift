import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// `/guide` — 遇到这类问题找谁: for each category, who handles it by the live dispatch rules (and the exceptions the
/// rules make by place, kind or keyword), with how such requests ended over the last year — counted from the figures'
/// rollups under the definitions in force, like every other figure. Searchable.
struct GuideController {
    let service: TicketService
    let reference: ReferenceCache
    let pages: PageRenderer
    let messages: Messages

    struct Entry {
        let code: String
        let name: String
        let handledBy: String
        let exceptions: [String]
        let outcome: String?
    }

    struct GuideView {
        let chrome: PageChrome
        let query: String
        let entries: [Entry]
        /// What the outcomes count and the satisfaction rate's definition.
        let definition: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("guide", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let language = request.language
        let snapshot = reference.snapshot
        let data = snapshot.data
        let names = Names(reference: data, language: language)
        let query = (request.uri.queryParameters.get("q") ?? "").trimmingCharacters(in: .whitespaces)
        let today = ChinaDay(service.dependencies.clock())
        let period = FigurePeriod(from: today.adding(-364), to: today)
        // Only this year's counts per category and the definitions: no comparison periods on this page.
        let store = service.dependencies.stores.figures
        async let categoryCounts = store.counts(
            scope: TicketFacts.allScope, from: period.from, to: period.to, dimensions: [FigureDimension.category.rawValue])
        async let definitions = store.definitions()
        let figures = FigureSnapshot(
            scope: TicketFacts.allScope, period: period, current: try await categoryCounts, lastYear: FigureTotals(),
            previous: FigureTotals(), definitions: try await definitions)
        let board = FigureBoard(snapshot: figures, names: names, messages: messages, language: language, links: nil)
        let byCategory = figures.current.values(.category)
        /// A category's requests with those of its subcategories.
        func counts(of code: String) -> FigureCounts {
            byCategory.filter { $0.key == code || $0.key.hasPrefix(code + ".") }.values.reduce(FigureCounts(), +)
        }
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
            messages.text(key, language, arguments).replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
        }
        func target(_ organization: String, _ department: String?) -> [String: String] {
            [
                "organization": names.organization(organization),
                "department": department.map { names.department($0) } ?? "",
            ]
        }

        let entries: [Entry] = data.categories.compactMap { category in
            let name = names.category(category.code)
            let rules = snapshot.rules.rules
            let keywordsHere = rules.filter { $0.category == category.code }.flatMap(\.keywords)
            if !query.isEmpty && !name.contains(query) && !category.name.contains(query)
                && !keywordsHere.contains(where: { $0.contains(query) || query.contains($0) })
            {
                return nil
            }
            let general = snapshot.rules.route(
                category: category.code, area: data.areas.first { $0.parent == nil }?.code ?? "",
                kind: .help, text: "")
            let handledBy = general.map { text("guide.handledBy", target($0.organization, $0.department)) } ?? text("guide.joint")
            let exceptions = rules.filter { $0.category == category.code && ($0.area != nil || $0.kind != nil || !$0.keywords.isEmpty) }
                .map { rule -> String in
                    var arguments = target(rule.organization, rule.department)
                    if !rule.keywords.isEmpty {
                        arguments["keywords"] = rule.keywords.joined(separator: language == .en ? "”, “" : "”“")
                        return text("guide.keywords", arguments)
                    }
                    if let area = rule.area {
                        arguments["area"] = names.area(area)
                        return text("guide.area", arguments)
                    }
                    arguments["kind"] = text("kind.\(rule.kind!.rawValue)")
                    return text("guide.kind", arguments)
                }
            let here = counts(of: category.code)
            let outcome: String? =
                here[.received] == 0
                ? nil
                : text(
                    "guide.outcome",
                    [
                        "received": String(here[.received]), "closed": String(here[.closed]),
                        "days": here[.closeCount] == 0
                            ? "—" : String(format: "%.1f", Double(here[.closeSeconds]) / Double(here[.closeCount]) / 86_400),
                        "rate": FigureFormat.percent(figures.definitions.rate(.satisfaction, here)),
                    ])
            return Entry(
                code: category.code.replacingOccurrences(of: ".", with: "-"), name: name, handledBy: handledBy,
                exceptions: exceptions, outcome: outcome)
        }
        let view = GuideView(
            chrome: PageChrome(language: language, messages: messages, path: request.uri.path), query: query, entries: entries,
            definition: text(
                "guide.definition",
                [
                    "from": period.from.description, "to": period.to.description,
                    "satisfaction": board.definitionText(.satisfaction),
                ]))
        return pages.response("guide", view)
    }
}
