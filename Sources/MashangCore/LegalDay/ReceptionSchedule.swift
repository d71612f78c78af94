/// 企法联合专题接访日: the monthly joint legal reception day. By default the 20th of each month, moved to the next
/// working day when the 20th is a weekend or a public holiday (and kept on a make-up working day); a month may be
/// moved to another date or cancelled by an override.
public enum ReceptionSchedule {
    public static let defaultDayOfMonth = 20

    /// A month's exception to the rule.
    public enum Override: Sendable, Equatable {
        case moved(ChinaDay)
        case cancelled
    }

    /// The reception day of the month that `anyDay` is in, or nil when it is cancelled.
    public static func day(inMonthOf anyDay: ChinaDay, override: Override?, calendar: WorkingCalendar) -> ChinaDay? {
        switch override {
        case .moved(let day): return day
        case .cancelled: return nil
        case nil:
            let (year, month, _) = anyDay.civil
            var day = ChinaDay(year: year, month: month, day: defaultDayOfMonth)
            // At most a fortnight of holidays in a row (the National Day week plus a weekend).
            for _ in 0..<15 where !calendar.isWorkingDay(day) { day = day.adding(1) }
            return day
        }
    }
}

/// A judge's time slot on a reception day.
public struct ReceptionSlot: Codable, Sendable, Equatable {
    public var id: Int64
    /// `yyyy-MM`.
    public var month: String
    public var judge: String
    /// The judge's court (or another member organisation of the legal linkage).
    public var organization: String
    public var starts: String
    public var ends: String
    public var place: String
    public var capacity: Int
    /// Bookings that are not cancelled.
    public var booked: Int

    public init(id: Int64, month: String, judge: String, organization: String, starts: String, ends: String, place: String,
                capacity: Int, booked: Int) {
        self.id = id
        self.month = month
        self.judge = judge
        self.organization = organization
        self.starts = starts
        self.ends = ends
        self.place = place
        self.capacity = capacity
        self.booked = booked
    }

    public var remaining: Int { max(0, capacity - booked) }

    /// Validates a new slot for a month.
    public static func validated(month: String?, judge: String?, organization: String?, starts: String?, ends: String?, place: String?,
                                 capacity: String?, reference: ReferenceData) throws(ValidationError) -> ReceptionSlot {
        let specs = [RegisterField("month", .month), RegisterField("judge", .text(max: 50)), RegisterField("organization", .organization),
                     RegisterField("starts", .time), RegisterField("ends", .time), RegisterField("place", .text(max: 100)),
                     RegisterField("capacity", .number(1...50))]
        let input: RegisterFields = ["month": month, "judge": judge, "organization": organization, "starts": starts, "ends": ends,
                                     "place": place, "capacity": capacity].compactMapValues { $0.map(RegisterValue.text) }
        let fields = try RegisterValidator.validate(input, against: specs, reference: reference)
        let slot = ReceptionSlot(id: 0, month: fields["month"]!.plain, judge: fields["judge"]!.plain, organization: fields["organization"]!.plain,
                                 starts: fields["starts"]!.plain, ends: fields["ends"]!.plain, place: fields["place"]!.plain,
                                 capacity: fields["capacity"]!.number!, booked: 0)
        guard slot.starts < slot.ends else { throw ValidationError("ends", "invalid") }
        return slot
    }
}

/// A resident's appointment in a slot.
public struct ReceptionBooking: Codable, Sendable, Equatable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case booked, cancelled, attended, absent
    }

    public var id: Int64
    public var slot: Int64
    /// The confirmation code the resident keeps (with their phone's last four digits it finds the booking).
    public var code: String
    public var name: String
    public var phone: String
    public var topic: String
    public var status: Status
    /// The ticket the consultation became or joined.
    public var ticket: String?

    public init(id: Int64, slot: Int64, code: String, name: String, phone: String, topic: String, status: Status, ticket: String?) {
        self.id = id
        self.slot = slot
        self.code = code
        self.name = name
        self.phone = phone
        self.topic = topic
        self.status = status
        self.ticket = ticket
    }

    /// The booking with name and phone masked.
    public var masked: ReceptionBooking {
        var copy = self
        copy.name = RegisterMask.mask(.text(name), .text(max: 50)).plain
        copy.phone = PhoneNumber.masked(phone)
        return copy
    }

    /// What a resident submits: validated fields (the phone normalised).
    public static func validated(name: String?, phone: String?, topic: String?) throws(ValidationError) -> (name: String, phone: String, topic: String) {
        var rules = FieldRules()
        let name = rules.text(name, "name", max: 50)
        let phone = rules.text(phone, "phone", max: 20).flatMap { raw -> String? in
            guard let phone = PhoneNumber.normalized(raw) else { rules.add("phone", "invalid"); return nil }
            return phone
        }
        let topic = rules.text(topic, "topic", max: 500)
        try rules.check()
        return (name!, phone!, topic!)
    }
}

/// A booking change refused in its present state (cancelled twice, attendance before the day…).
public struct ReceptionRefusal: Error, Sendable, Equatable {
    /// `full`, `closed` (the day has passed or is cancelled), `duplicate` (one active booking per phone and month),
    /// `status`.
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// Who runs the reception day: mediators (the court's judges and the legal linkage's mediators) and the joint centre's
/// coordinators set it up and see the roster; the joint desk records who came.
public enum ReceptionPolicy {
    public static func mayManage(_ staff: StaffActor) -> Bool {
        staff.role == .mediator || (staff.isJointCentre && (staff.role == .dispatcher || staff.role == .supervisor))
    }

    public static func mayAttend(_ staff: StaffActor) -> Bool {
        mayManage(staff) || (staff.isJointCentre && staff.role == .intake)
    }
}
