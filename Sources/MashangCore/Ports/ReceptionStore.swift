import Foundation

/// The legal reception day (法律接待日): the month's exceptions, its slots and residents' bookings.
public protocol ReceptionStore: Sendable {
    /// The month's exception to the 20th-of-the-month rule, if any.
    func override(month: String) async throws -> ReceptionSchedule.Override?
    /// Sets (or, with nil, removes) the month's exception, and writes in the same transaction the messages `notices`
    /// gives for the month's active bookings (moved or cancelled).
    func setOverride(
        month: String, _ override: ReceptionSchedule.Override?, by username: String, at date: Date,
        notices: @escaping @Sendable ([ReceptionBooking]) -> [OutboundMessage]
    ) async throws
    func slots(month: String) async throws -> [ReceptionSlot]
    func addSlot(_ slot: ReceptionSlot) async throws -> ReceptionSlot
    /// Removes a slot nobody has booked (a booked slot is refused: its residents hold confirmations).
    func removeSlot(_ id: Int64) async throws
    /// Books a place in a slot: refused when the slot is full or the phone already holds a booking that month.
    func book(slot slotID: Int64, name: String, phone: String, topic: String, code: String, at date: Date) async throws -> ReceptionBooking
    /// The booking with this confirmation code and its slot.
    func booking(code: String) async throws -> (ReceptionBooking, ReceptionSlot)?
    func booking(id: Int64) async throws -> (ReceptionBooking, ReceptionSlot)?
    /// Every booking of a month's slots, in slot order.
    func bookings(month: String) async throws -> [ReceptionBooking]
    /// Bookings of the months `fromMonth...toMonth` (either open) in some statuses (empty: any), at one organisation's
    /// slots (nil: all), newest month first.
    func bookings(fromMonth: String?, toMonth: String?, statuses: [ReceptionBooking.Status], organization: String?) async throws
        -> [(booking: ReceptionBooking, slot: ReceptionSlot)]
    /// Erases a booking's name and phone (and the phone's hash) at the person's request; the booking stays counted.
    func anonymiseBooking(_ id: Int64, at date: Date) async throws
    /// Moves a booking from one of `from` to `status`; any other present status is refused.
    func setStatus(_ id: Int64, to status: ReceptionBooking.Status, from: Set<ReceptionBooking.Status>, at date: Date) async throws
    /// Records the ticket an attended consultation became or joined, notes it on the ticket's history and counts the
    /// ticket as law-related — in one write.
    func linkTicket(booking id: Int64, number: String, note: RegisterNote, organization: String, by actor: EventActor, at date: Date)
        async throws
}
