import Foundation
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// Anonymising requesters (PIPL retention and erasure) on each database: every figure and its recount stay as they
/// were, the histories still verify, the contact and its phone hash are gone, and a later change to the anonymised
/// creation event is still found.
enum AnonymisationConformance {
    static let cases: [StoreCase] = [
        StoreCase(name: "anonymising closed tickets keeps every figure and recount, and the chains verify", run: figuresKept),
        StoreCase(name: "an anonymised creation event changed again is found by verify", run: tamperedAfterwards),
    ]

    struct Figures: Equatable {
        var totals: [String: FigureTotals]
        var recount: [String: [String: [FigureMeasure: Set<String>]]]
    }

    static func figures(_ database: MashangDatabase, numbers: [String], end: Date) async throws -> (Figures, ConductReport, [StoredTicket])
    {
        try await database.figures.refreshAll(batch: 97, at: end)
        var tickets: [StoredTicket] = []
        for number in numbers { tickets.append(try #require(try await database.tickets.ticket(number: number))) }
        let rules = try await database.calendar.timeRules()
        let recount = IndependentRecount(tickets, rules: rules, reference: Fixtures.reference, at: end)
        let from = ChinaDay("2025-01-01")!, to = ChinaDay(end)
        var result = Figures(totals: [:], recount: [:])
        for scope in recount.scopes {
            result.totals[scope] = try await database.figures.counts(scope: scope, from: from, to: to)
            for dimension in IndependentRecount.dimensions {
                result.recount["\(scope) \(dimension)"] = recount.values(scope: scope, dimension: dimension)
            }
        }
        return (result, try await database.figures.conduct(from: from, to: to, organization: nil), tickets)
    }

    static func figuresKept(_ database: MashangDatabase) async throws {
        let seed = RandomHistories.seedFromEnvironment()
        let (numbers, end) = try await RandomHistories(seed: seed, imported: 300, created: 100, actions: 700).write(into: database)
        let (before, conductBefore, ticketsBefore) = try await figures(database, numbers: numbers, end: end)
        let due = try await database.tickets.ticketsToAnonymise(closedBefore: end.addingTimeInterval(1), limit: 10_000)
        let closed = Set(ticketsBefore.filter { $0.state.closedAt != nil && $0.state.requester != Requester() }.map(\.state.number))
        #expect(Set(due) == closed && closed.count > 20, "seed \(seed): \(due.count) due, \(closed.count) closed with a contact")
        let phones = Set(ticketsBefore.filter { closed.contains($0.state.number) }.compactMap(\.state.requester.phone))
        let actor = EventActor(username: "system:retention", organization: nil)
        for number in due {
            let anonymised = try #require(
                try await database.tickets.anonymiseRequester(number: number, reason: .retention, note: nil, by: actor, at: end))
            #expect(anonymised.state.requester == Requester())
            guard case .requesterAnonymised(let attestation) = anonymised.events.last?.change else {
                Issue.record("ticket \(number) has no anonymisation event")
                continue
            }
            #expect(attestation.reason == .retention)
        }
        // Once only; nothing is left to do.
        #expect(try await database.tickets.anonymiseRequester(number: due[0], reason: .retention, note: nil, by: actor, at: end) == nil)
        #expect(try await database.tickets.ticketsToAnonymise(closedBefore: end.addingTimeInterval(1), limit: 10).isEmpty)

        let (after, conductAfter, ticketsAfter) = try await figures(database, numbers: numbers, end: end)
        #expect(after.totals == before.totals, "seed \(seed): the stored figures changed")
        #expect(after.recount == before.recount, "seed \(seed): the recount changed")
        #expect(StoreConformance.conductDifferences(conductAfter, conductBefore).isEmpty, "seed \(seed): conduct changed")
        // The histories are the same apart from the contact and the attesting event; the open tickets are untouched.
        for (old, new) in zip(ticketsBefore, ticketsAfter) {
            if closed.contains(old.state.number) {
                #expect(new.events.count == old.events.count + 1 && new.state.updatedAt == old.state.updatedAt)
                #expect(Array(new.events.dropFirst().dropLast()) == Array(old.events.dropFirst()))
            } else {
                #expect(new == old)
            }
        }
        // No phone of theirs finds a ticket any more, and no sealed contact is left in their creation events.
        for phone in phones {
            let found = try await database.tickets.tickets(matching: TicketQuery(phoneDigest: database.stores.phoneDigest(phone)))
            #expect(found.items.allSatisfy { !closed.contains($0.number) }, "seed \(seed): \(phone) still finds a closed ticket")
        }
        let report = try await database.integrity.verify(from: nil)
        #expect(report.intact, "seed \(seed): \(report.problems.prefix(3))")
        print("anonymisation: seed \(seed), \(due.count) of \(numbers.count) tickets anonymised, figures and recount unchanged")
    }

    static func tamperedAfterwards(_ database: MashangDatabase) async throws {
        let number = try await database.tickets.create(
            Fixtures.draft(), by: EventActor(username: "joint.intake", organization: "joint"), at: Fixtures.now, idempotencyKey: nil
        ).ticket.state.number
        let actor = EventActor(username: "joint.supervisor", organization: "joint")
        let erased = try #require(
            try await database.tickets.anonymiseRequester(number: number, reason: .erasure, note: "本人申请", by: actor, at: Fixtures.now))
        #expect(erased.state.requester == Requester() && erased.state.status == .received)
        #expect(try await database.integrity.verifyTicket(number: number)?.problem == nil)
        // Someone puts a contact back into the anonymised creation event: no longer the attested payload.
        try await database.backend.write { db in
            try await db.raw(
                """
                UPDATE ticket_events SET payload = REPLACE(payload, '"requester":{}', '"requester":{"name":"王华"}')
                WHERE sequence = 1 AND ticket_id = (SELECT id FROM tickets WHERE number = \(bind: number))
                """
            ).run()
        }
        let problem = try #require(try await database.integrity.verifyTicket(number: number)?.problem)
        #expect(problem.kind == .altered && problem.record == "ticket \(number) event 1")
    }
}
