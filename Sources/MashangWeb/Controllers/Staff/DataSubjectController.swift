import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// `/staff/privacy`: the joint centre answers a person who asks what is held about them (PIPL arts. 44–45). The
/// phone is sent in the form's body, never in an address, and the answer is one JSON file to hand to the person.
struct DataSubjectController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    struct ExportForm: Decodable {
        var _csrf: String?
        var phone: String?
        var reason: String?
        /// The erasure form's "this cannot be undone" box.
        var confirm: String?
        /// The correction form's new name and phone.
        var newName: String?
        var newPhone: String?
    }

    struct PrivacyView {
        let chrome: PageChrome
        let csrf: String
        /// Which form the values and the error belong to (the templates see stored properties only).
        let exportForm: Bool
        let eraseForm: Bool
        let correctForm: Bool
        let phone: String
        let reason: String
        let errorMessage: String?
        /// What an erasure or a correction did.
        var done: String?
        var newName = "", newPhone = ""
    }

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("privacy", use: show)
        group.post("privacy/export", use: export)
        group.post("privacy/erase", use: erase)
        group.post("privacy/correct", use: correct)
    }

    @Sendable func show(_ request: Request, context: StaffPageContext) async throws -> Response {
        guard DataSubjectPolicy.mayHandle(context.staff) else { throw AccessError.forbidden }
        return page(request, context, ExportForm(), form: "export", error: nil, status: .ok)
    }

    @Sendable func export(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(ExportForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let copy: DataSubjectExport
        do {
            copy = try await DataSubjectService(dependencies: dependencies).export(
                phone: form.phone, reason: form.reason, by: context.staff, address: context.clientAddress)
        } catch let error as ValidationError {
            return page(
                request, context, form, form: "export", error: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let day = ChinaTime.dayString(dependencies.clock()).replacingOccurrences(of: "-", with: "")
        var response = Response(
            status: .ok,
            headers: [
                .contentType: "application/json; charset=utf-8", .cacheControl: "no-store",
                .contentDisposition: "attachment; filename=\"mashang-personal-data-\(day).json\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(copy))))
        response.headers[.xContentTypeOptions] = "nosniff"
        return response
    }

    @Sendable func erase(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(ExportForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let language = request.language
        do {
            let (tickets, bookings, records) = try await DataSubjectService(dependencies: dependencies).erase(
                phone: form.phone, reason: form.reason, confirmed: form.confirm == "yes", by: context.staff,
                address: context.clientAddress)
            return page(
                request, context, ExportForm(), form: "erase", error: nil, status: .ok,
                done: kit.messages.text(
                    "ui.privacy.erased", language,
                    [
                        "tickets": String(tickets.count), "numbers": tickets.isEmpty ? "—" : tickets.joined(separator: "、"),
                        "bookings": String(bookings), "records": String(records),
                    ]))
        } catch let error as ValidationError {
            return page(request, context, form, form: "erase", error: kit.fieldMessages(error, language), status: .unprocessableContent)
        }
    }

    @Sendable func correct(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(ExportForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let language = request.language
        do {
            let tickets = try await DataSubjectService(dependencies: dependencies).correct(
                phone: form.phone, newName: form.newName, newPhone: form.newPhone, reason: form.reason, by: context.staff,
                address: context.clientAddress)
            return page(
                request, context, ExportForm(), form: "correct", error: nil, status: .ok,
                done: kit.messages.text(
                    "ui.privacy.corrected", language,
                    ["tickets": String(tickets.count), "numbers": tickets.isEmpty ? "—" : tickets.joined(separator: "、")]))
        } catch let error as ValidationError {
            return page(request, context, form, form: "correct", error: kit.fieldMessages(error, language), status: .unprocessableContent)
        }
    }

    private func page(
        _ request: Request, _ context: StaffPageContext, _ values: ExportForm, form: String, error: String?,
        status: HTTPResponse.Status, done: String? = nil
    ) -> Response {
        var view = PrivacyView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, exportForm: form == "export", eraseForm: form == "erase",
            correctForm: form == "correct", phone: values.phone ?? "",
            reason: values.reason ?? "", errorMessage: error)
        view.done = done
        view.newName = values.newName ?? ""
        view.newPhone = values.newPhone ?? ""
        return kit.renderer.response("privacy", view, status: status)
    }
}
