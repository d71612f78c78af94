import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Administration of webhooks (joint centre administrators): add a receiver (its secret shown once), switch it off,
/// see the outbox with every delivery's attempts and last error, and put a dead-lettered delivery back in the queue.
struct StaffWebhooksController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("admin/webhooks", use: show)
        group.post("admin/webhooks", use: add)
        group.post("admin/webhooks/:id/:toggle", use: toggle)
        group.post("admin/webhooks/deliveries/:id/retry", use: retry)
    }

    struct WebhookForm: Decodable {
        var _csrf: String?
        var url: String?
        var secret: String?
    }

    private var store: any WebhookStore { dependencies.stores.webhooks }

    private func checkedForm(_ request: Request, _ context: StaffPageContext) async throws -> WebhookForm {
        try context.requireAdmin(.webhooks)
        let form = try await PublicPagesController.decodeForm(WebhookForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        return form
    }

    @Sendable func show(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.webhooks)
        return try await page(request, context, secret: nil, errorMessage: nil, status: .ok)
    }

    private func page(
        _ request: Request, _ context: StaffPageContext, secret: String?, errorMessage: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let language = request.language
        struct HookRow { let id, url: String; let active: Bool }
        struct DeliveryRow { let id, url, ticket, kind, status, statusCode, attempts, next, error: String; let dead: Bool }
        struct WebhooksView {
            let chrome: PageChrome
            let csrf: String
            let hooks: [HookRow]
            let deliveries: [DeliveryRow]
            let secret, errorMessage, message: String?
        }
        let view = WebhooksView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken,
            hooks: try await store.webhooks().map { HookRow(id: String($0.id), url: $0.url, active: $0.active) },
            deliveries: try await store.recentDeliveries().map {
                DeliveryRow(
                    id: String($0.id), url: $0.url, ticket: $0.notification.ticket,
                    kind: kit.messages.text("notification.kind.\($0.notification.kind.rawValue)", language),
                    status: kit.messages.text("webhook.status.\($0.status.rawValue)", language), statusCode: $0.status.rawValue,
                    attempts: String($0.attempts), next: $0.status == .pending ? ChinaTime.minuteString($0.nextAttemptAt) : "",
                    error: $0.lastError ?? "", dead: $0.status == .dead)
            }, secret: secret, errorMessage: errorMessage,
            message: request.uri.queryParameters.get("saved") != nil ? kit.messages.text("ui.admin.saved", language) : nil)
        return kit.renderer.response("admin-webhooks", view, status: status)
    }

    @Sendable func add(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await checkedForm(request, context)
        let url = (form.url ?? "").trimmingCharacters(in: .whitespaces)
        guard url.count <= 500, let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
            parsed.host != nil
        else {
            return try await page(
                request, context, secret: nil, errorMessage: kit.messages.text("webhook.badURL", request.language),
                status: .unprocessableContent)
        }
        let given = (form.secret ?? "").trimmingCharacters(in: .whitespaces)
        guard given.isEmpty || (16...200).contains(given.count) else {
            return try await page(
                request, context, secret: nil, errorMessage: kit.messages.text("webhook.badSecret", request.language),
                status: .unprocessableContent)
        }
        let secret = given.isEmpty ? TokenDigest.newToken() : given
        let id = try await store.addWebhook(url: url, secret: secret, at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "webhook.add", by: context.staff, subject: String(id), address: context.clientAddress,
            detail: url)
        // The secret is shown this once.
        return try await page(request, context, secret: secret, errorMessage: nil, status: .ok)
    }

    @Sendable func toggle(_ request: Request, context: StaffPageContext) async throws -> Response {
        _ = try await checkedForm(request, context)
        guard let id = context.parameters.get("id", as: Int64.self),
            let toggle = context.parameters.get("toggle"), ["enable", "disable"].contains(toggle)
        else { throw AccessError.notFound }
        try await store.setActive(id, active: toggle == "enable")
        try await Auditor(dependencies: dependencies).record(
            "webhook.\(toggle)", by: context.staff, subject: String(id), address: context.clientAddress)
        return Response(status: .seeOther, headers: [.location: "/staff/admin/webhooks?saved=1"])
    }

    @Sendable func retry(_ request: Request, context: StaffPageContext) async throws -> Response {
        _ = try await checkedForm(request, context)
        guard let id = context.parameters.get("id", as: Int64.self) else { throw AccessError.notFound }
        try await store.retry(id, at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "webhook.retry", by: context.staff, subject: String(id), address: context.clientAddress)
        return Response(status: .seeOther, headers: [.location: "/staff/admin/webhooks?saved=1"])
    }
}
