import Foundation
import Hummingbird
import MashangCore
import MashangStore

/// `/guide` — 遇到这类问题找谁: for each category, who handles it by the live dispatch rules (and the exceptions the
/// rules make by place, kind or keyword), with how such requests ended over the last year. Searchable.
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
        let now = service.dependencies.clock()
        let outcomes = Dictionary(uniqueKeysWithValues: try await service.dependencies.database.tickets
            .outcomesByCategory(closedSince: now.addingTimeInterval(-365 * 86_400)).map { ($0.category, $0) })
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String {
            messages.text(key, language, arguments).replacingOccurrences(of: "  ", with: " ").trimmingCharacters(in: .whitespaces)
        }
        func target(_ organization: String, _ department: String?) -> [String: String] {
            ["organization": names.organization(organization),
             "department": department.map { names.department($0) } ?? ""]
        }

        let entries: [Entry] = data.categories.compactMap { category in
            let name = names.category(category.code)
            let rules = snapshot.rules.rules
            let keywordsHere = rules.filter { $0.category == category.code }.flatMap(\.keywords)
            if !query.isEmpty && !name.contains(query) && !category.name.contains(query)
                && !keywordsHere.contains(where: { $0.contains(query) || query.contains($0) }) {
                return nil
            }
            let general = snapshot.rules.route(category: category.code, area: data.areas.first { $0.parent == nil }?.code ?? "",
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
            let outcome = outcomes[category.code].map { outcome in
                text("guide.outcome", ["closed": String(outcome.closed), "days": String(format: "%.1f", outcome.averageDays),
                                       "rate": String(outcome.closed == 0 ? 0 : outcome.satisfied * 100 / outcome.closed)])
            }
            return Entry(code: category.code.replacingOccurrences(of: ".", with: "-"), name: name, handledBy: handledBy,
                         exceptions: exceptions, outcome: outcome)
        }
        let view = GuideView(chrome: PageChrome(language: language, messages: messages, path: request.uri.path), query: query, entries: entries)
        return pages.response("guide", view)
    }
}
