import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// 预警: clusters of the same problem in one community over the last days, biggest and fastest-growing first, for the
/// staff who coordinate (dispatchers, supervisors, leaders, administrators), within what they may see.
struct HotspotsController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    static let requestLimit = 20_000

    func addRoutes(pages group: RouterGroup<StaffPageContext>, api: RouterGroup<StaffRequestContext>) {
        group.get("hotspots", use: page)
        api.get("hotspots", use: json)
    }

    func hotspots(_ parameters: Parameters, for staff: StaffActor) async throws -> (hotspots: [Hotspot], days: Int, read: Int, total: Int) {
        guard [.dispatcher, .supervisor, .leader, .admin].contains(staff.role) else { throw AccessError.forbidden }
        let days = parameters.get("days").map { Int($0) } ?? 14
        guard let days, (1...90).contains(days) else { throw ValidationError("days", "invalid") }
        let now = dependencies.clock()
        let window = TimeInterval(days) * 86_400
        let requests = try await dependencies.stores.tickets.recentRequests(
            since: now.addingTimeInterval(-window), scope: staff.scope,
            limit: Self.requestLimit)
        let total =
            requests.count < Self.requestLimit
            ? requests.count
            : try await dependencies.stores.tickets.countRecentRequests(since: now.addingTimeInterval(-window), scope: staff.scope)
        return (
            HotspotDetector.detect(requests, areaTree: dependencies.reference.snapshot.data.areaTree, now: now, window: window), days,
            requests.count, total
        )
    }

    @Sendable func page(_ request: Request, context: StaffPageContext) async throws -> Response {
        let (hotspots, days, read, total) = try await hotspots(request.uri.queryParameters, for: context.staff)
        let reference = dependencies.reference.snapshot.data
        let names = Names(reference: reference, language: request.language)
        // Coordinators of the joint centre may turn a cluster into a common issue, over the tickets that may still join.
        let mayCreate = CommonIssuePolicy.mayCreate(context.staff)
        var joinable: Set<String> = []
        if mayCreate {
            let states = try await dependencies.stores.tickets.loadStates(numbers: hotspots.flatMap(\.tickets))
            joinable = Set(states.filter { context.staff.canView($0) && CommonIssueDraft.mayJoin($0) }.map(\.number))
        }
        struct Row {
            let place, category, size, trend, example, terms, title, joinable: String; let rising, mayCreate: Bool; let tickets: [String]
            let riskLink: String?; let groupNote: String?
        }
        let mayOpenRisk = RegisterPolicy.allows(.create, context.staff, .risk)
        struct HotspotsView {
            let chrome: PageChrome
            let days, csrf: String
            let hotspots: [Row]
            let organizations: [ChoiceView]
            let none: Bool
            let basis: String
            let partial: Bool
        }
        let view = HotspotsView(
            chrome: kit.chrome(request, context), days: String(days), csrf: context.csrfToken,
            hotspots: hotspots.map { hotspot in
                let members = hotspot.tickets.filter(joinable.contains)
                return Row(
                    place: names.area(hotspot.area), category: names.category(hotspot.category), size: String(hotspot.size),
                    trend: kit.messages.text(
                        "hotspot.trend", request.language, ["recent": String(hotspot.recent), "earlier": String(hotspot.earlier)]),
                    example: hotspot.example, terms: hotspot.terms.joined(separator: " · "),
                    title: kit.messages.text(
                        "ui.commonIssue.defaultTitle", request.language,
                        ["place": names.area(hotspot.area), "category": names.category(hotspot.category)]),
                    joinable: members.joined(separator: " "),
                    rising: hotspot.recent > hotspot.earlier, mayCreate: mayCreate && members.count >= 2, tickets: hotspot.tickets,
                    riskLink: mayOpenRisk ? RegisterLinks.newRisk(from: hotspot, names: names) : nil,
                    groupNote: hotspot.groupSize.map {
                        kit.messages.text(
                            "ui.hotspots.groupBasis", request.language,
                            ["read": String(HotspotDetector.groupLimit), "total": String($0)])
                    })
            }, organizations: reference.organizations.map { ChoiceView(code: $0.code, name: names.organization($0.code), selected: false) },
            none: hotspots.isEmpty,
            basis: kit.messages.text(
                read < total ? "ui.hotspots.basisPartial" : "ui.hotspots.basisAll", request.language,
                ["read": String(read), "total": String(total)]), partial: read < total)
        return kit.renderer.response("hotspots", view)
    }

    @Sendable func json(_ request: Request, context: StaffRequestContext) async throws -> Response {
        struct Body: Encodable { var days: Int; var requestsRead: Int; var requestsInPeriod: Int; var hotspots: [Hotspot] }
        let (hotspots, days, read, total) = try await hotspots(request.uri.queryParameters, for: context.staff)
        return JSONBody.response(Body(days: days, requestsRead: read, requestsInPeriod: total, hotspots: hotspots))
    }
}
