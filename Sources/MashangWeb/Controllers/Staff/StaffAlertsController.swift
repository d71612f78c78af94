import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// 提醒设置: each staff member chooses whether supervision notices, escalations, tasks due tomorrow and sentiment
/// reports due also reach them by SMS or e-mail (the inbox always has them). The number is kept sealed and shown
/// masked; each change is audited.
struct StaffAlertsController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("alerts") { request, context in try await page(request, context, form: nil, errors: [:], status: .ok) }
        group.post("alerts", use: save)
    }

    struct AlertsForm: Decodable {
        var _csrf: String?
        var channel: String?
        var phone: String?
        var email: String?
        var language: String?
    }

    func page(_ request: Request, _ context: StaffPageContext, form: AlertsForm?, errors: [String: String], status: HTTPResponse.Status)
        async throws -> Response
    {
        let language = request.language
        let current = try await dependencies.stores.messageSettings.staffContact(username: context.staff.username)
        let chosen = form?.channel ?? current?.channel.rawValue ?? "none"
        struct AlertsView {
            let chrome: PageChrome
            let csrf: String
            let channels: [ChoiceView]
            let languages: [ChoiceView]
            let current: String
            let phone, email: String
            let phoneError, emailError, channelError: String?
            let hasErrors: Bool
            let saved: Bool
        }
        let currentText: String =
            switch current?.channel {
            case .sms: kit.messages.text("ui.alerts.currentSMS", language, ["phone": PhoneNumber.masked(current!.address)])
            case .email: kit.messages.text("ui.alerts.currentEmail", language, ["email": current!.address])
            default: kit.messages.text("ui.alerts.currentNone", language)
            }
        let chosenLanguage = form?.language ?? current?.language ?? (language == .en ? "en" : "zh-Hans")
        let view = AlertsView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken,
            channels: ["none", "sms", "email"].map {
                ChoiceView(code: $0, name: kit.messages.text("ui.alerts.channel.\($0)", language), selected: $0 == chosen)
            },
            languages: DefaultTemplates.languages.map {
                ChoiceView(code: $0, name: kit.messages.text("ui.alerts.language.\($0)", language), selected: $0 == chosenLanguage)
            }, current: currentText, phone: form?.phone ?? "",
            email: form?.email ?? (current?.channel == .email ? current!.address : ""), phoneError: errors["phone"],
            emailError: errors["email"], channelError: errors["channel"], hasErrors: !errors.isEmpty,
            saved: request.uri.queryParameters.get("saved") != nil)
        return kit.renderer.response("staff-alerts", view, status: status)
    }

    @Sendable func save(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(AlertsForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let contact: StaffContact?
        if form.channel == "none" || form.channel == nil {
            contact = nil
        } else {
            do {
                contact = try StaffContact.validated(channel: form.channel, phone: form.phone, email: form.email, language: form.language)
            } catch {
                let language = request.language
                var errors: [String: String] = [:]
                for field in error.fields {
                    let label = kit.messages.text("ui.alerts.field.\(field.name)", language)
                    errors[field.name] = kit.messages.problem(field, label: label, language)
                }
                return try await page(request, context, form: form, errors: errors, status: .unprocessableContent)
            }
        }
        try await dependencies.stores.messageSettings.setStaffContact(username: context.staff.username, contact, at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "staff.alerts", by: context.staff, subject: context.staff.username, address: context.clientAddress,
            detail: contact?.channel.rawValue ?? "none")
        return Response(status: .seeOther, headers: [.location: "/staff/alerts?saved=1"])
    }
}
