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
    public static func validated(name: String?, phone: String?, topic: String?) throws(ValidationError) -> (
        name: String, phone: String, topic: String
    ) {
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
