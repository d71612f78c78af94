import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The audit log page: who did what to which record, newest first, for those `AdminPolicy` lets read it.
struct AuditLogController: AdminPageController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("admin/audit", use: auditLog)
    }

    /// The audit log for the joint centre's administrators, filtered by action and actor; `format=csv` exports it
    /// (and the export is itself recorded).
    @Sendable func auditLog(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.auditLog)
        let parameters = request.uri.queryParameters
        let query = AuditQuery(action: given(parameters.get("action")), actor: given(parameters.get("actor")), limit: 1000)
        let entries = try await dependencies.stores.audit.entries(matching: query)
        if parameters.get("format") == "csv" {
            try await audit("export.csv", context, subject: "audit_log", detail: "\(entries.count) rows")
            let header = ["at", "actor", "organization", "action", "subject", "address", "detail"]
            let rows = entries.map {
                [ChinaTime.minuteString($0.at), $0.actor, $0.organization ?? "", $0.action, $0.subject, $0.address, $0.detail]
            }
            let body = CSVText.document([header] + rows)
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"audit.csv\""],
                body: .init(byteBuffer: .init(string: body)))
        }
        struct Row { let at, actor, action, subject, address, detail: String }
        struct AuditView {
            let chrome: PageChrome
            let action, actor, csvURL: String
            let entries: [Row]
        }
        let view = AuditView(
            chrome: kit.chrome(request, context), action: parameters.get("action") ?? "", actor: parameters.get("actor") ?? "",
            csvURL: "/staff/admin/audit?format=csv&" + (request.uri.query ?? ""),
            entries: entries.map {
                Row(
                    at: ChinaTime.minuteString($0.at), actor: $0.actor, action: $0.action, subject: $0.subject,
                    address: $0.address, detail: $0.detail)
            })
        return kit.renderer.response("admin-audit", view)
    }
}
