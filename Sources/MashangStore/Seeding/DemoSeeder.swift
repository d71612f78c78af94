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
        let count = tickets.count + (try await seedRisingCluster(rules: rules, now: now))
        try await DemoRegisterSeeder(database: database, now: now).seed()
        return count
    }

    /// A problem that is growing now, so that the dashboard's early warning and the common-issue flow have something
    /// to show: lift breakdowns at one building, two in the week before last and five in the last week.
    func seedRisingCluster(rules: DispatchRuleSet, now: Date) async throws -> Int {
        let texts = ["五栋电梯又停了,老人上下楼困难", "五栋电梯经常停运,老人上下楼很困难", "五栋电梯停运两天了,老人下不了楼",
                     "五栋电梯又坏了,停运,老人困在楼上", "五栋电梯经常停,老人上下楼困难,请尽快修", "五栋电梯停运,老人出门困难",
                     "五栋电梯又停运了,老人上下楼困难"]
        let daysAgo = [12, 9, 6, 4, 3, 2, 1]
        var generator = SystemRandomNumberGenerator()
        for (text, days) in zip(texts, daysAgo) {
            let decision = rules.route(category: "property.elevator", area: "jiangzuan-grid1", kind: .complaint, text: text)
            let draft = TicketDraft(channel: .qr, kind: .complaint, category: "property.elevator", area: "jiangzuan-grid1",
                                    intakePoint: "jiangzuan-gate", urgency: .normal, description: text,
                                    requester: Requester(name: "居民", phone: "1390000" + String(format: "%04d", days * 37 % 10_000)),
                                    trackingCode: TrackingCode.make(using: &generator), holder: "joint",
                                    suggestedOrganization: decision?.organization, suggestedDepartment: decision?.department)
            _ = try await database.tickets.create(draft, by: EventActor(username: "resident", organization: nil),
                                                  at: now.addingTimeInterval(-Double(days) * 86_400 + 3600), idempotencyKey: nil)
        }
        return texts.count
    }
}
