import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The messages to requesters, newest first, by status: what failed for good and what waits for a channel can be sent
/// again (audited); what the requester did not agree to cannot.
struct MessagesAdminController: AdminFormPage {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    static let area = AdminArea.messages
    static let path: RouterPath = "admin/messages"

    func addActions(to group: RouterGroup<StaffPageContext>) {
        group.post("admin/messages/:id/resend", use: resend)
    }

    func page(_ request: Request, _ context: StaffPageContext, errorMessage: String?, status: HTTPResponse.Status) async throws
        -> Response
    {
        let language = request.language
        let chosen = request.uri.queryParameters.get("status").flatMap(OutboxEntry.Status.init(rawValue:))
        struct Row { let id, ticket, recipient, created, purpose, status, attempts, error: String; let mayResend: Bool }
        struct MessagesView {
            let chrome: PageChrome
            let csrf: String
            let statuses: [ChoiceView]
            let rows: [Row]
            let none: Bool
            let pending: String
            let message, errorMessage: String?
        }
        let entries = try await dependencies.stores.outbox.recent(status: chosen, limit: 200)
        let view = MessagesView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken,
            statuses: [ChoiceView(code: "", name: kit.messages.text("ui.messages.all", language), selected: chosen == nil)]
                + OutboxEntry.Status.allCases.map {
                    ChoiceView(
                        code: $0.rawValue, name: kit.messages.text("ui.messages.status.\($0.rawValue)", language), selected: $0 == chosen)
                },
            rows: entries.map {
                Row(
                    id: String($0.id), ticket: $0.message.ticket, recipient: OutboxTexts.recipient($0, kit.messages, language),
                    created: ChinaTime.minuteString($0.createdAt),
                    purpose: OutboxTexts.purpose($0, kit.messages, language), status: OutboxTexts.status($0, kit.messages, language),
                    attempts: String($0.attempts), error: $0.lastError ?? "", mayResend: OutboxTexts.mayResend($0))
            }, none: entries.isEmpty,
            pending: kit.messages.text("ui.messages.pending", language, ["n": String(try await dependencies.stores.outbox.pendingCount())]),
            message: request.uri.queryParameters.get("saved") != nil ? kit.messages.text("ui.messages.resent", language) : nil,
            errorMessage: errorMessage)
        return kit.renderer.response("admin-messages", view, status: status)
    }

    @Sendable func resend(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(Self.area)
        _ = try await form(request, context)
        guard let id = Int64(try context.parameters.require("id")) else { throw AccessError.notFound }
        guard try await dependencies.stores.outbox.resend(id, at: dependencies.clock()) else {
            return try await page(
                request, context, errorMessage: kit.messages.text("ui.messages.notResendable", request.language), status: .conflict)
        }
        try await audit("message.resend", context, subject: "outbox", detail: String(id))
        return saved("/staff/admin/messages")
    }
}
