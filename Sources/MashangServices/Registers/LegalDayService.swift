import Foundation
import MashangCore

/// 企法联合专题接访日: the schedule, booking by residents (with intake's anti-abuse limits), the roster, attendance and
/// the consultation's ticket (new, or an existing one joined), which is counted as law-related.
public struct LegalDayService: Sendable {
    public let dependencies: AppDependencies
    public let tickets: TicketService

    public init(dependencies: AppDependencies, tickets: TicketService) {
        self.dependencies = dependencies
        self.tickets = tickets
    }

    private var store: any ReceptionStore { dependencies.stores.reception }

    public struct Day: Sendable {
        public let month: String
        public let day: ChinaDay?
        public let override: ReceptionSchedule.Override?
        public let slots: [ReceptionSlot]
    }

    public func day(month: String) async throws -> Day {
        guard let first = RegisterValidator.month(month) else { throw ValidationError("month", "invalid") }
        let override = try await store.override(month: month)
        return Day(month: month, day: receptionDay(first, override), override: override, slots: try await store.slots(month: month))
    }

    /// The month's reception day under an override (nil: the rule), on the joint centre's calendar.
    private func receptionDay(_ anyDay: ChinaDay, _ override: ReceptionSchedule.Override?) -> ChinaDay? {
        ReceptionSchedule.day(inMonthOf: anyDay, override: override, calendar: dependencies.calendar.snapshot.calendar(for: "joint"))
    }

    /// The next reception day residents can book: this month's unless it has passed (or is cancelled), else next month's.
    public func upcoming() async throws -> Day {
        let today = ChinaDay(dependencies.clock())
        let this = try await day(month: SentimentSchedule.month(today))
        if let day = this.day, day >= today { return this }
        return try await day(month: SentimentSchedule.month(today.firstOfMonth.addingMonths(1)))
    }

    /// A resident books a slot of the upcoming day. Limits as for public intake (per address, per phone).
    public func book(slot: String?, name: String?, phone: String?, topic: String?, address: String) async throws -> (
        ReceptionBooking, ReceptionSlot, ChinaDay
    ) {
        let fields = try ReceptionBooking.validated(name: name, phone: phone, topic: topic)
        guard let slotID = slot.flatMap(Int64.init) else { throw ValidationError("slot", "required") }
        try await tickets.checkPublicIntakeLimits(address: address, phone: fields.phone)
        let upcoming = try await upcoming()
        guard let day = upcoming.day, day >= ChinaDay(dependencies.clock()) else { throw ReceptionRefusal("closed") }
        guard let chosen = upcoming.slots.first(where: { $0.id == slotID }) else { throw ValidationError("slot", "unknown") }
        var generator = SystemRandomNumberGenerator()
        let booking = try await store.book(
            slot: slotID, name: fields.name, phone: fields.phone, topic: fields.topic,
            code: TrackingCode.make(using: &generator), at: dependencies.clock())
        return (booking, chosen, day)
    }

    /// The booking for a confirmation code and the phone's last four digits; anything else is "not found".
    public func booking(code: String, phoneTail: String) async throws -> (ReceptionBooking, ReceptionSlot) {
        let code = code.trimmingCharacters(in: .whitespaces).uppercased()
        let tail = phoneTail.trimmingCharacters(in: .whitespaces)
        guard code.count == 8, tail.count == 4, let found = try await store.booking(code: code), found.0.phone.hasSuffix(tail) else {
            throw AccessError.notFound
        }
        return found
    }

    /// The resident cancels before the day.
    public func cancel(code: String, phoneTail: String) async throws -> (ReceptionBooking, ReceptionSlot) {
        let (booking, slot) = try await self.booking(code: code, phoneTail: phoneTail)
        let day = try await day(month: slot.month).day
        guard let day, ChinaDay(dependencies.clock()) <= day else { throw ReceptionRefusal("closed") }
        try await store.setStatus(booking.id, to: .cancelled, from: [.booked], at: dependencies.clock())
        return try await self.booking(code: code, phoneTail: phoneTail)
    }

    // MARK: - Staff

    public func setDay(month: String, mode: String?, date: String?, by staff: StaffActor, address: String) async throws {
        guard ReceptionPolicy.mayManage(staff) else { throw AccessError.forbidden }
        guard let first = RegisterValidator.month(month) else { throw ValidationError("month", "invalid") }
        let override: ReceptionSchedule.Override?
        switch mode {
        case "rule": override = nil
        case "cancelled": override = .cancelled
        case "moved":
            guard let day = date.flatMap(RegisterValidator.day), SentimentSchedule.month(day) == month else {
                throw ValidationError("date", "invalid")
            }
            override = .moved(day)
        default: throw ValidationError("mode", "invalid")
        }
        // Residents who booked are told when the day moves or is cancelled, unless it has already passed.
        let before = try await day(month: month).day
        let after = receptionDay(first, override)
        let today = ChinaDay(dependencies.clock())
        let owed = (before.map { $0 >= today } ?? false) || (after.map { $0 >= today } ?? false)
        try await store.setOverride(month: month, override, by: staff.username, at: dependencies.clock()) { bookings in
            owed ? ReceptionMessages.notices(month: month, before: before, after: after, bookings: bookings) : []
        }
        try await Auditor(dependencies: dependencies).record(
            "legalDay.day", by: staff, subject: month, address: address, detail: mode ?? "")
    }

    public func addSlot(_ slot: ReceptionSlot, by staff: StaffActor, address: String) async throws -> ReceptionSlot {
        guard ReceptionPolicy.mayManage(staff) else { throw AccessError.forbidden }
        let saved = try await store.addSlot(slot)
        try await Auditor(dependencies: dependencies).record(
            "legalDay.slot", by: staff, subject: slot.month, address: address,
            detail: "\(slot.judge) \(slot.starts)-\(slot.ends) ×\(slot.capacity)")
        return saved
    }

    public func removeSlot(_ id: Int64, by staff: StaffActor, address: String) async throws {
        guard ReceptionPolicy.mayManage(staff) else { throw AccessError.forbidden }
        try await store.removeSlot(id)
        try await Auditor(dependencies: dependencies).record("legalDay.removeSlot", by: staff, subject: String(id), address: address)
    }

    /// The month's bookings with names and phones in clear, for those who run the day; each look is audited.
    public func roster(month: String, by staff: StaffActor, address: String) async throws -> [ReceptionBooking] {
        guard ReceptionPolicy.mayAttend(staff) else { throw AccessError.forbidden }
        let bookings = try await store.bookings(month: month)
        if !bookings.isEmpty {
            try await Auditor(dependencies: dependencies).record(
                "legalDay.roster", by: staff, subject: month, address: address,
                detail: "\(bookings.count) bookings")
        }
        return bookings
    }

    /// Who came: on or after the day only.
    public func attendance(_ id: Int64, status: String?, by staff: StaffActor, address: String) async throws {
        guard ReceptionPolicy.mayAttend(staff) else { throw AccessError.forbidden }
        guard let status = status.flatMap(ReceptionBooking.Status.init(rawValue:)), status == .attended || status == .absent else {
            throw ValidationError("status", "invalid")
        }
        guard let (_, slot) = try await store.booking(id: id) else { throw AccessError.notFound }
        guard let day = try await day(month: slot.month).day, ChinaDay(dependencies.clock()) >= day else { throw ReceptionRefusal("early") }
        try await store.setStatus(id, to: status, from: [.booked, .attended, .absent], at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "legalDay.attendance", by: staff, subject: String(id), address: address,
            detail: status.rawValue)
    }

    public struct ConsultationTicket: Decodable, Sendable {
        /// An existing ticket to join; otherwise a new one is created from the fields below.
        public var number: String?
        public var kind: String?
        public var category: String?
        public var area: String?
        public var description: String?

        public init(number: String? = nil, kind: String? = nil, category: String? = nil, area: String? = nil, description: String? = nil) {
            self.number = number
            self.kind = kind
            self.category = category
            self.area = area
            self.description = description
        }
    }

    /// The attended consultation becomes a new ticket (channel legalDay, the booking's requester) or joins an existing
    /// one; either way the ticket is marked law-related and the booking records it.
    public func consultationTicket(_ id: Int64, _ request: ConsultationTicket, by staff: StaffActor, address: String) async throws -> String
    {
        guard ReceptionPolicy.mayAttend(staff) else { throw AccessError.forbidden }
        guard let (booking, slot) = try await store.booking(id: id) else { throw AccessError.notFound }
        guard booking.status == .attended, booking.ticket == nil else { throw ReceptionRefusal("status") }
        let number: String
        if let given = request.number?.trimmingCharacters(in: .whitespaces).uppercased(), !given.isEmpty {
            guard TicketNumber.isNumber(given), let ticket = try await dependencies.stores.tickets.ticket(number: given),
                staff.canView(ticket.state)
            else { throw ValidationError("number", "notAllowed") }
            number = given
        } else {
            func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
            let intake = IntakeRequest(
                channel: Channel.legalDay.rawValue, kind: given(request.kind), category: given(request.category),
                area: given(request.area), description: given(request.description) ?? booking.topic, urgency: "normal",
                requester: .init(name: booking.name, phone: booking.phone))
            number = try await tickets.create(intake, source: .staff(staff), idempotencyKey: "legal-day:booking:\(id)").ticket.state.number
        }
        try await store.linkTicket(
            booking: id, number: number,
            note: RegisterNote(
                register: "legalDay", record: id, what: "consultation",
                detail: "\(slot.judge) · \(booking.topic)", lawRelated: true),
            organization: slot.organization, by: staff.eventActor, at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "legalDay.ticket", by: staff, subject: String(id), address: address, detail: number)
        dependencies.changes.publish(number)
        return number
    }
}
