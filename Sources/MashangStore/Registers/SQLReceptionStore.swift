import Foundation
import MashangCore
import SQLKit

/// The legal reception day: month overrides, judges' slots and residents' bookings. A booking's name and phone are
/// sealed; the phone's digest finds a second booking by the same phone in a month.
public struct SQLReceptionStore: ReceptionStore {
    let backend: any SQLBackend
    let cipher: ContactCipher

    public init(backend: any SQLBackend, cipher: ContactCipher) {
        self.backend = backend
        self.cipher = cipher
    }

    /// The month's exception to the 20th-of-the-month rule, if any.
    public func override(month: String) async throws -> ReceptionSchedule.Override? {
        try await backend.read { database in
            guard let row = try await database.raw("SELECT day FROM reception_days WHERE month = \(bind: month)").first() else {
                return nil
            }
            guard let day = try row.decode(column: "day", as: String?.self) else { return .cancelled }
            return RegisterValidator.day(day).map(ReceptionSchedule.Override.moved) ?? .cancelled
        }
    }

    /// Sets (or, with nil, removes) the month's exception.
    public func setOverride(
        month: String, _ override: ReceptionSchedule.Override?, by username: String, at date: Date,
        notices: @escaping @Sendable ([ReceptionBooking]) -> [OutboundMessage]
    ) async throws {
        let cipher = self.cipher
        try await backend.write { database in
            try await database.raw("DELETE FROM reception_days WHERE month = \(bind: month)").run()
            if let override {
                let day: String? = if case .moved(let day) = override { day.description } else { nil }
                try await database.raw(
                    "INSERT INTO reception_days (month, day, set_by) VALUES (\(bind: month), \(bind: day), \(bind: username))"
                ).run()
            }
            let bookings = try await database.raw("SELECT * FROM reception_bookings WHERE month = \(bind: month) AND status = 'booked'")
                .all().map { try Self.booking($0, cipher: cipher) }
            try await SQLOutboxStore.insert(notices(bookings), at: date, on: database)
        }
    }

    public func slots(month: String) async throws -> [ReceptionSlot] {
        try await backend.read { database in
            try await database.raw(
                """
                SELECT s.*, (SELECT COUNT(*) FROM reception_bookings b WHERE b.slot_id = s.id AND b.status <> 'cancelled') AS booked
                FROM reception_slots s WHERE s.month = \(bind: month) ORDER BY s.starts, s.id
                """
            ).all().map(Self.slot)
        }
    }

    public func addSlot(_ slot: ReceptionSlot) async throws -> ReceptionSlot {
        try await backend.write { database in
            let row = try await database.raw(
                """
                INSERT INTO reception_slots (month, judge, organization, starts, ends, place, capacity)
                VALUES (\(bind: slot.month), \(bind: slot.judge), \(bind: slot.organization), \(bind: slot.starts), \(bind: slot.ends),
                        \(bind: slot.place), \(bind: slot.capacity)) RETURNING id
                """
            ).first()
            var saved = slot
            saved.id = try row?.decode(column: "id", as: Int64.self) ?? 0
            return saved
        }
    }

    /// Removes a slot nobody has booked (a booked slot is refused: its residents hold confirmations).
    public func removeSlot(_ id: Int64) async throws {
        try await backend.write { database in
            guard try await database.raw("SELECT id FROM reception_slots WHERE id = \(bind: id)").first() != nil else {
                throw AccessError.notFound
            }
            if try await database.raw("SELECT id FROM reception_bookings WHERE slot_id = \(bind: id) AND status <> 'cancelled'").first()
                != nil
            {
                throw ReceptionRefusal("status")
            }
            try await database.raw("DELETE FROM reception_bookings WHERE slot_id = \(bind: id)").run()
            try await database.raw("DELETE FROM reception_slots WHERE id = \(bind: id)").run()
        }
    }

    /// Books a place in a slot: refused when the slot is full or the phone already holds a booking that month.
    public func book(slot slotID: Int64, name: String, phone: String, topic: String, code: String, at date: Date) async throws
        -> ReceptionBooking
    {
        let cipher = self.cipher, flavor = backend.flavor
        let millis = StoreTime.milliseconds(date)
        return try await backend.write { database in
            let lock: SQLQueryString = flavor == .postgres ? " FOR UPDATE" : ""
            guard let row = try await database.raw("SELECT month, capacity FROM reception_slots WHERE id = \(bind: slotID)\(lock)").first()
            else {
                throw ValidationError("slot", "unknown")
            }
            let month = try row.decode(column: "month", as: String.self), capacity = try row.decode(column: "capacity", as: Int.self)
            let booked =
                try await database.raw(
                    """
                    SELECT COUNT(*) AS n FROM reception_bookings WHERE slot_id = \(bind: slotID) AND status <> 'cancelled'
                    """
                ).first()?.decode(column: "n", as: Int.self) ?? 0
            guard booked < capacity else { throw ReceptionRefusal("full") }
            let digest = cipher.phoneDigest(phone)
            if try await database.raw(
                """
                SELECT id FROM reception_bookings WHERE month = \(bind: month) AND phone_digest = \(bind: digest) AND status = 'booked'
                """
            ).first() != nil {
                throw ReceptionRefusal("duplicate")
            }
            let inserted = try await database.raw(
                """
                INSERT INTO reception_bookings (slot_id, month, code, name, phone, phone_digest, topic, status, created_at, updated_at)
                VALUES (\(bind: slotID), \(bind: month), \(bind: code), \(bind: try cipher.seal(name)), \(bind: try cipher.seal(phone)),
                        \(bind: digest), \(bind: topic), 'booked', \(bind: millis), \(bind: millis)) RETURNING id
                """
            ).first()
            return ReceptionBooking(
                id: try inserted?.decode(column: "id", as: Int64.self) ?? 0, slot: slotID, code: code, name: name,
                phone: phone, topic: topic, status: .booked, ticket: nil)
        }
    }

    /// The booking with this confirmation code and its slot.
    public func booking(code: String) async throws -> (ReceptionBooking, ReceptionSlot)? {
        let cipher = self.cipher
        return try await backend.read { database in
            guard let row = try await database.raw("SELECT * FROM reception_bookings WHERE code = \(bind: code)").first() else {
                return nil
            }
            let booking = try Self.booking(row, cipher: cipher)
            guard let slot = try await Self.slot(booking.slot, on: database) else { return nil }
            return (booking, slot)
        }
    }

    public func booking(id: Int64) async throws -> (ReceptionBooking, ReceptionSlot)? {
        let cipher = self.cipher
        return try await backend.read { database in
            guard let row = try await database.raw("SELECT * FROM reception_bookings WHERE id = \(bind: id)").first() else { return nil }
            let booking = try Self.booking(row, cipher: cipher)
            guard let slot = try await Self.slot(booking.slot, on: database) else { return nil }
            return (booking, slot)
        }
    }

    /// Every booking of a month's slots, in slot order.
    public func bookings(month: String) async throws -> [ReceptionBooking] {
        let cipher = self.cipher
        return try await backend.read { database in
            try await database.raw(
                """
                SELECT b.* FROM reception_bookings b JOIN reception_slots s ON s.id = b.slot_id WHERE b.month = \(bind: month)
                ORDER BY s.starts, s.id, b.id
                """
            ).all().map { try Self.booking($0, cipher: cipher) }
        }
    }

    /// Bookings of the months `fromMonth...toMonth` (`yyyy-MM`, either open) in some statuses (empty: any), at one
    /// organisation's slots (nil: all), newest month first: what the mechanism panel's booking counts count.
    public func bookings(
        fromMonth: String?, toMonth: String?, statuses: [ReceptionBooking.Status],
        organization: String?
    ) async throws -> [(booking: ReceptionBooking, slot: ReceptionSlot)] {
        let cipher = self.cipher
        return try await backend.read { database in
            var conditions: [SQLQueryString] = []
            if let fromMonth { conditions.append("b.month >= \(bind: fromMonth)") }
            if let toMonth { conditions.append("b.month <= \(bind: toMonth)") }
            if !statuses.isEmpty { conditions.append("b.status IN (\(binds: statuses.map(\.rawValue)))") }
            if let organization { conditions.append("s.organization = \(bind: organization)") }
            let condition = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
            let bookings = try await database.raw(
                """
                SELECT b.* FROM reception_bookings b JOIN reception_slots s ON s.id = b.slot_id WHERE \(condition)
                ORDER BY b.month DESC, s.starts, s.id, b.id
                """
            ).all().map { try Self.booking($0, cipher: cipher) }
            // Their slots in one read, however many months the list spans.
            let ids = Array(Set(bookings.map(\.slot)))
            let slots =
                ids.isEmpty
                ? [:]
                : Dictionary(
                    try await database.raw(
                        """
                        SELECT s.*, (SELECT COUNT(*) FROM reception_bookings b WHERE b.slot_id = s.id AND b.status <> 'cancelled') AS booked
                        FROM reception_slots s WHERE s.id IN (\(binds: ids))
                        """
                    ).all().map(Self.slot).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            return bookings.compactMap { booking in slots[booking.slot].map { (booking, $0) } }
        }
    }

    /// Moves a booking from one of `from` to `status`; any other present status is refused.
    public func anonymiseBooking(_ id: Int64, at date: Date) async throws {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE reception_bookings SET name = '', phone = '', phone_digest = '', updated_at = \(bind: StoreTime.milliseconds(date))
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }

    public func setStatus(_ id: Int64, to status: ReceptionBooking.Status, from: Set<ReceptionBooking.Status>, at date: Date) async throws {
        try await backend.write { database in
            guard let row = try await database.raw("SELECT status FROM reception_bookings WHERE id = \(bind: id)").first() else {
                throw AccessError.notFound
            }
            let current = try row.decode(column: "status", as: String.self)
            guard let present = ReceptionBooking.Status(rawValue: current), from.contains(present) else { throw ReceptionRefusal("status") }
            try await database.raw(
                """
                UPDATE reception_bookings SET status = \(bind: status.rawValue), updated_at = \(bind: StoreTime.milliseconds(date)) WHERE id = \(bind: id)
                """
            ).run()
        }
    }

    /// Records the ticket an attended consultation became or joined, notes it on the ticket's history and counts the
    /// ticket as law-related — in one write.
    public func linkTicket(
        booking id: Int64, number: String, note: RegisterNote, organization: String, by actor: EventActor,
        at date: Date
    ) async throws {
        let flavor = backend.flavor, cipher = self.cipher
        let date = StoreTime.truncated(date)
        try await backend.write { database in
            guard let row = try await database.raw("SELECT status, ticket FROM reception_bookings WHERE id = \(bind: id)").first() else {
                throw AccessError.notFound
            }
            guard try row.decode(column: "status", as: String.self) == ReceptionBooking.Status.attended.rawValue,
                try row.decode(column: "ticket", as: String?.self) == nil
            else { throw ReceptionRefusal("status") }
            try await database.raw(
                "UPDATE reception_bookings SET ticket = \(bind: number), updated_at = \(bind: StoreTime.milliseconds(date)) WHERE id = \(bind: id)"
            ).run()
            try await SQLRegisterStore.noteTicket(
                number, note, organization: organization, day: ChinaDay(date).description, by: actor, at: date,
                flavor: flavor, cipher: cipher, on: database)
        }
    }

    static func slot(_ id: Int64, on database: any SQLDatabase) async throws -> ReceptionSlot? {
        try await database.raw(
            """
            SELECT s.*, (SELECT COUNT(*) FROM reception_bookings b WHERE b.slot_id = s.id AND b.status <> 'cancelled') AS booked
            FROM reception_slots s WHERE s.id = \(bind: id)
            """
        ).first().map(slot)
    }

    static func slot(_ row: any SQLRow) throws -> ReceptionSlot {
        ReceptionSlot(
            id: try row.decode(column: "id", as: Int64.self), month: try row.decode(column: "month", as: String.self),
            judge: try row.decode(column: "judge", as: String.self), organization: try row.decode(column: "organization", as: String.self),
            starts: try row.decode(column: "starts", as: String.self), ends: try row.decode(column: "ends", as: String.self),
            place: try row.decode(column: "place", as: String.self), capacity: try row.decode(column: "capacity", as: Int.self),
            booked: try row.decode(column: "booked", as: Int.self))
    }

    static func booking(_ row: any SQLRow, cipher: ContactCipher) throws -> ReceptionBooking {
        let status = try row.decode(column: "status", as: String.self)
        return ReceptionBooking(
            id: try row.decode(column: "id", as: Int64.self), slot: try row.decode(column: "slot_id", as: Int64.self),
            code: try row.decode(column: "code", as: String.self), name: try cipher.open(try row.decode(column: "name", as: String.self)),
            phone: try cipher.open(try row.decode(column: "phone", as: String.self)),
            topic: try row.decode(column: "topic", as: String.self),
            status: ReceptionBooking.Status(rawValue: status) ?? .booked, ticket: try row.decode(column: "ticket", as: String?.self))
    }
}
