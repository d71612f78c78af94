import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The legal reception day's pages: the public booking page `/legal-day` (no script needed), the booking lookup and
/// cancellation `/legal-day/booking`, the staff roster `/staff/legal-day`, and `/api/v1/legal-day`.
struct LegalDayController {
    let dependencies: AppDependencies
    let service: LegalDayService
    let kit: StaffPageKit

    func addRoutes(
        public router: Router<AppRequestContext>, staff group: RouterGroup<StaffPageContext>, api: RouterGroup<StaffRequestContext>
    ) {
        router.get("legal-day", use: publicPage)
        router.post("legal-day", use: book)
        router.get("legal-day/booking", use: lookupPage)
        router.post("legal-day/booking", use: lookUp)
        router.post("legal-day/booking/cancel", use: cancel)
        group.get("legal-day", use: staffPage)
        group.post("legal-day/day", use: setDay)
        group.post("legal-day/slots", use: addSlot)
        group.post("legal-day/slots/:id/remove", use: removeSlot)
        group.post("legal-day/bookings/:id/attendance", use: attendance)
        group.post("legal-day/bookings/:id/ticket", use: consultationTicket)
        api.get("legal-day", use: dayJSON)
        api.post("legal-day/slots", use: addSlotJSON)
        api.post("legal-day/bookings/:id/attendance", use: attendanceJSON)
        api.post("legal-day/bookings/:id/ticket", use: ticketJSON)
    }

    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0 else { throw AccessError.notFound }
        return id
    }

    struct SlotView {
        let id, time, judge, organization, place, capacity, remaining: String
        let full: Bool
        let bookings: [BookingView]
    }

    struct BookingView {
        let id, code, name, phone, topic, status, statusCode: String
        let ticket: String?
        let mayMark, mayTicket: Bool
    }

    func slotViews(
        _ slots: [ReceptionSlot], bookings: [ReceptionBooking] = [], names: Names, language: Language,
        dayReached: Bool = false
    ) -> [SlotView] {
        slots.map { slot in
            SlotView(
                id: String(slot.id), time: "\(slot.starts)–\(slot.ends)", judge: slot.judge,
                organization: names.organization(slot.organization),
                place: slot.place, capacity: String(slot.capacity), remaining: String(slot.remaining), full: slot.remaining == 0,
                bookings: bookings.filter { $0.slot == slot.id }.map { booking in
                    BookingView(
                        id: String(booking.id), code: booking.code, name: booking.name, phone: booking.phone, topic: booking.topic,
                        status: kit.messages.text("reception.status.\(booking.status.rawValue)", language),
                        statusCode: booking.status.rawValue,
                        ticket: booking.ticket, mayMark: dayReached && booking.status != .cancelled && booking.ticket == nil,
                        mayTicket: booking.status == .attended && booking.ticket == nil)
                })
        }
    }

    func dayText(_ day: ReceptionSchedule.Override?, _ computed: ChinaDay?, _ language: Language) -> String {
        guard let computed else { return kit.messages.text("ui.legalDay.cancelled", language) }
        let weekday = kit.messages.text("ui.weekday.\(computed.weekday)", language)
        return "\(computed.description)(\(weekday))" + (day == nil ? "" : " · " + kit.messages.text("ui.legalDay.moved", language))
    }

    // MARK: - Public

    struct PublicForm: Decodable {
        var slot: String?
        var name: String?
        var phone: String?
        var topic: String?
    }

    @Sendable func publicPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await publicView(request, form: PublicForm(), errors: [:], message: nil, status: .ok)
    }

    func publicView(_ request: Request, form: PublicForm, errors: [String: String], message: String?, status: HTTPResponse.Status)
        async throws -> Response
    {
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let day = try await service.upcoming()
        let open = day.day != nil && !day.slots.isEmpty
        struct Choice { let id, label: String; let full, selected: Bool }
        struct DayView {
            let chrome: PageChrome
            let day: String
            let open: Bool
            let slots: [Choice]
            let name, phone, topic: String
            let errors: [String: String]?
            let hasErrors: Bool
            let message: String?
        }
        let view = DayView(
            chrome: PageChrome(language: language, messages: kit.messages, path: request.uri.path),
            day: dayText(day.override, day.day, language), open: open,
            slots: day.slots.map { slot in
                Choice(
                    id: String(slot.id),
                    label: "\(slot.starts)–\(slot.ends) · \(slot.judge)(\(names.organization(slot.organization)))· \(slot.place) · "
                        + kit.messages.text("ui.legalDay.remaining", language, ["count": String(slot.remaining)]),
                    full: slot.remaining == 0, selected: form.slot == String(slot.id))
            }, name: form.name ?? "", phone: form.phone ?? "", topic: form.topic ?? "", errors: errors.isEmpty ? nil : errors,
            hasErrors: !errors.isEmpty || message != nil, message: message)
        return kit.renderer.response("legal-day", view, status: status)
    }

    @Sendable func book(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(PublicForm.self, request)
        let language = request.language
        do {
            let (booking, slot, day) = try await service.book(
                slot: form.slot, name: form.name, phone: form.phone, topic: form.topic,
                address: context.clientAddress)
            return bookingPage(request, booking, slot, day: day.description, justBooked: true, status: .created)
        } catch let error as ValidationError {
            return try await publicView(
                request, form: form, errors: kit.messages.formErrors(error, language), message: nil, status: .unprocessableContent)
        } catch let refusal as ReceptionRefusal {
            return try await publicView(
                request, form: form, errors: [:], message: kit.messages.text("error.reception.\(refusal.reason)", language),
                status: .conflict)
        }
    }

    func bookingPage(
        _ request: Request, _ booking: ReceptionBooking, _ slot: ReceptionSlot, day: String, justBooked: Bool,
        status: HTTPResponse.Status = .ok, message: String? = nil
    ) -> Response {
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let masked = booking.masked
        struct BookingView {
            let chrome: PageChrome
            let justBooked: Bool
            let code, name, phone, topic, day, time, judge, organization, place, status: String
            let mayCancel: Bool
            let tail: String
            let message: String?
        }
        let view = BookingView(
            chrome: PageChrome(language: language, messages: kit.messages, path: request.uri.path), justBooked: justBooked,
            code: booking.code, name: masked.name, phone: masked.phone, topic: booking.topic, day: day, time: "\(slot.starts)–\(slot.ends)",
            judge: slot.judge, organization: names.organization(slot.organization), place: slot.place,
            status: kit.messages.text("reception.status.\(booking.status.rawValue)", language), mayCancel: booking.status == .booked,
            tail: String(booking.phone.suffix(4)), message: message)
        return kit.renderer.response("legal-day-booking", view, status: status)
    }

    struct LookupForm: Decodable {
        var code: String?
        var tail: String?
    }

    @Sendable func lookupPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        kit.renderer.response(
            "legal-day-lookup", ["chrome": PageChrome(language: request.language, messages: kit.messages, path: request.uri.path)])
    }

    func limitLookups(_ address: String) async throws {
        if let wait = try await dependencies.limiter.attempt(
            "legal-day:lookup:" + address, limit: dependencies.limiter.publicIntakePerAddress, at: dependencies.clock())
        {
            throw TooManyRequests(retryAfter: wait)
        }
    }

    @Sendable func lookUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(LookupForm.self, request)
        try await limitLookups(context.clientAddress)
        do {
            let (booking, slot) = try await service.booking(code: form.code ?? "", phoneTail: form.tail ?? "")
            let day = try await service.day(month: slot.month).day?.description ?? ""
            return bookingPage(request, booking, slot, day: day, justBooked: false)
        } catch AccessError.notFound {
            struct LookupView {
                let chrome: PageChrome
                let notFound: Bool
                let code: String
            }
            let view = LookupView(
                chrome: PageChrome(language: request.language, messages: kit.messages, path: request.uri.path), notFound: true,
                code: form.code ?? "")
            return kit.renderer.response("legal-day-lookup", view, status: .notFound)
        }
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(LookupForm.self, request)
        try await limitLookups(context.clientAddress)
        do {
            let (booking, slot) = try await service.cancel(code: form.code ?? "", phoneTail: form.tail ?? "")
            let day = try await service.day(month: slot.month).day?.description ?? ""
            return bookingPage(
                request, booking, slot, day: day, justBooked: false,
                message: kit.messages.text("ui.legalDay.cancelledBooking", request.language))
        } catch let refusal as ReceptionRefusal {
            let (booking, slot) = try await service.booking(code: form.code ?? "", phoneTail: form.tail ?? "")
            let day = try await service.day(month: slot.month).day?.description ?? ""
            return bookingPage(
                request, booking, slot, day: day, justBooked: false, status: .conflict,
                message: kit.messages.text("error.reception.\(refusal.reason)", request.language))
        }
    }

    // MARK: - Staff

    func month(_ request: Request) throws -> String {
        let month = request.uri.queryParameters.get("month") ?? SentimentSchedule.month(ChinaDay(dependencies.clock()))
        guard RegisterValidator.month(month) != nil else { throw ValidationError("month", "invalid") }
        return month
    }

    @Sendable func staffPage(_ request: Request, context: StaffPageContext) async throws -> Response {
        try await staffView(request, context, month: try month(request), message: nil, status: .ok)
    }

    func staffView(_ request: Request, _ context: StaffPageContext, month: String, message: String?, status: HTTPResponse.Status)
        async throws -> Response
    {
        let staff = context.staff
        guard ReceptionPolicy.mayAttend(staff) || staff.role == .leader || staff.role == .supervisor else { throw AccessError.forbidden }
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let day = try await service.day(month: month)
        let roster =
            ReceptionPolicy.mayAttend(staff) ? try await service.roster(month: month, by: staff, address: context.clientAddress) : []
        let first = RegisterValidator.month(month)!
        let reached = day.day.map { ChinaDay(dependencies.clock()) >= $0 } ?? false
        let manage = ReceptionPolicy.mayManage(staff)
        struct StaffDayView {
            let chrome: PageChrome
            let csrf, month, previous, next, day, dayValue: String
            let slots: [SlotView]
            let noSlots, mayManage, mayAttend: Bool
            let courts, categories, areas, kinds: [ChoiceView]
            let message: String?
        }
        let view = StaffDayView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, month: month,
            previous: SentimentSchedule.month(first.addingMonths(-1)), next: SentimentSchedule.month(first.addingMonths(1)),
            day: dayText(day.override, day.day, language), dayValue: day.day?.description ?? "",
            slots: slotViews(day.slots, bookings: roster, names: names, language: language, dayReached: reached),
            noSlots: day.slots.isEmpty, mayManage: manage, mayAttend: ReceptionPolicy.mayAttend(staff),
            courts: dependencies.reference.snapshot.data.organizations.filter {
                $0.kind == .court || $0.kind == .joint || $0.kind == .police
            }
            .map { ChoiceView(code: $0.code, name: names.organization($0.code), selected: $0.kind == .court) },
            categories: dependencies.reference.snapshot.data.categories.map {
                ChoiceView(code: $0.code, name: names.category($0.code), selected: false)
            },
            areas: dependencies.reference.snapshot.data.areas.map {
                ChoiceView(code: $0.code, name: names.area($0.code), selected: false)
            },
            kinds: TicketKind.allCases.map {
                ChoiceView(code: $0.rawValue, name: kit.messages.text("kind.\($0.rawValue)", language), selected: $0 == .dispute)
            }, message: message)
        return kit.renderer.response("legal-day-staff", view, status: status)
    }

    /// Runs a staff form's work, then back to the month; a refusal or bad input shows the month with the message.
    func staffForm(_ request: Request, _ context: StaffPageContext, work: (FormBody) async throws -> String) async throws -> Response {
        let form = try await FormBody.read(request, limit: JSONBody.maxRequestBytes)
        guard form.fields["_csrf"] == context.csrfToken else { throw AccessError.forbidden }
        let month =
            form.fields["month"].flatMap { RegisterValidator.month($0) != nil ? $0 : nil }
            ?? SentimentSchedule.month(ChinaDay(dependencies.clock()))
        do {
            let back = try await work(form)
            return Response(status: .seeOther, headers: [.location: back.isEmpty ? "/staff/legal-day?month=\(month)" : back])
        } catch let error as ValidationError {
            return try await staffView(
                request, context, month: month, message: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        } catch let refusal as ReceptionRefusal {
            return try await staffView(
                request, context, month: month, message: kit.messages.text("error.reception.\(refusal.reason)", request.language),
                status: .conflict)
        }
    }

    @Sendable func setDay(_ request: Request, context: StaffPageContext) async throws -> Response {
        try await staffForm(request, context) { form in
            try await service.setDay(
                month: form.fields["month"] ?? "", mode: form.fields["mode"], date: form.fields["date"], by: context.staff,
                address: context.clientAddress)
            return ""
        }
    }

    static func slot(from fields: [String: String], reference: ReferenceData) throws -> ReceptionSlot {
        try ReceptionSlot.validated(
            month: fields["month"], judge: fields["judge"], organization: fields["organization"], starts: fields["starts"],
            ends: fields["ends"], place: fields["place"], capacity: fields["capacity"], reference: reference)
    }

    @Sendable func addSlot(_ request: Request, context: StaffPageContext) async throws -> Response {
        try await staffForm(request, context) { form in
            guard ReceptionPolicy.mayManage(context.staff) else { throw AccessError.forbidden }
            _ = try await service.addSlot(
                try Self.slot(from: form.fields, reference: dependencies.reference.snapshot.data), by: context.staff,
                address: context.clientAddress)
            return ""
        }
    }

    @Sendable func removeSlot(_ request: Request, context: StaffPageContext) async throws -> Response {
        try await staffForm(request, context) { _ in
            try await service.removeSlot(try Self.id(context), by: context.staff, address: context.clientAddress)
            return ""
        }
    }

    @Sendable func attendance(_ request: Request, context: StaffPageContext) async throws -> Response {
        try await staffForm(request, context) { form in
            try await service.attendance(
                try Self.id(context), status: form.fields["status"], by: context.staff, address: context.clientAddress)
            return ""
        }
    }

    @Sendable func consultationTicket(_ request: Request, context: StaffPageContext) async throws -> Response {
        try await staffForm(request, context) { form in
            let fields = form.fields
            let number = try await service.consultationTicket(
                try Self.id(context),
                .init(
                    number: fields["number"], kind: fields["kind"], category: fields["category"], area: fields["area"],
                    description: fields["description"]), by: context.staff, address: context.clientAddress)
            return "/staff/tickets/\(number)"
        }
    }

    // MARK: - API

    @Sendable func dayJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let staff = context.staff
        guard ReceptionPolicy.mayAttend(staff) || staff.role == .leader || staff.role == .supervisor else { throw AccessError.forbidden }
        let month = request.uri.queryParameters.get("month") ?? SentimentSchedule.month(ChinaDay(dependencies.clock()))
        let day = try await service.day(month: month)
        // The API gives bookings masked; the roster page is where names are read (audited).
        let bookings = ReceptionPolicy.mayAttend(staff) ? try await dependencies.stores.reception.bookings(month: month).map(\.masked) : []
        struct Body: Encodable {
            var month: String; var day: String?; var cancelled: Bool; var slots: [ReceptionSlot]; var bookings: [ReceptionBooking]
        }
        var cancelled = false
        if case .cancelled? = day.override { cancelled = true }
        return JSONBody.response(Body(month: month, day: day.day?.description, cancelled: cancelled, slots: day.slots, bookings: bookings))
    }

    @Sendable func addSlotJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        struct Body: Decodable { var month, judge, organization, starts, ends, place: String?; var capacity: Int? }
        let body = try await JSONBody.decode(Body.self, from: request)
        guard ReceptionPolicy.mayManage(context.staff) else { throw AccessError.forbidden }
        let slot = try ReceptionSlot.validated(
            month: body.month, judge: body.judge, organization: body.organization, starts: body.starts,
            ends: body.ends, place: body.place, capacity: body.capacity.map(String.init),
            reference: dependencies.reference.snapshot.data)
        return JSONBody.response(try await service.addSlot(slot, by: context.staff, address: context.clientAddress), status: .created)
    }

    @Sendable func attendanceJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        struct Body: Decodable { var status: String }
        let body = try await JSONBody.decode(Body.self, from: request)
        let id = try Self.id(context)
        try await service.attendance(id, status: body.status, by: context.staff, address: context.clientAddress)
        guard let (booking, _) = try await dependencies.stores.reception.booking(id: id) else { throw AccessError.notFound }
        return JSONBody.response(booking.masked)
    }

    @Sendable func ticketJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(LegalDayService.ConsultationTicket.self, from: request)
        let number = try await service.consultationTicket(try Self.id(context), body, by: context.staff, address: context.clientAddress)
        struct Body: Encodable { var ticket: String }
        return JSONBody.response(Body(ticket: number), status: .created)
    }
}
