import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// What every administration page shares: the page kit, the reference cache, the form with its CSRF check, the
/// redirect after saving and the audit line. Each feature's controller (`DispatchRulesAdminController`,
/// `UsersAdminController`, `StructureAdminController`, `IntakePointsAdminController`, `AuditLogController`) holds only
/// its own routes and pages.
protocol AdminPageController: Sendable {
    var dependencies: AppDependencies { get }
    var kit: StaffPageKit { get }
}

/// An administration page with forms: `GET path` shows it to those `AdminPolicy` lets manage `area`; the forms post to
/// `addActions`' routes, and a refused form shows the page again with the message (422).
protocol AdminFormPage: AdminPageController {
    static var area: AdminArea { get }
    static var path: RouterPath { get }
    func page(_ request: Request, _ context: StaffPageContext, errorMessage: String?, status: HTTPResponse.Status) async throws -> Response
    func addActions(to group: RouterGroup<StaffPageContext>)
}

extension AdminFormPage {
    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get(Self.path) { request, context in
            try context.requireAdmin(Self.area)
            return try await page(request, context, errorMessage: nil, status: .ok)
        }
        addActions(to: group)
    }
}

/// Every field any administration form posts; each page reads its own.
struct AdminForm: Decodable {
    var _csrf: String?
    var code: String?
    var category: String?
    var area: String?
    var kind: String?
    var keywords: String?
    var organization: String?
    var department: String?
    var username: String?
    var password: String?
    var role: String?
    var name: String?
    var nameEn: String?
    var parent: String?
    var allowsAnonymous: String?
    var unit: String?
    var level: String?
    var edit: String?
    var replace: String?
    /// An area's boundary as GeoJSON text; an intake point's coordinates.
    var boundary: String?
    var latitude: String?
    var longitude: String?
}

extension AdminPageController {
    var reference: ReferenceCache { dependencies.reference }

    func form(_ request: Request, _ context: StaffPageContext) async throws -> AdminForm {
        let form = try await PublicPagesController.decodeForm(AdminForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        return form
    }

    func given(_ value: String?) -> String? {
        value.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    func saved(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path + (path.contains("?") ? "&" : "?") + "saved=1"])
    }

    func audit(_ action: String, _ context: StaffPageContext, subject: String, detail: String = "") async throws {
        try await Auditor(dependencies: dependencies).record(
            action, by: context.staff, subject: subject, address: context.clientAddress,
            detail: detail)
    }
}
