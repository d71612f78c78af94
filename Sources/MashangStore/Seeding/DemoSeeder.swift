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

    /// `mashang seed --synthetic N`: N realistic tickets with their whole histories (the demo's generator: channels,
    /// categories, areas, bounces, tasks, replies, follow-ups, a backlog at the end) received over the `years` before
    /// `now`, written 500 per transaction while the next slice is generated. The demo configuration and users are
    /// loaded first when the database has none. `progress` is told the running count after every slice.
    @discardableResult
    public func seedSynthetic(
        count: Int, years: Int = 2, now: Date, passwordHash: String, seed: UInt64 = 42,
        progress: @Sendable (Int) -> Void = { _ in }
    ) async throws -> Int {
        if try await isEmpty() {
            try await database.reference.replaceReferenceData(DemoReference.referenceData, rules: DemoReference.rules)
            for user in DemoReference.users where try await database.accounts.account(username: user.username) == nil {
                _ = try await database.accounts.createAccount(
                    username: user.username, passwordHash: passwordHash, displayName: user.displayName,
                    organization: user.organization, role: user.role, department: user.department)
            }
        }
        let reference = try await database.reference.referenceData()
        let rules = try DispatchRuleSet(
            rules: try await database.reference.dispatchRules(), categoryTree: reference.categoryTree,
            areaTree: reference.areaTree)
        let start = now.addingTimeInterval(-Double(years) * 365 * 86_400)
        let sliceSize = 10_000
        let slices = max(1, (count + sliceSize - 1) / sliceSize)
        let span = now.timeIntervalSince(start) / Double(slices)
        // Numbers continue after whatever the years already hold.
        var generator = DemoTicketGenerator(
            reference: reference, rules: rules, seed: seed,
            sequences: try await database.tickets.lastNumbers())
        func slice(_ index: Int) throws -> [StoredTicket] {
            let size = index == slices - 1 ? count - sliceSize * (slices - 1) : sliceSize
            let from = start.addingTimeInterval(span * Double(index))
            return try generator.generate(count: size, from: from, to: from.addingTimeInterval(span), now: now)
        }
        var written = 0
        var next = try slice(0)
        for index in 0..<slices {
            let tickets = next
            // Write this slice while the next one is generated: the writer and the generator use different cores.
            async let writing: Void = {
                for start in stride(from: 0, to: tickets.count, by: 500) {
                    try await database.tickets.importTickets(Array(tickets[start..<min(tickets.count, start + 500)]))
                }
            }()
            next = index + 1 < slices ? try slice(index + 1) : []
            try await writing
            written += tickets.count
            progress(written)
        }
        return written
    }

    /// A problem that is growing now, so that the dashboard's early warning and the common-issue flow have something
    /// to show: lift breakdowns at one building, two in the week before last and five in the last week.
    func seedRisingCluster(rules: DispatchRuleSet, now: Date) async throws -> Int {
        let texts = [
            "五栋电梯又停了,老人上下楼困难", "五栋电梯经常停运,老人上下楼很困难", "五栋电梯停运两天了,老人下不了楼",
            "五栋电梯又坏了,停运,老人困在楼上", "五栋电梯经常停,老人上下楼困难,请尽快修", "五栋电梯停运,老人出门困难",
            "五栋电梯又停运了,老人上下楼困难",
        ]
        let daysAgo = [12, 9, 6, 4, 3, 2, 1]
        var generator = SystemRandomNumberGenerator()
        for (text, days) in zip(texts, daysAgo) {
            let decision = rules.route(category: "property.elevator", area: "jiangzuan-grid1", kind: .complaint, text: text)
            let draft = TicketDraft(
                channel: .qr, kind: .complaint, category: "property.elevator", area: "jiangzuan-grid1",
                intakePoint: "jiangzuan-gate", urgency: .normal, description: text,
                requester: Requester(name: "居民", phone: "1390000" + String(format: "%04d", days * 37 % 10_000)),
                trackingCode: TrackingCode.make(using: &generator), holder: "joint",
                suggestedOrganization: decision?.organization, suggestedDepartment: decision?.department)
            _ = try await database.tickets.create(
                draft, by: EventActor(username: "resident", organization: nil),
                at: now.addingTimeInterval(-Double(days) * 86_400 + 3600), idempotencyKey: nil)
        }
        return texts.count
    }
}
