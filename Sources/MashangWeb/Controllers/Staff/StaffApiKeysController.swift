import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Administration of API keys for connected systems (Open311 clients, a city hotline's software): an administrator
/// makes a key for their organisation (the joint centre's for any), sees it once, and may revoke it. Requests a key
/// submits are held by its organisation; reads with it show that organisation's tickets. Every change is audited.
struct StaffApiKeysController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("admin/api-keys", use: show)
        group.post("admin/api-keys", use: add)
        group.post("admin/api-keys/:id/revoke", use: revoke)
    }

    struct KeyForm: Decodable {
        var _csrf: String?
        var name: String?
        var organization: String?
    }

    private var store: any ApiKeyStore { dependencies.stores.apiKeys }

    private func requireAdmin(_ context: StaffPageContext) throws {
        try context.requireAdmin(.apiKeys)
    }

    /// The organisations this administrator may make keys for.
    private func manageable(_ context: StaffPageContext) -> [Organization] {
        let data = dependencies.reference.snapshot.data
        return data.organizations.filter { AdminPolicy.mayManage(context.staff, .apiKeys, organization: $0.code) }
    }

    @Sendable func show(_ request: Request, context: StaffPageContext) async throws -> Response {
        try requireAdmin(context)
        return try await page(request, context, newKey: nil, errorMessage: nil, status: .ok)
    }

    private func page(
        _ request: Request, _ context: StaffPageContext, newKey: String?, errorMessage: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        struct KeyRow { let id, name, organization, prefix, created, createdBy, lastUsed, state: String; let active: Bool }
        let keys = try await store.keys(organization: AdminPolicy.organizationScope(context.staff))
        struct KeysView {
            let chrome: PageChrome
            let csrf: String
            let keys: [KeyRow]
            let organizations: [ChoiceView]
            let newKey, errorMessage: String?
            let jointAdmin: Bool
            let message: String?
        }
        let view = KeysView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken,
            keys: keys.map {
                KeyRow(
                    id: String($0.id), name: $0.name, organization: names.organization($0.organization), prefix: $0.prefix + "…",
                    created: ChinaTime.minuteString($0.createdAt), createdBy: $0.createdBy,
                    lastUsed: $0.lastUsedAt.map(ChinaTime.minuteString) ?? "—",
                    state: $0.revokedAt.map { kit.messages.text("ui.apikeys.revokedAt", language, ["when": ChinaTime.minuteString($0)]) }
                        ?? kit.messages.text("ui.apikeys.active", language),
                    active: $0.isActive)
            }, organizations: manageable(context).map { ChoiceView(code: $0.code, name: names.organization($0.code), selected: false) },
            newKey: newKey, errorMessage: errorMessage, jointAdmin: context.staff.isJointCentre,
            message: request.uri.queryParameters.get("saved") != nil ? kit.messages.text("ui.admin.saved", language) : nil)
        return kit.renderer.response("admin-api-keys", view, status: status)
    }

    private func checkedForm(_ request: Request, _ context: StaffPageContext) async throws -> KeyForm {
        try requireAdmin(context)
        let form = try await PublicPagesController.decodeForm(KeyForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        return form
    }

    @Sendable func add(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await checkedForm(request, context)
        var rules = FieldRules()
        let name = rules.text(form.name, "name", max: 60)
        let organization = form.organization ?? ""
        rules.require(manageable(context).contains { $0.code == organization }, "organization", "notAllowed")
        do {
            try rules.check()
        } catch {
            return try await page(
                request, context, newKey: nil, errorMessage: kit.fieldMessages(error, request.language),
                status: .unprocessableContent)
        }
        let key = "msk_" + TokenDigest.newToken()
        let id = try await store.add(
            name: name!, organization: organization, digest: TokenDigest.of(key), prefix: String(key.prefix(10)),
            by: context.staff.username, at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "apikey.add", by: context.staff, subject: String(id), address: context.clientAddress,
            detail: "\(organization) \(name!)")
        // The key is shown this once; only its digest is kept.
        return try await page(request, context, newKey: key, errorMessage: nil, status: .ok)
    }

    @Sendable func revoke(_ request: Request, context: StaffPageContext) async throws -> Response {
        _ = try await checkedForm(request, context)
        guard let id = context.parameters.get("id", as: Int64.self),
            let key = try await store.keys(organization: AdminPolicy.organizationScope(context.staff))
                .first(where: { $0.id == id && $0.isActive })
        else { throw AccessError.notFound }
        _ = try await store.revoke(key.id, at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "apikey.revoke", by: context.staff, subject: String(id), address: context.clientAddress,
            detail: "\(key.organization) \(key.name)")
        return Response(status: .seeOther, headers: [.location: "/staff/admin/api-keys?saved=1"])
    }
}
