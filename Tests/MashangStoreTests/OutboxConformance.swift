import Foundation
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// The outbox on both databases: an event's messages are written with it (and only once), claims do not overlap,
/// failures are retried and then dead-lettered, and the day's count finds every ticket of the same phone.
extension StoreConformance {
    static let outboxCases: [StoreCase] = [
        StoreCase(name: "an event's messages are written in its transaction, once", run: eventsWriteTheirMessages),
        StoreCase(name: "outbox claims, retries, dead letters and resends", run: outboxLifecycle),
        StoreCase(name: "the day's text messages count every ticket of the same phone", run: sentToSamePhoneCounts),
        StoreCase(name: "a message left mid-send is never sent again by itself", run: messagesLeftMidSend),
    ]

    static func messagesLeftMidSend(_ database: MashangDatabase) async throws {
        for _ in 0..<2 {
            _ = try await database.tickets.create(
                consentingDraft(), by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: nil)
        }
        let claimed = try await database.outbox.claimDue(at: Fixtures.now, lease: 120, limit: 10)
        #expect(claimed.count == 2)
        let inFlight = claimed[0], waiting = claimed[1]
        #expect(try await database.outbox.markSending(inFlight.id, until: Fixtures.now.addingTimeInterval(30)))
        // Taken already: a second node with a stale claim must not send it too.
        #expect(try await !database.outbox.markSending(inFlight.id, until: Fixtures.now.addingTimeInterval(30)))
        // The node stops. Within the mark nothing changes; after it the message is dead, outcome unknown, while the one
        // only claimed comes back to be sent once its claim ends.
        #expect(try await database.outbox.expireInFlight(at: Fixtures.now.addingTimeInterval(29)) == 0)
        #expect(try await database.outbox.expireInFlight(at: Fixtures.now.addingTimeInterval(31)) == 1)
        let entries = try await database.outbox.recent(status: nil, limit: 10)
        let dead = try #require(entries.first { $0.id == inFlight.id })
        #expect(dead.status == .dead && dead.lastError?.hasPrefix("outcome unknown") == true)
        #expect(
            try await database.outbox.claimDue(at: Fixtures.now.addingTimeInterval(121), lease: 120, limit: 10).map(\.id) == [waiting.id])
        // An administrator who checked with the provider may send it again.
        #expect(try await database.outbox.resend(inFlight.id, at: Fixtures.now.addingTimeInterval(200)))
    }

    static func consentingDraft(phone: String = "13812345678", sms: Bool = true) -> TicketDraft {
        var draft = Fixtures.draft()
        draft.requester.phone = phone
        draft.contactConsent = ContactConsent(sms: sms)
        return draft
    }

    static func eventsWriteTheirMessages(_ database: MashangDatabase) async throws {
        let created = try await database.tickets.create(
            consentingDraft(), by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: "outbox-1")
        let number = created.ticket.state.number
        // The same submission again (its idempotency key) writes no second message.
        _ = try await database.tickets.create(
            consentingDraft(), by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: "outbox-1")
        _ = try await database.tickets.apply(to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: Fixtures.now) {
            state, _ in
            try TicketLifecycle.decide(
                .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: state,
                by: Fixtures.jointDispatcher, context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
        }
        let messages = try await database.outbox.messages(ofTicket: number)
        #expect(messages.map(\.message.purpose) == [.received, .dispatched])
        #expect(messages.allSatisfy { $0.status == .pending && $0.attempts == 0 && $0.nextAttemptAt == Fixtures.now })
        #expect(messages[1].message.variables == ["organization": "guanghua-street"])

        // A refused change rolls its messages back with it.
        await #expect(throws: LifecycleError.self) {
            _ = try await database.tickets.apply(to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: Fixtures.now) {
                state, _ in
                try TicketLifecycle.decide(
                    .reply(text: "x", contactMethod: .phone), on: state, by: Fixtures.jointDispatcher,
                    context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
            }
        }
        #expect(try await database.outbox.messages(ofTicket: number).count == 2)

        // Without consent the message is kept, withheld, and never claimed.
        let refused = try await database.tickets.create(
            consentingDraft(sms: false), by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: nil)
        let kept = try await database.outbox.messages(ofTicket: refused.ticket.state.number)
        #expect(kept.map(\.status) == [.withheld] && kept.map(\.withheld) == [.noConsent])
        let claimed = try await database.outbox.claimDue(at: Fixtures.now, lease: 60, limit: 10)
        #expect(Set(claimed.map(\.message.ticket)) == [number])
        #expect(try await database.outbox.pendingCount() == 2)
    }

    static func outboxLifecycle(_ database: MashangDatabase) async throws {
        let created = try await database.tickets.create(
            consentingDraft(), by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: nil)
        let number = created.ticket.state.number
        let first = try #require(try await database.outbox.claimDue(at: Fixtures.now, lease: 60, limit: 10).first)
        // Claimed: another node asking within the lease gets nothing; after it, the same message again.
        #expect(try await database.outbox.claimDue(at: Fixtures.now.addingTimeInterval(30), lease: 60, limit: 10).isEmpty)
        #expect(try await database.outbox.claimDue(at: Fixtures.now.addingTimeInterval(61), lease: 60, limit: 10).map(\.id) == [first.id])

        try await database.outbox.markFailed(first.id, error: "gateway 503", retryAt: Fixtures.now.addingTimeInterval(300))
        var entry = try #require(try await database.outbox.messages(ofTicket: number).first)
        #expect(entry.status == .pending && entry.attempts == 1 && entry.lastError == "gateway 503")
        #expect(try await database.outbox.claimDue(at: Fixtures.now.addingTimeInterval(299), lease: 60, limit: 10).isEmpty)

        try await database.outbox.markFailed(first.id, error: "gateway 503", retryAt: nil)
        entry = try #require(try await database.outbox.messages(ofTicket: number).first)
        #expect(entry.status == .dead && entry.attempts == 2)
        #expect(try await database.outbox.recent(status: .dead, limit: 10).map(\.id) == [first.id])

        #expect(try await database.outbox.resend(first.id, at: Fixtures.now.addingTimeInterval(400)))
        // Only a dead (or channel-less) message may be sent again.
        #expect(try await !database.outbox.resend(first.id, at: Fixtures.now.addingTimeInterval(400)))
        let again = try await database.outbox.claimDue(at: Fixtures.now.addingTimeInterval(400), lease: 60, limit: 10)
        #expect(again.map(\.id) == [first.id] && again.first?.attempts == 0)

        try await database.outbox.markSent(first.id, providerID: "gw-1", at: Fixtures.now.addingTimeInterval(401))
        entry = try #require(try await database.outbox.messages(ofTicket: number).first)
        #expect(entry.status == .sent && entry.sentAt == Fixtures.now.addingTimeInterval(401) && entry.lastError == nil)

        try await database.outbox.withhold(first.id, reason: .noChannel)
        #expect(try await database.outbox.recent(status: .withheld, limit: 10).first?.withheld == .noChannel)
    }

    static func sentToSamePhoneCounts(_ database: MashangDatabase) async throws {
        var numbers: [String] = []
        for phone in ["13812345678", "13812345678", "13900001111"] {
            let created = try await database.tickets.create(
                consentingDraft(phone: phone), by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: nil)
            numbers.append(created.ticket.state.number)
        }
        for entry in try await database.outbox.claimDue(at: Fixtures.now, lease: 60, limit: 10) {
            try await database.outbox.markSent(entry.id, providerID: nil, at: Fixtures.now)
        }
        #expect(try await database.outbox.sentToSamePhone(asTicket: numbers[0], since: Fixtures.now) == 2)
        #expect(try await database.outbox.sentToSamePhone(asTicket: numbers[1], since: Fixtures.now) == 2)
        #expect(try await database.outbox.sentToSamePhone(asTicket: numbers[2], since: Fixtures.now) == 1)
        #expect(try await database.outbox.sentToSamePhone(asTicket: numbers[0], since: Fixtures.now.addingTimeInterval(1)) == 0)
    }
}
