import Foundation
import Hummingbird
import MashangCore
import MashangStore

/// 预警: clusters of the same problem in one community over the last days, biggest and fastest-growing first, for the
/// staff who coordinate (dispatchers, supervisors, leaders, administrators), within what they may see.
struct HotspotsController {
    let dependencies: AppDependencies
    let pages: PageRenderer
    let messages: Messages
    let staffPages: StaffPagesController

    static let requestLimit = 20_000

    func addRoutes(pages group: RouterGroup<StaffPageContext>, api: RouterGroup<StaffRequestContext>) {
        group.get("hotspots", use: page)
        api.get("hotspots", use: json)
    }

    func hotspots(_ parameters: Parameters, for staff: StaffActor) async throws -> (hotspots: [Hotspot], days: Int) {
        guard [.dispatcher, .supervisor, .leader, .admin].contains(staff.role) else { throw AccessError.forbidden }
        let days = parameters.get("days").map { Int($0) } ?? 14
        guard let days, (1...90).contains(days) else { throw ValidationError("days", "invalid") }
        let now = dependencies.clock()
        let window = TimeInterval(days) * 86_400
        let requests = try await dependencies.database.tickets.recentRequests(since: now.addingTimeInterval(-window), scope: staff.scope,
                                                                             limit: Self.requestLimit)
        return (HotspotDetector.detect(requests, areaTree: dependencies.reference.snapshot.data.areaTree, now: now, window: window), days)
    }

    @Sendable func page(_ request: Request, context: StaffPageContext) async throws -> Response {
        let (hotspots, days) = try await hotspots(request.uri.queryParameters, for: context.staff)
        let names = Names(reference: dependencies.reference.snapshot.data, language: request.language)
        struct Row { let place, category, size, trend, example, terms: String; let rising: Bool; let tickets: [String] }
        let view: [String: Any] = [
            "chrome": staffPages.chrome(request, context), "days": String(days),
            "hotspots": hotspots.map {
                Row(place: names.area($0.area), category: names.category($0.category), size: String($0.size),
                    trend: messages.text("hotspot.trend", request.language, ["recent": String($0.recent), "earlier": String($0.earlier)]),
                    example: $0.example, terms: $0.terms.joined(separator: " · "), rising: $0.recent > $0.earlier, tickets: $0.tickets)
            },
            "none": hotspots.isEmpty,
        ]
        return pages.response("hotspots", view)
    }

    @Sendable func json(_ request: Request, context: StaffRequestContext) async throws -> Response {
        struct Body: Encodable { var days: Int; var hotspots: [Hotspot] }
        let (hotspots, days) = try await hotspots(request.uri.queryParameters, for: context.staff)
        return JSONBody.response(Body(days: days, hotspots: hotspots))
    }
}
