import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The in-app inbox: what happened to tickets that concern the user's role (new dispatches, send-backs, limits due
/// soon or missed, ratings, escalations, extensions), on a page and in the API, with read marks per user.
struct InboxController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(pages group: RouterGroup<StaffPageContext>, api: RouterGroup<StaffRequestContext>) {
        group.get("inbox", use: page)
        group.post("inbox/read", use: markPageRead)
        api.get("notifications", use: list)
        api.post("notifications/read", use: markRead)
    }

    private var store: any InboxStore { dependencies.stores.inbox }

    /// The message of a notification in a language, its codes turned into names.
    func text(_ item: InboxItem, _ language: Language) -> String {
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        var arguments = item.details
        arguments["ticket"] = item.ticket
        if let code = item.details["organization"] { arguments["organization"] = names.organization(code) }
        if let code = item.details["deadline"] { arguments["deadline"] = kit.messages.text("deadline.kind.\(code)", language) }
        if let code = item.details["satisfaction"] { arguments["satisfaction"] = kit.messages.text("satisfaction.\(code)", language) }
        if let code = item.details["tier"] { arguments["tier"] = kit.messages.text("tier.\(code)", language) }
        if let code = item.details["reason"] { arguments["reason"] = kit.messages.text("reason.\(code)", language) }
        if let code = item.details["pauseReason"] { arguments["pauseReason"] = kit.messages.text("pause.reason.\(code)", language) }
        if let approved = item.details["approved"] {
            arguments["approved"] = kit.messages.text(approved == "yes" ? "ui.form.approveYes" : "ui.form.approveNo", language)
        }
        return kit.messages.text("notification.\(item.kind.rawValue)", language, arguments)
    }

    @Sendable func page(_ request: Request, context: StaffPageContext) async throws -> Response {
        let items = try await store.inbox(audiences: NotificationAudience.of(context.staff), username: context.staff.username)
        struct Row { let id, text, when, ticket: String; let unread: Bool }
        let language = request.language
        struct InboxView {
            let chrome: PageChrome
            let csrf: String
            let items: [Row]
            let ids: String
            let hasUnread: Bool
        }
        let view = InboxView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken,
            items: items.map {
                Row(
                    id: String($0.id), text: text($0, language), when: ChinaTime.minuteString($0.createdAt), ticket: $0.ticket,
                    unread: !$0.read)
            }, ids: items.filter { !$0.read }.map { String($0.id) }.joined(separator: ","), hasUnread: items.contains { !$0.read })
        return kit.renderer.response("inbox", view)
    }

    @Sendable func markPageRead(_ request: Request, context: StaffPageContext) async throws -> Response {
        struct ReadForm: Decodable { var _csrf: String?; var ids: String? }
        let form = try await PublicPagesController.decodeForm(ReadForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let ids = (form.ids ?? "").split(separator: ",").prefix(200).compactMap { Int64($0) }
        try await store.markRead(ids, audiences: NotificationAudience.of(context.staff), username: context.staff.username)
        return Response(status: .seeOther, headers: [.location: "/staff/inbox"])
    }

    @Sendable func list(_ request: Request, context: StaffRequestContext) async throws -> Response {
        struct Item: Encodable {
            var id: Int64; var kind: TicketNotification.Kind; var ticket: String; var text: String; var createdAt: Date; var read: Bool
        }
        struct Page: Encodable { var items: [Item]; var unread: Int }
        let audiences = NotificationAudience.of(context.staff)
        let items = try await store.inbox(audiences: audiences, username: context.staff.username)
        let language = request.language
        return JSONBody.response(
            Page(
                items: items.map {
                    Item(id: $0.id, kind: $0.kind, ticket: $0.ticket, text: text($0, language), createdAt: $0.createdAt, read: $0.read)
                },
                unread: try await store.unreadCount(audiences: audiences, username: context.staff.username)))
    }

    @Sendable func markRead(_ request: Request, context: StaffRequestContext) async throws -> Response {
        struct Body: Decodable { var ids: [Int64]? }
        let body = try await JSONBody.decode(Body.self, from: request)
        guard let ids = body.ids, ids.count <= 200 else { throw ValidationError("ids", body.ids == nil ? "required" : "tooLong") }
        try await store.markRead(ids, audiences: NotificationAudience.of(context.staff), username: context.staff.username)
        return Response(status: .noContent)
    }
}
