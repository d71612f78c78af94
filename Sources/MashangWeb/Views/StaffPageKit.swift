import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// What every staff page needs, in one value the controllers share: the template renderer, the messages, the page
/// chrome (navigation with the user's unread count and CSRF token), field errors in words, and audited CSV downloads.
struct StaffPageKit: Sendable {
    let dependencies: AppDependencies
    let renderer: PageRenderer
    let messages: Messages

    init(dependencies: AppDependencies, renderer: PageRenderer = .bundled, messages: Messages = .bundled) {
        self.dependencies = dependencies
        self.renderer = renderer
        self.messages = messages
    }

    func chrome(_ request: Request, _ context: StaffPageContext) -> PageChrome {
        let names = Names(reference: dependencies.reference.snapshot.data, language: request.language)
        let unread = context.unreadNotifications
        let nav = StaffNav(
            username: context.staff.username, organizationName: names.organization(context.staff.organization),
            csrf: context.csrfToken, canCreate: TicketPolicy.mayCreateTickets(context.staff),
            seesRequests: context.staff.role.seesRequests, adminHome: AdminHome.path(for: context.staff),
            unread: unread > 0 ? (unread >= 100 ? "99+" : String(unread)) : nil,
            handlesDataSubjects: DataSubjectPolicy.mayHandle(context.staff))
        return PageChrome(language: request.language, messages: messages, path: request.uri.path, staff: nav)
    }

    /// Each field's problem as a sentence, in the page's language.
    func fieldMessages(_ error: ValidationError, _ language: Language) -> String {
        error.fields.map { field in
            let label = messages.optionalText("field.\(field.name)", language) ?? field.name
            return messages.problem(field, label: label, language)
        }.joined(separator: " ")
    }

    /// A CSV download, recorded in the audit log with its row count and the query that chose the rows.
    func auditedCSV(_ lines: [[String]], name: String, _ request: Request, _ context: StaffPageContext) async throws -> Response {
        try await Auditor(dependencies: dependencies).record(
            "export.csv", by: context.staff, subject: name, address: context.clientAddress,
            detail: "\(lines.count - 1) rows; " + (request.uri.query ?? ""))
        let file = name.split(separator: "/").last.map(String.init) ?? name
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(file).csv\"",
            ],
            body: .init(byteBuffer: .init(string: CSVText.document(lines))))
    }
}
