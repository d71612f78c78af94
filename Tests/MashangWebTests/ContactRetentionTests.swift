import Foundation
import Logging
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import Testing

/// The daily job anonymises the requesters of tickets closed longer ago than `MASHANG_CONTACT_RETENTION_YEARS`, and
/// only those; each run that did something leaves an audit line, and the histories still verify.
struct ContactRetentionTests {
    @Test func theCutoffIsTheSameMomentYearsBack() throws {
        let now = try #require(ChinaDay("2026-12-05")).at(10 * 3600)
        #expect(ChinaTime.minuteString(ContactRetention.cutoff(years: 3, now: now)) == "2023-12-05 10:00")
        // 29 February has no date three years on or back: the calendar takes the 28th.
        let leap = try #require(ChinaDay("2028-02-29")).at(0)
        #expect(ChinaTime.minuteString(ContactRetention.cutoff(years: 1, now: leap)) == "2027-02-28 00:00")
    }

    @Test func onlyTicketsClosedBeforeTheRetentionAreAnonymised() async throws {
        try await TestDatabases.withSQLite { database in
            let (numbers, end) = try await RandomHistories(seed: 7, imported: 120, created: 40, actions: 300).write(into: database)
            var closedAt: [String: Date] = [:]
            for number in numbers {
                if let ticket = try await database.tickets.ticket(number: number), let closed = ticket.state.closedAt,
                    ticket.state.requester != Requester()
                {
                    closedAt[number] = closed
                }
            }
            // A year and a day after the walk's last closures minus half its span: the older half is due.
            let sorted = closedAt.values.sorted()
            let middle = sorted[sorted.count / 2]
            let clock = middle.addingTimeInterval(365 * 86_400 + 86_400)
            let dependencies = try await AppDependencies.load(stores: database.stores, clock: { clock })
            let job = ContactRetention(dependencies: dependencies, years: 1, interval: .seconds(3600), logger: Logger(label: "test"))
            let cutoff = ContactRetention.cutoff(years: 1, now: clock)
            let expected = Set(closedAt.filter { $0.value < cutoff }.keys)
            #expect(!expected.isEmpty && expected.count < closedAt.count)
            #expect(Set(try await job.anonymiseExpired()) == expected)
            #expect(try await job.anonymiseExpired().isEmpty)
            for number in closedAt.keys {
                let requester = try #require(try await database.tickets.ticket(number: number)).state.requester
                #expect((requester == Requester()) == expected.contains(number), "\(number)")
            }
            let audit = try await database.audit.entries(matching: AuditQuery(action: "privacy.retention"))
            #expect(audit.count == 1 && audit.first?.actor == "system:retention" && audit.first?.subject == "\(expected.count) tickets")
            #expect(try await database.integrity.verify(from: nil).intact)
        }
    }
}
