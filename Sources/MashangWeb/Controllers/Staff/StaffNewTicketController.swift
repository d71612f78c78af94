import Crypto
import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Recording a hotline call or a walk-in at the joint desk, with the open tickets of the same kind at the same place
/// shown first so that a duplicate is handled on the existing ticket instead.
struct StaffNewTicketController {
    let service: TicketService
    let reference: ReferenceCache
    let kit: StaffPageKit

    struct NewTicketForm: Decodable {
        var _csrf: String?
        var channel: String?
        var kind: String?
        var category: String?
        var area: String?
        var urgency: String?
        var description: String?
        var name: String?
        var phone: String?
        var idNumber: String?
        /// What the caller answered when asked about text messages: `yes`, `no`, or empty (not asked).
        var smsConsent: String?
        var latitude: String?
        var longitude: String?
        var system: String?

        var location: LocationFieldView.Fields { .init(latitude: latitude, longitude: longitude, system: system) }
    }

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("new", use: showForm)
        group.post("new", use: create)
        group.get("similar", use: similarFragment)
    }

    @Sendable func showForm(_ request: Request, context: StaffPageContext) async throws -> Response {
        guard TicketPolicy.mayCreateTickets(context.staff) else { throw AccessError.forbidden }
        let query = request.uri.queryParameters
        let form = NewTicketForm(
            channel: query.get("channel"), kind: query.get("kind"), category: query.get("category"),
            area: query.get("area"), urgency: query.get("urgency"), description: query.get("description"),
            name: query.get("name"), phone: query.get("phone"), idNumber: nil)
        return kit.renderer.response("staff-new", try await view(request, context, form, errors: [:]))
    }

    @Sendable func create(_ request: Request, context: StaffPageContext) async throws -> Response {
        guard TicketPolicy.mayCreateTickets(context.staff) else { throw AccessError.forbidden }
        // Multipart (with photos) from the page, URL-encoded from older clients.
        let body = try await FormBody.read(request, limit: Photo.maxCount * Photo.maxBytes + 64 * 1024)
        let fields = body.fields
        let form = NewTicketForm(
            _csrf: fields["_csrf"], channel: fields["channel"], kind: fields["kind"], category: fields["category"],
            area: fields["area"], urgency: fields["urgency"], description: fields["description"], name: fields["name"],
            phone: fields["phone"], idNumber: fields["idNumber"], smsConsent: fields["smsConsent"], latitude: fields["latitude"],
            longitude: fields["longitude"], system: fields["system"])
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let uploads = body.files["photos"] ?? []
        func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        var problems: [ValidationError.Field] = []
        let intake = IntakeRequest(
            channel: given(form.channel), kind: given(form.kind), category: given(form.category),
            area: given(form.area), description: form.description, urgency: given(form.urgency),
            requester: .init(name: given(form.name), phone: given(form.phone), idNumber: given(form.idNumber)),
            smsConsent: form.smsConsent == "yes" ? true : form.smsConsent == "no" ? false : nil,
            location: form.location.input(&problems))
        let photoDigest = uploads.map { Hex.string(SHA256.hash(data: Data($0))) }.joined()
        let key =
            "staff:" + context.staff.username + ":"
            + PublicPagesController.submissionKey(point: form.area ?? "", intake, extra: photoDigest)
        do {
            var photos: [Photo] = []
            do {
                photos = try Photo.validate(uploads)
            } catch {
                problems += error.fields
            }
            if !problems.isEmpty {
                let snapshot = reference.snapshot
                throw ValidationError(
                    IntakeValidator.problems(intake, source: .staff(context.staff), reference: snapshot.data, rules: snapshot.rules)
                        + problems)
            }
            let created = try await service.create(
                intake, source: .staff(context.staff), idempotencyKey: key,
                replayWindow: PublicPagesController.resubmissionWindow, photos: photos)
            return Response(status: .seeOther, headers: [.location: "/staff/tickets/\(created.ticket.state.number)"])
        } catch let error as ValidationError {
            let errors = kit.messages.formErrors(error, request.language)
            return kit.renderer.response("staff-new", try await view(request, context, form, errors: errors), status: .unprocessableContent)
        }
    }

    @Sendable func similarFragment(_ request: Request, context: StaffPageContext) async throws -> Response {
        let query = request.uri.queryParameters
        let language = request.language
        let form = NewTicketForm(
            category: query.get("category"), area: query.get("area"), description: query.get("description"),
            latitude: query.get("latitude"), longitude: query.get("longitude"), system: query.get("system"))
        let similar = try await similarTickets(form, context, language)
        return kit.renderer.response(
            "similar",
            SimilarFragment(
                heading: kit.messages.text("ui.new.similar", language),
                empty: kit.messages.text("ui.new.noSimilar", language), similar: similar))
    }

    /// Open tickets visible to the user in the category (and its subcategories) within the community of the area (or of
    /// the coordinates), the likeliest duplicates first by what was said and where (`SimilarRequests`).
    private func similarTickets(_ form: NewTicketForm, _ context: StaffPageContext, _ language: Language) async throws
        -> [NewTicketView.Similar]?
    {
        let data = reference.snapshot.data
        var ignored: [ValidationError.Field] = []
        let input = form.location.input(&ignored)
        let point = input.flatMap { input -> GeoPoint? in
            guard let latitude = input.latitude, let longitude = input.longitude,
                let system = CoordinateSystem(named: input.system ?? CoordinateSystem.wgs84.rawValue)
            else { return nil }
            let given = GeoPoint(latitude: latitude, longitude: longitude)
            return given.isValid ? system.wgs84(given) : nil
        }
        let area = form.area.flatMap { $0.isEmpty ? nil : $0 } ?? point.flatMap { data.areaLocator.area(containing: $0) }
        guard let category = form.category, data.category(category) != nil, let area, data.hasArea(area) else { return nil }
        // A grid's neighbours count: compare within its community (the level below the root).
        let lineage = data.areaTree.lineage(of: area)
        let community = lineage.count >= 2 ? lineage[lineage.count - 2] : area
        let page = try await service.list(
            TicketQuery(
                scope: context.staff.scope, statuses: [.received, .dispatched, .inProgress, .reopened],
                categories: data.categoryTree.subtree(of: category),
                areas: data.areaTree.subtree(of: community), pageSize: 50))
        // Coordinates are in the tickets' histories: read only when there is a point to compare with.
        let locations: [String: GeoPoint] =
            point == nil
            ? [:]
            : Dictionary(
                try await service.dependencies.stores.tickets.tickets(numbers: page.items.map(\.number)).compactMap { ticket in
                    ticket.state.location.map { (ticket.state.number, $0.point) }
                }, uniquingKeysWith: { first, _ in first })
        let candidates = page.items.map {
            SimilarRequests.Candidate(
                number: $0.number, description: $0.description, area: $0.area, location: locations[$0.number], receivedAt: $0.receivedAt)
        }
        let byNumber = Dictionary(page.items.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        return SimilarRequests.ranked(candidates, text: form.description, point: point, area: area, tree: data.areaTree, limit: 8)
            .compactMap { byNumber[$0.number] }
            .map {
                NewTicketView.Similar(
                    number: $0.number, statusName: kit.messages.text("status.\($0.status.rawValue)", language),
                    received: ChinaTime.minuteString($0.receivedAt), description: $0.description)
            }
    }

    private func view(
        _ request: Request, _ context: StaffPageContext, _ form: NewTicketForm,
        errors: [String: String]
    ) async throws -> NewTicketView {
        let language = request.language
        let data = reference.snapshot.data
        let names = Names(reference: data, language: language)
        func field(_ name: String, _ kind: String, label: String, value: String? = nil, options: [ChoiceView] = []) -> NewTicketView.Field {
            NewTicketView.Field(
                fieldName: name, label: kit.messages.text(label, language), id: "new-\(name)", value: value ?? "",
                error: errors[name], options: options, isSelect: kind == "select", isTextarea: kind == "textarea",
                isText: kind == "text", isRadio: kind == "radio")
        }
        let channels: [Channel] = [.hotline, .walkIn, .legalDay, .sentimentReport, .homeVisit, .web]
        let fields = [
            field(
                "channel", "select", label: "ui.new.channel",
                options: channels.map {
                    ChoiceView(
                        code: $0.rawValue, name: kit.messages.text("channel.\($0.rawValue)", language),
                        selected: $0.rawValue == form.channel)
                }),
            field(
                "kind", "radio", label: "ui.new.kind",
                options: TicketKind.allCases.map {
                    ChoiceView(
                        code: $0.rawValue, name: kit.messages.text("kind.\($0.rawValue)", language), selected: $0.rawValue == form.kind)
                }),
            field(
                "category", "select", label: "ui.new.category",
                options: [ChoiceView(code: "", name: "—", selected: false)]
                    + data.categories.map {
                        ChoiceView(
                            code: $0.code, name: ($0.parent == nil ? "" : "— ") + names.category($0.code),
                            selected: $0.code == form.category)
                    }),
            field(
                "area", "select", label: "ui.new.area",
                options: [ChoiceView(code: "", name: "—", selected: false)]
                    + data.areas.map {
                        ChoiceView(
                            code: $0.code,
                            name: String(repeating: "— ", count: max(0, data.areaTree.depth(of: $0.code) - 1)) + names.area($0.code),
                            selected: $0.code == form.area)
                    }),
            field(
                "urgency", "select", label: "ui.new.urgency",
                options: Urgency.allCases.map {
                    ChoiceView(
                        code: $0.rawValue, name: kit.messages.text("urgency.\($0.rawValue)", language),
                        selected: $0.rawValue == form.urgency)
                }),
            field("description", "textarea", label: "ui.new.description", value: form.description),
            field("name", "text", label: "ui.new.name", value: form.name),
            field("phone", "text", label: "ui.new.phone", value: form.phone),
            field("idNumber", "text", label: "ui.new.idNumber", value: form.idNumber),
            field(
                "smsConsent", "select", label: "ui.new.smsConsent",
                options: ["", "yes", "no"].map {
                    ChoiceView(
                        code: $0, name: kit.messages.text("ui.new.smsConsent.\($0.isEmpty ? "unasked" : $0)", language),
                        selected: $0 == (form.smsConsent ?? ""))
                }),
        ]
        return NewTicketView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, fields: fields,
            location: LocationFieldView(form.location, errors: errors, reference: data, language: language, messages: kit.messages),
            photosError: errors["photos"],
            hasErrors: !errors.isEmpty,
            similar: try await similarTickets(form, context, language))
    }
}
