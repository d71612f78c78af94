import Foundation
import MashangCore
import MashangTesting
import Testing

struct DemoTicketGeneratorTests {
    func generate(seed: UInt64 = 7) throws -> [StoredTicket] {
        var generator = DemoTicketGenerator(reference: Fixtures.reference, rules: Fixtures.rules, seed: seed)
        let start = ChinaTime.day("2025-01-01")!
        return try generator.generate(count: 3_600, from: start, to: Fixtures.now)
    }

    @Test func demoTicketsCoverEveryStateWithHistoriesThatFoldToTheirState() throws {
        let tickets = try generate()
        #expect(tickets.count == 3_600)
        #expect(Set(tickets.map(\.state.status)) == Set(TicketStatus.allCases))
        #expect(Set(tickets.map(\.state.channel)).isSuperset(of: [.qr, .hotline, .walkIn, .legalDay, .homeVisit, .sentimentReport]))
        #expect(Set(tickets.map(\.state.leadOrganization)).count == 5)
        for ticket in tickets {
            #expect(TicketState.fold(ticket.events) == ticket.state)
            #expect(ticket.events.last!.occurredAt <= Fixtures.now)
        }
        let satisfactions = tickets.compactMap(\.state.satisfaction)
        #expect(satisfactions.contains(.unsatisfied) && satisfactions.contains(.satisfied) && satisfactions.contains(.basicallySatisfied))
        #expect(tickets.contains { $0.state.sendBackCount == 2 && $0.state.bindingDispatch })
        // Petitions among them, a few repeated, some taken to 复查 and 复核.
        let petitions = tickets.compactMap(\.state.petition)
        #expect(petitions.count > 40 && petitions.contains { $0.registration.repeatOf != nil })
        #expect(Set(petitions.compactMap(\.acceptance?.outcome)) == Set(PetitionOutcome.allCases))
        #expect(petitions.contains { $0.reviews.count == 2 && $0.reviews.last?.decision != nil })
    }

    @Test func theSameSeedGivesTheSameTickets() throws {
        #expect(try generate(seed: 3).map(\.state) == generate(seed: 3).map(\.state))
        #expect(try generate(seed: 3).map(\.state) != generate(seed: 4).map(\.state))
    }

    @Test func numbersRunPerYear() throws {
        let numbers = try generate().map(\.state.number)
        #expect(numbers.first == "MS-2025-000001")
        #expect(numbers.contains("MS-2026-000001"))
        #expect(Set(numbers).count == numbers.count)
    }
}
