import Foundation
import Hummingbird
import MashangCore
import MashangServices
import NIOCore
import ServiceLifecycle

/// The dispatch board: tickets waiting to be dispatched or signed for, a column per organisation, kept current by
/// Server-Sent Events announcing every change.
struct StaffBoardController {
    let service: TicketService
    let reference: ReferenceCache
    let kit: StaffPageKit

    struct Column {
        let code: String
        let name: String
        let count: String
        let tickets: [NewTicketView.Similar]
        let empty: String
    }

    struct BoardView {
        let chrome: PageChrome
        let columns: [Column]
    }

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("board", use: board)
        group.get("board/events", use: events)
    }

    @Sendable func board(_ request: Request, context: StaffPageContext) async throws -> Response {
        let columns = try await self.columns(request, context)
        if request.uri.queryParameters.get("fragment") != nil {
            return kit.renderer.response("board-columns", ["columns": columns])
        }
        return kit.renderer.response("board", BoardView(chrome: kit.chrome(request, context), columns: columns))
    }

    private func columns(_ request: Request, _ context: StaffPageContext) async throws -> [Column] {
        let language = request.language
        let names = Names(reference: reference.snapshot.data, language: language)
        func rows(_ page: TicketPage) -> [NewTicketView.Similar] {
            page.items.map {
                NewTicketView.Similar(
                    number: $0.number, statusName: kit.messages.text("status.\($0.status.rawValue)", language),
                    received: ChinaTime.minuteString($0.receivedAt), description: $0.description)
            }
        }
        func count(_ page: TicketPage) -> String { page.totalIsLowerBound ? "\(page.total)+" : "\(page.total)" }
        let staff = context.staff
        var columns: [Column] = []
        let waiting = try await service.list(TicketQuery(scope: staff.scope, statuses: [.received], pageSize: 20))
        columns.append(
            Column(
                code: "received", name: kit.messages.text("ui.board.toDispatch", language), count: count(waiting),
                tickets: rows(waiting), empty: kit.messages.text("ui.board.empty", language)))
        let organizations =
            staff.isJointCentre
            ? reference.snapshot.data.organizations.filter { $0.kind != .joint }.map(\.code) : [staff.organization]
        for organization in organizations {
            let page = try await service.list(
                TicketQuery(scope: staff.scope, statuses: [.dispatched], organization: organization, pageSize: 20))
            columns.append(
                Column(
                    code: organization, name: names.organization(organization) + " · " + kit.messages.text("ui.desk.toSign", language),
                    count: count(page), tickets: rows(page), empty: kit.messages.text("ui.board.empty", language)))
        }
        return columns
    }

    /// `text/event-stream`: an event named `changed` (data: the ticket number) whenever a ticket changes, and a
    /// comment every 25 seconds so that proxies keep the connection open.
    @Sendable func events(_ request: Request, context: StaffPageContext) async throws -> Response {
        let changes = service.dependencies.changes.subscribe()
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
            let (chunks, chunk) = AsyncStream<String>.makeStream()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(25))
                        chunk.yield(": keep-alive\n\n")
                    }
                }
                group.addTask {
                    for await number in changes { chunk.yield("event: changed\ndata: \(number)\n\n") }
                    chunk.finish()
                }
                // The stream ends when the server shuts down gracefully; the browser reconnects later or elsewhere.
                try await withGracefulShutdownHandler {
                    for await text in chunks { try await writer.write(ByteBuffer(string: text)) }
                } onGracefulShutdown: {
                    chunk.finish()
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"], body: body)
    }
}
