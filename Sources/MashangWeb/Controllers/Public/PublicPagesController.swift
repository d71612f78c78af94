import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MashangCore
import MashangServices
import NIOCore

/// The requester's pages: the QR form `/m/{code}`, its receipt, and `/track` with the rating. Plain HTML forms:
/// they work without JavaScript.
struct PublicPagesController {
    let service: TicketService
    let reference: ReferenceCache
    let pages: PageRenderer
    let messages: Messages

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("m/:code", use: showForm)
        router.post("m/:code", use: submitForm)
        router.get("track", use: showTrack)
        router.post("track", use: lookUp)
        router.post("track/rate", use: rate)
        router.get("r/:token", use: showRatingLink)
        router.post("r/:token", use: rateViaLink)
        router.get("lang/:language", use: switchLanguage)
    }

    // MARK: - Intake

    struct IntakeForm: Decodable {
        var category: String?
        var kind: String?
        var description: String?
        var name: String?
        var phone: String?
        var anonymous: String?
        var smsConsent: String?
        var privacyNotice: String?
        var latitude: String?
        var longitude: String?
        var system: String?

        var location: LocationFieldView.Fields { .init(latitude: latitude, longitude: longitude, system: system) }
    }

    @Sendable func showForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard let point = reference.snapshot.data.intakePoint(code) else { throw AccessError.notFound }
        if point.isRetired {
            // A QR code still on a wall after its point was retired: say so, and where to turn instead.
            let language = request.language
            return pages.response(
                "message",
                MessageView(
                    chrome: PageChrome(language: language, messages: messages, path: request.uri.path),
                    heading: messages.text("ui.intake.retiredTitle", language),
                    text: messages.text("ui.intake.retiredText", language)), status: .gone)
        }
        return pages.response("intake", intakeView(request, point: point, form: IntakeForm(), errors: [:]))
    }

    @Sendable func submitForm(_ request: Request, context: AppRequestContext) async throws -> Response {
        let code = try context.parameters.require("code")
        guard let point = reference.snapshot.data.intakePoint(code) else { throw AccessError.notFound }
        let body = try await FormBody.read(request, limit: Photo.maxCount * Photo.maxBytes + 64 * 1024)
        let fields = body.fields
        let form = IntakeForm(
            category: fields["category"], kind: fields["kind"], description: fields["description"],
            name: fields["name"], phone: fields["phone"], anonymous: fields["anonymous"], smsConsent: fields["smsConsent"],
            privacyNotice: fields["privacyNotice"], latitude: fields["latitude"], longitude: fields["longitude"], system: fields["system"])
        let anonymous = form.anonymous != nil
        let data = reference.snapshot.data
        var problems: [ValidationError.Field] = []
        if anonymous, let category = form.category, data.category(category) != nil,
            !IntakeValidator.anonymousAllowed(in: category, reference: data)
        {
            problems.append(.init("anonymous", "notAllowed"))
        }
        func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let intake = IntakeRequest(
            channel: Channel.qr.rawValue, kind: given(form.kind), category: given(form.category),
            intakePoint: point.code, description: form.description,
            requester: anonymous ? nil : .init(name: form.name, phone: form.phone),
            smsConsent: anonymous ? nil : form.smsConsent != nil, language: request.language.rawValue,
            location: form.location.input(&problems), privacyNotice: given(form.privacyNotice))
        try await service.checkPublicIntakeLimits(address: context.clientAddress, phone: anonymous ? nil : form.phone)
        let uploads = body.files["photos"] ?? []
        let photoDigest = uploads.map { Hex.string(SHA256.hash(data: Data($0))) }.joined()
        let key = Self.submissionKey(point: point.code, intake, extra: photoDigest)
        do {
            let photos: [Photo]
            do {
                photos = try Photo.validate(uploads)
            } catch {
                photos = []
                problems += error.fields
            }
            if !problems.isEmpty {
                // Report the other fields too, so that one round trip shows every problem.
                let snapshot = reference.snapshot
                throw ValidationError(
                    IntakeValidator.problems(intake, source: .publicForm, reference: snapshot.data, rules: snapshot.rules) + problems)
            }
            let created = try await service.create(
                intake, source: .publicForm, idempotencyKey: key, replayWindow: Self.resubmissionWindow,
                photos: photos)
            let state = created.ticket.state
            return pages.response(
                "receipt",
                ReceiptView(
                    chrome: chrome(request), number: state.number,
                    trackingCode: state.trackingCode ?? ""))
        } catch let error as ValidationError {
            let errors = messages.formErrors(error, request.language)
            var view = intakeView(request, point: point, form: form, errors: errors)
            let chosen = uploads.filter { !$0.isEmpty }.count
            if chosen > 0 && errors["photos"] == nil {
                view.photosToChooseAgain = messages.text("ui.intake.photosAgain", request.language, ["count": String(chosen)])
            }
            return pages.response("intake", view, status: .unprocessableContent)
        }
    }

    /// The same report from the same place within half an hour is one ticket, however it was sent again: the back
    /// button, a reload, a retry after a dropped connection or a double tap all resend the same content, while a
    /// page's hidden token would not survive the browser reloading the form. Later, the same words are a new report.
    static let resubmissionWindow: TimeInterval = 30 * 60

    static func submissionKey(point: String, _ intake: IntakeRequest, extra: String = "") -> String {
        let normalized = [
            point, intake.category ?? "", intake.kind ?? "",
            (intake.description ?? "").filter { !$0.isWhitespace },
            (intake.requester?.phone ?? "").filter(\.isNumber), extra,
            // A report of the same words from another place is another report; a resent form has the same place.
            intake.location.map { "\($0.latitude ?? 0),\($0.longitude ?? 0),\($0.system ?? "")" } ?? "",
        ].joined(separator: "\u{1F}")
        return "form:" + Hex.string(SHA256.hash(data: Data(normalized.utf8)))
    }

    private func intakeView(_ request: Request, point: IntakePoint, form: IntakeForm, errors: [String: String]) -> IntakeFormView {
        let language = request.language
        let data = reference.snapshot.data
        func localized(_ chinese: String, _ english: String) -> String { language == .en ? english : chinese }
        let groups = data.categories.filter { $0.parent == nil }.map { top in
            IntakeFormView.CategoryGroup(
                name: localized(top.name, top.nameEn),
                options: ([top] + data.categories.filter { $0.parent == top.code }).map {
                    ChoiceView(code: $0.code, name: localized($0.name, $0.nameEn), selected: $0.code == form.category)
                })
        }
        let kinds = TicketKind.allCases.map {
            ChoiceView(code: $0.rawValue, name: messages.text("kind.\($0.rawValue)", language), selected: $0.rawValue == form.kind)
        }
        let areaName = data.areas.first { $0.code == point.area }.map { localized($0.name, $0.nameEn) } ?? ""
        return IntakeFormView(
            chrome: chrome(request),
            point: .init(code: point.code, name: localized(point.name, point.nameEn), areaName: areaName),
            categoryGroups: groups, kinds: kinds, description: form.description ?? "", name: form.name ?? "",
            phone: form.phone ?? "", anonymous: form.anonymous != nil, smsConsent: form.smsConsent != nil,
            location: LocationFieldView(form.location, errors: errors, reference: data, language: language, messages: messages),
            errors: errors, hasErrors: !errors.isEmpty)
    }

    // MARK: - Tracking

    struct TrackForm: Decodable {
        var number: String?
        var code: String?
        var satisfaction: String?
        var reason: String?
    }

    @Sendable func showTrack(_ request: Request, context: AppRequestContext) async throws -> Response {
        pages.response("track", TrackView(chrome: chrome(request), number: "", notFound: false, errorMessage: nil, ticket: nil))
    }

    @Sendable func lookUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Self.decodeForm(TrackForm.self, request)
        do {
            let (ticket, proof) = try await service.requesterTicket(
                number: form.number ?? "", code: form.code ?? "", from: context.clientAddress)
            return pages.response("track", try await trackView(request, ticket, proof: proof, code: form.code ?? "", rated: false))
        } catch AccessError.notFound {
            return notFound(request, number: form.number ?? "")
        }
    }

    @Sendable func rate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Self.decodeForm(TrackForm.self, request)
        let number = form.number ?? "", code = form.code ?? ""
        let language = request.language
        // The rating form is shown only to a requester who opened the ticket with its tracking code.
        let ticket: StoredTicket
        do {
            ticket = try await service.requesterTicket(number: number, code: code, from: context.clientAddress, rating: true).0
        } catch AccessError.notFound {
            return notFound(request, number: number)
        }
        func page(_ message: String?, status: HTTPResponse.Status, current: StoredTicket, keepForm: Bool) async throws -> Response {
            let view = try await trackView(
                request, current, proof: .trackingCode, code: code, rated: false,
                selected: keepForm ? form.satisfaction : nil, reason: keepForm ? form.reason ?? "" : "")
            return pages.response(
                "track",
                TrackView(
                    chrome: view.chrome, number: number, notFound: false, errorMessage: message,
                    ticket: view.ticket), status: status)
        }
        do {
            guard let satisfaction = form.satisfaction.flatMap(Satisfaction.init(rawValue:)) else {
                throw ValidationError("satisfaction", "required")
            }
            let note = form.reason?.trimmingCharacters(in: .whitespacesAndNewlines)
            let rated = try await service.rate(ticket, satisfaction: satisfaction, note: note?.isEmpty == true ? nil : note)
            return pages.response("track", try await trackView(request, rated, proof: .trackingCode, code: code, rated: true))
        } catch let error as ValidationError {
            let field = error.fields.first.map { $0.name == "note" ? ValidationError.Field("satisfaction.reason", $0.problem) : $0 }
            let label = field.flatMap { messages.optionalText("field.\($0.name)", language) } ?? ""
            let message = field.map { messages.problem($0, label: label, language) }
            return try await page(message, status: .unprocessableContent, current: ticket, keepForm: true)
        } catch let error as LifecycleError {
            let current = try await service.reloaded(ticket)
            return try await page(APIError.from(error)?.message(language, messages), status: .conflict, current: current, keepForm: false)
        }
    }

    /// A tracking request that matched no ticket (or the wrong code): the form again, saying so.
    private func notFound(_ request: Request, number: String) -> Response {
        pages.response(
            "track", TrackView(chrome: chrome(request), number: number, notFound: true, errorMessage: nil, ticket: nil),
            status: .notFound)
    }

    func trackView(
        _ request: Request, _ ticket: StoredTicket, proof: TicketService.RequesterProof, code: String, rated: Bool,
        selected: String? = nil, reason: String = ""
    ) async throws -> TrackView {
        let language = request.language
        let state = ticket.state
        let satisfactions = Satisfaction.allCases.map {
            ChoiceView(code: $0.rawValue, name: messages.text("satisfaction.\($0.rawValue)", language), selected: $0.rawValue == selected)
        }
        let answered = state.status == .replied
        let view = TrackView.TicketView(
            number: state.number, code: proof == .trackingCode ? code : "",
            statusName: messages.text("status.\(state.status.rawValue)", language),
            timeline: PublicTimeline.entries(
                ticket, reference: reference.snapshot.data, language: language, messages: messages,
                sent: try await service.sentMessages(state.number)),
            canRate: answered && proof == .trackingCode, needsCode: answered && proof == .phoneTail, rated: rated,
            satisfactions: satisfactions, reason: reason)
        return TrackView(chrome: chrome(request), number: state.number, notFound: false, errorMessage: nil, ticket: view)
    }

    // MARK: - Language

    /// Remembers the chosen language in a cookie and goes back to the page it was chosen on (same site only).
    @Sendable func switchLanguage(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let language = Language(rawValue: try context.parameters.require("language")) else { throw AccessError.notFound }
        var back = request.uri.queryParameters.get("back") ?? "/track"
        if !back.hasPrefix("/") || back.hasPrefix("//") || back.contains("\\") { back = "/track" }
        var response = Response(status: .seeOther, headers: [.location: back])
        response.setCookie(.init(name: "lang", value: language.rawValue, maxAge: 365 * 86_400, path: "/", httpOnly: true))
        return response
    }

    // MARK: - Helpers

    func chrome(_ request: Request) -> PageChrome {
        PageChrome(language: request.language, messages: messages, path: request.uri.path)
    }

    static func decodeForm<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: JSONBody.maxRequestBytes)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
        } catch {
            throw APIError.malformed()
        }
    }
}
