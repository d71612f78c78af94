import Foundation
import MashangCore
import MashangTesting
import Testing

@testable import MashangStore

/// A list's total is counted once per filter and forgotten as soon as a ticket changes: the next page after a new
/// ticket or an action shows the new total at once.
struct ListCountTests {
    @Test func aRememberedTotalIsForgottenWhenATicketChanges() async throws {
        try await TestDatabases.withSQLite { database in
            let reference = Fixtures.reference
            let rules = try DispatchRuleSet(rules: DemoReference.rules, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
            var generator = DemoTicketGenerator(reference: reference, rules: rules, seed: 5)
            let tickets = try generator.generate(count: 130, from: Fixtures.now.addingTimeInterval(-20 * 86_400), to: Fixtures.now)
            try await database.tickets.importTickets(tickets)
            let query = TicketQuery(page: 2, pageSize: 50)
            #expect(try await database.tickets.tickets(matching: query).total == 130)
            #expect(try await database.tickets.tickets(matching: TicketQuery(page: 3, pageSize: 50)).total == 130)  // remembered

            let draft = TicketDraft(
                channel: .web, kind: .help, category: "housing.leak", area: "jiangzuan-grid1", intakePoint: nil, urgency: .normal,
                description: "新的诉求", requester: Requester(name: "孙", phone: "13600000000"), trackingCode: nil,
                holder: "joint", suggestedOrganization: nil, suggestedDepartment: nil)
            let created = try await database.tickets.create(
                draft, by: .publicRequester, at: Fixtures.now, idempotencyKey: nil, replayWindow: nil, photos: [])
            #expect(try await database.tickets.tickets(matching: query).total == 131)

            // An action that moves a ticket out of a filter shows in that filter's total at once.
            let received = TicketQuery(statuses: [.received], page: 2, pageSize: 1)
            let before = try await database.tickets.tickets(matching: received).total
            let dispatcher = StaffActor(
                username: "joint.dispatcher", organization: "joint", organizationKind: .joint, role: .dispatcher, department: nil)
            _ = try await database.tickets.apply(
                to: created.ticket.state.number, mergeTarget: nil, by: dispatcher.eventActor, at: Fixtures.now
            ) { state, _ in
                try TicketLifecycle.decide(
                    .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: state, by: dispatcher,
                    context: DecisionContext(reference: reference, now: Fixtures.now))
            }
            #expect(try await database.tickets.tickets(matching: received).total == before - 1)
        }
    }

    /// A change that moves no ticket between lists (the sweeper's deadline warnings, thousands at a time when a
    /// backlog falls due) keeps the remembered totals; one that does forgets them. (The totals belong to the database
    /// they count, so other tests' writes do not touch them.)
    @Test func aChangeThatMovesNoTicketBetweenListsKeepsTheTotals() async throws {
        try await TestDatabases.withSQLite { database in
            let actor = Fixtures.jointIntake.eventActor
            var numbers: [String] = []
            for index in 0..<6 {
                numbers.append(
                    try await database.tickets.create(
                        Fixtures.draft(description: "第\(index)件"), by: actor, at: Fixtures.now,
                        idempotencyKey: nil
                    ).ticket.state.number)
            }
            let received = TicketQuery(statuses: [.received], page: 2, pageSize: 2)
            #expect(try await database.tickets.tickets(matching: received).total == 6)
            let counts = database.caches.listCounts
            let remembered = counts.current
            let deadline = Deadline(
                kind: .signFor, organization: "joint", department: nil, startedAt: Fixtures.now,
                warnAt: Fixtures.now, due: Fixtures.now.addingTimeInterval(3_600))
            let warned = try await database.tickets.applyIfNeeded(
                to: numbers[1], by: EventActor(username: "system", organization: nil),
                at: Fixtures.now
            ) { _ in .deadlineWarned(DeadlineNotice(deadline)) }
            #expect(warned?.state.version == 2)
            #expect(counts.current == remembered)  // nothing moved: the totals are kept

            let dispatcher = Fixtures.jointDispatcher
            _ = try await database.tickets.apply(to: numbers[2], mergeTarget: nil, by: dispatcher.eventActor, at: Fixtures.now) {
                state, _ in
                try TicketLifecycle.decide(
                    .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: state,
                    by: dispatcher, context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
            }
            #expect(counts.current != remembered)  // one moved: forgotten
            #expect(try await database.tickets.tickets(matching: received).total == 5)
        }
    }
}
