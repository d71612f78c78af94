import Foundation

/// A ticket with its full history, as read back from storage.
public struct StoredTicket: Sendable, Equatable {
    public var state: TicketState
    public var events: [TicketEvent]
    public init(state: TicketState, events: [TicketEvent]) {
        self.state = state
        self.events = events
    }
}

/// The result of a creation: the ticket, and whether this call created it (false: an idempotent replay).
public struct CreatedTicket: Sendable, Equatable {
    public var ticket: StoredTicket
    public var created: Bool
    public init(ticket: StoredTicket, created: Bool) {
        self.ticket = ticket
        self.created = created
    }
}

/// Persistence of tickets and their event history. Every method is atomic: it either commits fully or changes nothing.
public protocol TicketStore: Sendable {
    /// Anonymises the requester in place: the creation event's contact is replaced by an empty one (its chain digest
    /// kept), the projection's name and phone hash are dropped, and a `requesterAnonymised` event naming the new
    /// creation payload's digest is appended — all or nothing. Nil if the ticket already was anonymised.
    func anonymiseRequester(
        number: String, reason: RequesterAnonymisation.Reason, note: String?, by actor: EventActor, at date: Date
    ) async throws -> StoredTicket?
    /// Corrects the requester's name and/or phone in place the same way, attested by a `requesterCorrected` event. Nil if
    /// the requester was anonymised.
    func correctRequester(number: String, name: String?, phone: String?, note: String, by actor: EventActor, at date: Date)
        async throws -> StoredTicket?
    /// Tickets closed before `date` that still hold a requester's name or phone, oldest closure first.
    func ticketsToAnonymise(closedBefore date: Date, limit: Int) async throws -> [String]
    /// Numbers, stores and indexes a new ticket with its creation event. With an idempotency key already used
    /// (within `replayWindow` seconds, when given), returns the ticket created the first time and creates nothing;
    /// a key older than the window is taken over by the new ticket.
    func create(
        _ draft: TicketDraft, by actor: EventActor, at date: Date, idempotencyKey: String?,
        replayWindow: TimeInterval?, photos: [Photo]
    ) async throws -> CreatedTicket

    /// The photos of a ticket, without their bytes.
    func photos(ofTicket number: String) async throws -> [PhotoInfo]
    /// One photo with its bytes; `position` counts from 1.
    func photo(ofTicket number: String, position: Int) async throws -> Photo?
    /// Adds photos after a ticket's last, all or none; throws `ValidationError` (`photos`, `tooMany`) past
    /// `Photo.maxPerTicket`. Returns every photo of the ticket.
    func addPhotos(_ photos: [Photo], toTicket number: String) async throws -> [PhotoInfo]
    /// The public texts staff set for some tickets (shown to anyone in place of the description de-identified by
    /// rule), by number; tickets without one are absent.
    func publicTexts(ofTickets numbers: [String]) async throws -> [String: String]
    /// Sets a ticket's public text, or removes it (nil) so the rule's de-identified description shows again.
    func setPublicText(_ text: String?, ofTicket number: String, by username: String, at date: Date) async throws

    func ticket(number: String) async throws -> StoredTicket?

    /// Loads the ticket (and the merge target, if named), asks `decide` for the change, and appends it with the
    /// updated projection in one transaction. Whatever `decide` throws is rethrown and nothing is written.
    func apply(
        to number: String, mergeTarget: String?, by actor: EventActor, at date: Date,
        decide: @escaping @Sendable (_ ticket: TicketState, _ mergeTarget: TicketState?) throws -> TicketChange
    ) async throws -> StoredTicket

    /// A page of tickets, newest first in order of intake, with a total counted up to `TicketPage.countLimit`.
    func tickets(matching query: TicketQuery) async throws -> TicketPage

    /// Finds a public ticket by number and tracking code.
    func ticket(number: String, trackingCode: String) async throws -> StoredTicket?

    /// The number of the ticket an idempotency key created (Open311's tokens are such keys).
    func ticketNumber(idempotencyKey key: String) async throws -> String?
    /// Appends the event `decide` returns, or writes nothing when it returns nil; `decide` sees the whole stored
    /// ticket inside the write, so a decision made twice concurrently is made once.
    func applyIfNeeded(
        to number: String, by actor: EventActor, at date: Date,
        decide: @escaping @Sendable (StoredTicket) throws -> TicketChange?
    ) async throws -> StoredTicket?
    /// Claims up to `limit` tickets whose sweep time has come, moving their sweep time `lease` ahead so that other
    /// nodes pass over them meanwhile.
    func claimForSweep(at now: Date, lease: TimeInterval, limit: Int) async throws -> [String]
    /// Sets when the sweeper looks at a ticket next (nil: not until it changes), unless it changed since `version`.
    func setSweepAt(_ date: Date?, number: String, ifVersion version: Int) async throws
    /// The earliest sweep time that has come by `now` and not been claimed (nil: the sweeper owes no look): how far
    /// behind the sweepers of every node are.
    func oldestDueSweep(at now: Date) async throws -> Date?
    /// How many requests were received since a date in a scope.
    func countRecentRequests(since date: Date, scope: TicketScope) async throws -> Int
    /// The current states of the tickets with these numbers, in the given order (unknown numbers left out).
    func loadStates(numbers: [String]) async throws -> [TicketState]
    /// The tickets with these numbers and their histories, in the given order (unknown numbers left out).
    func tickets(numbers: [String]) async throws -> [StoredTicket]
    /// The tickets registered as petitions in `[from, before)`, in the order they were registered.
    func petitions(registeredFrom from: Date?, before: Date?) async throws -> [StoredTicket]
    /// The numbers of one requester's petitions (by the keyed hash of the phone) on one category, oldest first: what
    /// makes a new one a repeat. Read from the rows alone, however many there are.
    func petitionNumbers(phoneDigest: String, category: String, registeredBefore date: Date) async throws -> [String]
    /// Requests received since `date` in the scope, newest first, at most `limit`: the input of hotspot detection.
    func recentRequests(since date: Date, scope: TicketScope, limit: Int) async throws -> [HotspotDetector.Request]
    /// Writes already-built tickets with their whole histories in one transaction and moves the number counters past them.
    func importTickets(_ tickets: [StoredTicket]) async throws
    /// The last number used in each year.
    func lastNumbers() async throws -> [Int: Int64]
    /// Numbers and writes historical tickets in one transaction; returns the numbers in the rows' order.
    func importNumbered(_ rows: [TicketImport.Row]) async throws -> [String]
    /// Tickets received in `[from, before)` with their full histories, in id order after `afterID`, at most `limit`.
    func batch(after afterID: Int64, receivedFrom from: Date?, before: Date?, limit: Int) async throws -> (
        tickets: [StoredTicket], lastID: Int64?
    )
}

extension TicketStore {
    /// A creation whose idempotency key, if any, never expires.
    public func create(_ draft: TicketDraft, by actor: EventActor, at date: Date, idempotencyKey: String?) async throws -> CreatedTicket {
        try await create(draft, by: actor, at: date, idempotencyKey: idempotencyKey, replayWindow: nil, photos: [])
    }

    public func create(
        _ draft: TicketDraft, by actor: EventActor, at date: Date, idempotencyKey: String?,
        replayWindow: TimeInterval?
    ) async throws -> CreatedTicket {
        try await create(draft, by: actor, at: date, idempotencyKey: idempotencyKey, replayWindow: replayWindow, photos: [])
    }
}

/// Thrown by `TicketStore.apply` when no ticket has the number.
public struct TicketNotFound: Error, Sendable, Equatable {
    public var number: String
    public init(number: String) { self.number = number }
}
