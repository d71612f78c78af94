import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The texts of outbound messages, per purpose and language: administrators edit them with a preview (sample
/// values), restore the default, and send a test to an address of their own through a configured channel. A text
/// naming a variable its purpose lacks is refused when saved. Every save, restore and test is audited.
struct TemplatesAdminController: AdminFormPage {
    let dependencies: AppDependencies
    let kit: StaffPageKit
    /// The configured senders, for test sends.
    let senders: [MessageChannel: any MessageSender]
    let publicURL: String

    static let area = AdminArea.messages
    static let path: RouterPath = "admin/templates"

    func addActions(to group: RouterGroup<StaffPageContext>) {
        group.get("admin/templates/:purpose/:language") { request, context in
            try context.requireAdmin(Self.area)
            let (purpose, language) = try chosen(context)
            let templates = try await Templates.current(in: dependencies.stores.messageSettings)
            return try await editor(
                request, context, purpose: purpose, language: language, text: templates.template(purpose, language).text,
                outcome: nil, status: .ok)
        }
        group.post("admin/templates/:purpose/:language", use: act)
    }

    private var store: any MessageSettingsStore { dependencies.stores.messageSettings }

    func chosen(_ context: StaffPageContext) throws -> (MessagePurpose, String) {
        guard let purpose = MessagePurpose(rawValue: try context.parameters.require("purpose")),
            case let language = try context.parameters.require("language"), DefaultTemplates.languages.contains(language)
        else { throw AccessError.notFound }
        return (purpose, language)
    }

    func page(_ request: Request, _ context: StaffPageContext, errorMessage: String?, status: HTTPResponse.Status) async throws
        -> Response
    {
        let language = request.language
        let edited = Templates(edited: try await store.editedTemplates())
        struct Row { let purpose, language, name, languageName, audience, text, edited, link: String }
        struct TemplatesView {
            let chrome: PageChrome
            let rows: [Row]
            let message: String?
        }
        let rows = MessagePurpose.allCases.flatMap { purpose in
            DefaultTemplates.languages.map { code in
                let change = edited.edited[Templates.key(purpose, code)]
                return Row(
                    purpose: purpose.rawValue, language: code, name: kit.messages.text("message.purpose.\(purpose.rawValue)", language),
                    languageName: kit.messages.text("ui.alerts.language.\(code)", language),
                    audience: kit.messages.text("ui.templates.audience.\(purpose.audience.rawValue)", language),
                    text: edited.template(purpose, code).text,
                    edited: change.map {
                        kit.messages.text(
                            "ui.templates.editedBy", language, ["who": $0.updatedBy, "when": ChinaTime.minuteString($0.updatedAt)])
                    } ?? kit.messages.text("ui.templates.default", language),
                    link: "/staff/admin/templates/\(purpose.rawValue)/\(code)")
            }
        }
        let view = TemplatesView(
            chrome: kit.chrome(request, context), rows: rows,
            message: request.uri.queryParameters.get("saved") != nil ? kit.messages.text("ui.templates.saved", language) : nil)
        return kit.renderer.response("admin-templates", view, status: status)
    }

    struct TemplateForm: Decodable {
        var _csrf: String?
        var action: String?
        var text: String?
        var channel: String?
        var address: String?
    }

    /// What the last action left to say: an error, or a test's result.
    struct Outcome {
        var error: String?
        var notice: String?
    }

    func editor(
        _ request: Request, _ context: StaffPageContext, purpose: MessagePurpose, language code: String, text: String,
        outcome: Outcome?, status: HTTPResponse.Status, channel: String = "sms", address: String = ""
    ) async throws -> Response {
        let language = request.language
        struct EditorView {
            let chrome: PageChrome
            let csrf: String
            let title, action, text, variables, preview: String
            let channels: [ChoiceView]
            let address: String
            let errorMessage, notice: String?
        }
        let preview =
            (try? MessageTemplate(purpose: purpose, language: code, text: text).render(
                MessagePurpose.sampleValues(code, publicURL: publicURL))) ?? ""
        let view = EditorView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken,
            title: kit.messages.text("message.purpose.\(purpose.rawValue)", language) + " · "
                + kit.messages.text("ui.alerts.language.\(code)", language),
            action: "/staff/admin/templates/\(purpose.rawValue)/\(code)", text: text,
            variables: purpose.variables.map { "{\($0)}" }.joined(separator: " "), preview: preview,
            channels: MessageChannel.allCases.map {
                ChoiceView(
                    code: $0.rawValue, name: kit.messages.text("message.channel.\($0.rawValue)", language), selected: $0.rawValue == channel
                )
            }, address: address, errorMessage: outcome?.error, notice: outcome?.notice)
        return kit.renderer.response("admin-template", view, status: status)
    }

    @Sendable func act(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(Self.area)
        let (purpose, code) = try chosen(context)
        let form = try await PublicPagesController.decodeForm(TemplateForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let language = request.language
        let text = form.text ?? ""
        func again(_ outcome: Outcome, _ status: HTTPResponse.Status) async throws -> Response {
            try await editor(
                request, context, purpose: purpose, language: code, text: text, outcome: outcome, status: status,
                channel: form.channel ?? "sms", address: form.address ?? "")
        }
        if form.action == "reset" {
            try await store.saveTemplate(purpose: purpose, language: code, text: nil, by: context.staff.username, at: dependencies.clock())
            try await audit("message.template.reset", context, subject: purpose.rawValue, detail: code)
            return saved("/staff/admin/templates")
        }
        let template: MessageTemplate
        do {
            template = try MessageTemplate(purpose: purpose, language: code, text: text).validated()
        } catch {
            return try await again(Outcome(error: refusal(error.problem, purpose, language)), .unprocessableContent)
        }
        switch form.action {
        case "save":
            try await store.saveTemplate(
                purpose: purpose, language: code, text: template.text, by: context.staff.username, at: dependencies.clock())
            try await audit("message.template.save", context, subject: purpose.rawValue, detail: code)
            return saved("/staff/admin/templates")
        case "test":
            return try await again(try await testSend(template, form: form, context: context, language: language), .ok)
        default:
            return try await again(Outcome(), .ok)
        }
    }

    /// Sends the text with sample values to the address the administrator gave, through the chosen channel.
    func testSend(_ template: MessageTemplate, form: TemplateForm, context: StaffPageContext, language: Language) async throws -> Outcome {
        let channel = form.channel.flatMap(MessageChannel.init(rawValue:)) ?? .sms
        guard let sender = senders[channel] else {
            return Outcome(error: kit.messages.text("ui.templates.noChannel", language))
        }
        let raw = form.address ?? ""
        let address: String? =
            switch channel {
            case .sms: PhoneNumber.normalized(raw)
            case .email: EmailAddress.normalized(raw)
            case .wechat: raw.isEmpty ? nil : raw
            }
        guard let address else { return Outcome(error: kit.messages.text("ui.templates.badAddress", language)) }
        let values = MessagePurpose.sampleValues(template.language, publicURL: publicURL)
        try await audit("message.template.test", context, subject: template.purpose.rawValue, detail: channel.rawValue)
        do {
            _ = try await sender.send(
                RenderedMessage(
                    outboxID: 0, purpose: template.purpose, address: address, text: try template.render(values), values: values,
                    language: template.language))
            return Outcome(notice: kit.messages.text("ui.templates.testSent", language))
        } catch {
            return Outcome(error: kit.messages.text("ui.templates.testFailed", language, ["error": MessageDispatcher.recordable(error)]))
        }
    }

    func refusal(_ problem: MessageTemplate.Problem, _ purpose: MessagePurpose, _ language: Language) -> String {
        switch problem {
        case .empty: kit.messages.text("ui.templates.problem.empty", language)
        case .tooLong: kit.messages.text("ui.templates.problem.tooLong", language, ["max": String(MessageTemplate.maximumLength)])
        case .unclosedBrace: kit.messages.text("ui.templates.problem.unclosedBrace", language)
        case .unknownVariable(let name):
            kit.messages.text(
                "ui.templates.problem.unknownVariable", language,
                ["name": name, "allowed": purpose.variables.map { "{\($0)}" }.joined(separator: " ")])
        }
    }
}
