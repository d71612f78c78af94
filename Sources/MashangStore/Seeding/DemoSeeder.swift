import Foundation
import MashangCore

/// Loads the demo configuration, the demo users and two calendar years of generated tickets.
public struct DemoSeeder: Sendable {
    public let database: MashangDatabase

    public init(database: MashangDatabase) {
        self.database = database
    }

    /// Whether the database holds no configuration yet (a fresh install).
    public func isEmpty() async throws -> Bool {
        try await database.reference.referenceData().organizations.isEmpty
    }

    /// Seeds everything. `passwordHash` is the bcrypt hash every demo user gets. Tickets are received from
    /// 1 January of last year until `now`. Returns the number of tickets written.
    @discardableResult
    public func seed(passwordHash: String, now: Date, ticketCount: Int = 3_600) async throws -> Int {
        let reference = DemoReference.referenceData
        try await database.reference.replaceReferenceData(reference, rules: DemoReference.rules)
        for user in DemoReference.users where try await database.accounts.account(username: user.username) == nil {
            _ = try await database.accounts.createAccount(
                username: user.username, passwordHash: passwordHash, displayName: user.displayName,
                organization: user.organization, role: user.role, department: user.department)
        }
        let rules = try DispatchRuleSet(rules: DemoReference.rules, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
        let start = ChinaTime.calendar.date(from: DateComponents(year: ChinaTime.year(of: now) - 1, month: 1, day: 1))!
        var generator = DemoTicketGenerator(reference: reference, rules: rules, seed: 20_250_101)
        let tickets = try generator.generate(count: ticketCount, from: start, to: now)
        var index = 0
        while index < tickets.count {
            let chunk = Array(tickets[index..<min(tickets.count, index + 500)])
            try await database.tickets.importTickets(chunk)
            index += chunk.count
        }
        return tickets.count
    }
}
