import Foundation
import MashangCore

/// The ticket use cases: validation, authorisation and the lifecycle around the store, with the injected clock.
public struct TicketService: Sendable {
    public let dependencies: AppDependencies

    public init(dependencies: AppDependencies) {
        self.dependencies = dependencies
    }

    private var store: any TicketStore { dependencies.stores.tickets }

    public func create(
        _ request: IntakeRequest, source: IntakeSource, idempotencyKey: String?,
        replayWindow: TimeInterval? = nil, photos: [Photo] = []
    ) async throws -> CreatedTicket {
        let snapshot = dependencies.reference.snapshot
        var generator = SystemRandomNumberGenerator()
        let draft = try IntakeValidator.validate(
            request, source: source, reference: snapshot.data, rules: snapshot.rules,
            trackingCode: TrackingCode.make(using: &generator))
        let actor: EventActor =
            switch source {
            case .staff(let staff): staff.eventActor
            case .publicForm: .publicRequester
            case .integration(let organization, let client): EventActor(username: "api:" + client, organization: organization)
            case .imported: TicketImport.actor(TicketLifecycle.jointCentre, .intake).eventActor
            }
        let created = try await store.create(
            draft, by: actor, at: dependencies.clock(), idempotencyKey: idempotencyKey,
            replayWindow: replayWindow, photos: photos)
        if created.created { dependencies.changes.publish(created.ticket.state.number) }
        return created
    }

    /// Public intake is limited per address and per phone (digits only, so spelling it differently does not help).
    public func checkPublicIntakeLimits(address: String, phone: String?) async throws {
        let now = dependencies.clock()
        let limiter = dependencies.limiter
        if let wait = try await limiter.attempt("intake:address:" + address, limit: limiter.publicIntakePerAddress, at: now) {
            throw TooManyRequests(retryAfter: wait)
        }
        try await checkPhoneLimit(phone)
    }

    /// The per-phone part of intake's limits, for systems that submit for many people from one address.
    public func checkPhoneLimit(_ phone: String?) async throws {
        let digits = (phone ?? "").filter(\.isNumber)
        if digits.count >= 7,
            let wait = try await dependencies.limiter.attempt(
                "intake:phone:" + String(digits.suffix(11)), limit: RateLimiter.intakePerPhone,
                at: dependencies.clock())
        {
            throw TooManyRequests(retryAfter: wait)
        }
    }

    public func ticket(_ number: String, for actor: StaffActor) async throws -> StoredTicket {
        guard let ticket = try await store.ticket(number: number), actor.canView(ticket.state) else { throw AccessError.notFound }
        return ticket
    }

    /// Performs an action and writes its audit line (`ticket.<action>`, with the address it came from).
    public func perform(_ command: TicketCommand, on number: String, by actor: StaffActor, from address: String) async throws
        -> StoredTicket
    {
        let reference = dependencies.reference.snapshot.data
        let now = dependencies.clock()
        var mergeTarget: String?
        if case .merge(let into) = command { mergeTarget = into }
        let followUpBy = command.action == .followUp ? try await dependencies.stores.figures.definitions().followUpBy : .jointCentre
        let earlierPetitions = command.action == .registerPetition ? try await earlierPetitions(of: number) : []
        let time = dependencies.calendar.snapshot
        let result = try await store.apply(to: number, mergeTarget: mergeTarget, by: actor.eventActor, at: now) { ticket, target in
            try TicketPolicy.authorize(command, by: actor, on: ticket, reference: reference, followUpBy: followUpBy)
            // A merge target the actor may not see is treated as unknown, so its existence does not leak.
            let visibleTarget = target.flatMap { actor.canView($0) ? $0 : nil }
            return try TicketLifecycle.decide(
                command, on: ticket, by: actor,
                context: DecisionContext(
                    reference: reference, now: now, mergeTarget: visibleTarget, time: time, earlierPetitions: earlierPetitions))
        }
        dependencies.changes.publish(number)
        try await Auditor(dependencies: dependencies).record(
            "ticket.\(command.action.rawValue)", by: actor, subject: number,
            address: address, detail: "v\(result.state.version)")
        switch command {
        case .reply(let text, _), .answer(let text):
            await RegisterAnswers(dependencies: dependencies).ticketAnswered(number, text: text, by: actor.eventActor)
        default:
            break
        }
        return result
    }

    /// 重复信访: the petitions the same requester (by the keyed hash of their phone) brought earlier on the same category.
    private func earlierPetitions(of number: String) async throws -> [String] {
        guard let ticket = try await store.ticket(number: number),
            let phone = ticket.state.requester.phone.flatMap(PhoneNumber.normalized)
        else { return [] }
        return try await store.petitionNumbers(
            phoneDigest: dependencies.stores.phoneDigest(phone), category: ticket.state.category, registeredBefore: dependencies.clock()
        )
        .filter { $0 != number }
    }

    /// The requester's contact in clear, for the handling chain only; every reveal is an audit line.
    public func revealContact(_ number: String, for actor: StaffActor, from address: String) async throws -> Requester {
        let ticket = try await ticket(number, for: actor)
        guard TicketPolicy.mayRevealContact(actor, on: ticket.state) else { throw AccessError.forbidden }
        guard ticket.state.requester.hasContact else { throw NoContact() }
        try await Auditor(dependencies: dependencies).record("contact.reveal", by: actor, subject: number, address: address)
        // The WeChat OpenID is an address for messages only, of no use to a person calling back.
        var requester = ticket.state.requester
        requester.wechat = nil
        return requester
    }

    public func list(_ query: TicketQuery) async throws -> TicketPage {
        try await store.tickets(matching: query)
    }
}

extension TicketService {
    /// How the requester proved who they are: the tracking code from the receipt, or the phone's last four digits
    /// (enough to read the public timeline, never to rate).
    public enum RequesterProof: String { case trackingCode, phoneTail }

    /// The ticket its requester asks about: the number with the tracking code, or with the last four digits of the
    /// phone given. Any mismatch is "not found", so that a guess learns nothing; guesses are limited per address and
    /// per ticket (429 with Retry-After), and each failed one on an existing ticket is an audit line.
    public func requesterTicket(number: String, code: String, from address: String, rating: Bool = false) async throws -> (
        StoredTicket, RequesterProof
    ) {
        let now = dependencies.clock(), limiter = dependencies.limiter
        if let wait = try await limiter.attempt("track:address:" + address, limit: RateLimiter.trackPerAddress, at: now) {
            throw TooManyRequests(retryAfter: wait)
        }
        if let wait = try await limiter.check("track:failed:" + address, limit: RateLimiter.trackFailuresPerAddress, at: now) {
            throw TooManyRequests(retryAfter: wait)
        }
        let number = number.trimmingCharacters(in: .whitespaces).uppercased()
        let code = code.trimmingCharacters(in: .whitespaces).uppercased()
        let ticket = code.isEmpty || number.count > 40 ? nil : try await store.ticket(number: number)
        guard let ticket else {
            try await limiter.record("track:failed:" + address, at: now)
            throw AccessError.notFound
        }
        if ticket.state.trackingCode.map({ $0 == code }) ?? false { return (ticket, .trackingCode) }
        // Past a few failures on one ticket only its tracking code opens it: four digits are too few to guess at.
        let ticketKey = "track:ticket:" + ticket.state.number
        let blocked = try await limiter.check(ticketKey, limit: RateLimiter.trackFailuresPerTicket, at: now)
        let byPhone = !rating && blocked == nil && code.count == 4 && (ticket.state.requester.phone?.hasSuffix(code) ?? false)
        if byPhone { return (ticket, .phoneTail) }
        try await limiter.record("track:failed:" + address, at: now)
        try await limiter.record(ticketKey, at: now)
        try await Auditor(dependencies: dependencies).record(
            "track.failed", by: "public", organization: nil, subject: ticket.state.number,
            address: address, detail: rating ? "rate" : (blocked == nil ? "lookup" : "lookup-blocked"))
        if let blocked { throw TooManyRequests(retryAfter: blocked) }
        throw AccessError.notFound
    }

    /// The ticket a one-time rating link opens: `AccessError.notFound` for a token nobody was sent, `RatingLinkSpent`
    /// once it was used or expired.
    public func ticket(ratingLink token: String) async throws -> StoredTicket {
        guard token.count == 32, let link = try await dependencies.stores.outbox.ratingLink(digest: RatingLinks.digest(token)) else {
            throw AccessError.notFound
        }
        guard link.usedAt == nil, link.expiresAt > dependencies.clock() else { throw RatingLinkSpent() }
        guard let ticket = try await store.ticket(number: link.ticket) else { throw AccessError.notFound }
        return ticket
    }

    /// Rates the reply through its link, which then stops working.
    public func rate(ratingLink token: String, satisfaction: Satisfaction, note: String?) async throws -> StoredTicket {
        let ticket = try await ticket(ratingLink: token)
        let rated = try await rate(ticket, satisfaction: satisfaction, note: note)
        _ = try await dependencies.stores.outbox.useRatingLink(digest: RatingLinks.digest(token), at: dependencies.clock())
        return rated
    }

    /// The messages owed to the ticket's requester, in any state (staff alerts about the ticket are not theirs).
    public func requesterMessages(_ number: String) async throws -> [OutboxEntry] {
        try await dependencies.stores.outbox.messages(ofTicket: number).filter { $0.message.recipient == .requester }
    }

    /// The messages that went to the ticket's requester (its public timeline shows that they were told, not what).
    public func sentMessages(_ number: String) async throws -> [OutboxEntry] {
        try await requesterMessages(number).filter { $0.status == .sent }
    }

    /// The ticket as it stands now (after a refused action, to show its current state).
    public func reloaded(_ ticket: StoredTicket) async throws -> StoredTicket {
        try await store.ticket(number: ticket.state.number) ?? ticket
    }

    /// The requester rates the reply (found with the tracking code): satisfied closes the ticket, unsatisfied (with a reason)
    /// reopens it.
    /// - Parameter ticket: as found by `requesterTicket(…, rating: true)`.
    public func rate(_ ticket: StoredTicket, satisfaction: Satisfaction, note: String?) async throws -> StoredTicket {
        let reference = dependencies.reference.snapshot.data
        let now = dependencies.clock()
        let result = try await store.apply(to: ticket.state.number, mergeTarget: nil, by: .publicRequester, at: now) { state, _ in
            try TicketLifecycle.decide(
                .followUp(satisfaction: satisfaction, note: note), on: state, by: nil,
                context: DecisionContext(reference: reference, now: now))
        }
        dependencies.changes.publish(result.state.number)
        return result
    }
}

/// The ticket's requester left no contact (anonymous): there is nothing to reveal.
public struct NoContact: Error, Sendable {
    public init() {}
}
