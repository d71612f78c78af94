import Foundation
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// The stores around the ticket loop on both databases: the inbox, the webhook outbox (claimed with `SKIP LOCKED` on
/// PostgreSQL), API keys, common issues, exemplary cases and the requests hotspot detection reads.
extension StoreConformance {
    static let integrationCases: [StoreCase] = [
        StoreCase(name: "the inbox shows each audience its notifications and keeps reads per person", run: inboxPerAudience),
        StoreCase(name: "webhook deliveries are claimed once, retried, dead-lettered and resent", run: webhookOutbox),
        StoreCase(name: "API keys are found by digest until revoked", run: apiKeysByDigest),
        StoreCase(name: "a common issue links its tickets all or none and its answer replies to each", run: commonIssueAllOrNone),
        StoreCase(name: "exemplary cases are chosen, renoted and removed per period", run: exemplaryCasesPerPeriod),
        StoreCase(name: "hotspot detection reads the scope's requests since a moment, newest first", run: recentRequestsInScope),
    ]

    /// A received ticket dispatched to 广华街道 at `date`; its number.
    static func dispatchedTicket(_ database: MashangDatabase, at date: Date = Fixtures.now) async throws -> String {
        let number = try await database.tickets.create(Fixtures.draft(), by: actor, at: date, idempotencyKey: nil).ticket.state.number
        _ = try await database.tickets.apply(to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: date) { state, _ in
            try TicketLifecycle.decide(
                .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: state,
                by: Fixtures.jointDispatcher, context: DecisionContext(reference: Fixtures.reference, now: date))
        }
        return number
    }

    static func inboxPerAudience(_ database: MashangDatabase) async throws {
        let number = try await dispatchedTicket(database)
        let street = [NotificationAudience.coordinators("guanghua-street")]
        let items = try await database.notifications.inbox(audiences: street, username: "gh.a")
        #expect(items.map(\.kind) == [.dispatched] && items.first?.ticket == number && items.first?.read == false)
        #expect(items.first?.details["organization"] == "guanghua-street")
        #expect(
            try await database.notifications.inbox(audiences: [NotificationAudience.coordinators("jianghan-oilfield")], username: "x")
                .isEmpty)
        #expect(try await database.notifications.unreadCount(audiences: street, username: "gh.a") == 1)
        let id = try #require(items.first?.id)
        // Someone outside its audiences cannot mark it (nor learn of it); its reader marks it for themself only.
        try await database.notifications.markRead([id], audiences: [NotificationAudience.supervisors("joint")], username: "gh.a")
        #expect(try await database.notifications.unreadCount(audiences: street, username: "gh.a") == 1)
        try await database.notifications.markRead([id], audiences: street, username: "gh.a")
        try await database.notifications.markRead([id], audiences: street, username: "gh.a")
        #expect(try await database.notifications.unreadCount(audiences: street, username: "gh.a") == 0)
        #expect(try await database.notifications.inbox(audiences: street, username: "gh.a").first?.read == true)
        #expect(try await database.notifications.unreadCount(audiences: street, username: "gh.b") == 1)
    }

    static func webhookOutbox(_ database: MashangDatabase) async throws {
        let webhooks = database.webhooks
        let hook = try await webhooks.addWebhook(url: "https://sms.example.cn/hook", secret: "s3cret-value", at: Fixtures.now)
        #expect(
            try await webhooks.webhooks() == [Webhook(id: hook, url: "https://sms.example.cn/hook", secret: "s3cret-value", active: true)])
        let number = try await dispatchedTicket(database)
        #expect(try await webhooks.pendingCount() == 1)
        // Eight claimers at once (nodes, or one node's passes): the delivery is handed to one of them.
        let claims = try await withThrowingTaskGroup(of: [WebhookDelivery].self) { group in
            for _ in 0..<8 { group.addTask { try await webhooks.claimDue(at: Fixtures.now, lease: 60, limit: 10) } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let delivery = try #require(claims.first)
        #expect(claims.count == 1 && delivery.notification.ticket == number && delivery.notification.kind == .dispatched)
        #expect(delivery.url == "https://sms.example.cn/hook" && delivery.attempts == 0)
        #expect(try await webhooks.claimDue(at: Fixtures.now.addingTimeInterval(30), lease: 60, limit: 10).isEmpty)
        // A failure is tried again when it says; the last failure dead-letters it; an administrator resends it.
        try await webhooks.markFailed(delivery.id, error: "HTTP 502", retryAt: Fixtures.now.addingTimeInterval(120))
        #expect(try await webhooks.claimDue(at: Fixtures.now.addingTimeInterval(119), lease: 60, limit: 10).isEmpty)
        let again = try await webhooks.claimDue(at: Fixtures.now.addingTimeInterval(120), lease: 60, limit: 10)
        #expect(again.map(\.id) == [delivery.id] && again.first?.attempts == 1 && again.first?.lastError == "HTTP 502")
        try await webhooks.markFailed(delivery.id, error: "HTTP 502", retryAt: nil)
        #expect(try await webhooks.pendingCount() == 0)
        #expect(try await webhooks.recentDeliveries().first?.status == .dead)
        try await webhooks.retry(delivery.id, at: Fixtures.now.addingTimeInterval(300))
        let resent = try await webhooks.claimDue(at: Fixtures.now.addingTimeInterval(300), lease: 60, limit: 10)
        #expect(resent.map(\.id) == [delivery.id] && resent.first?.attempts == 0)
        try await webhooks.markDelivered(delivery.id, at: Fixtures.now.addingTimeInterval(301))
        #expect(try await webhooks.recentDeliveries().first?.status == .delivered)
        // A paused webhook is owed nothing for later notifications.
        try await webhooks.setActive(hook, active: false)
        _ = try await dispatchedTicket(database)
        #expect(try await webhooks.pendingCount() == 0)
    }

    static func apiKeysByDigest(_ database: MashangDatabase) async throws {
        let keys = database.apiKeys
        let street = try await keys.add(
            name: "12345热线", organization: "guanghua-street", digest: "d1", prefix: "mk_ab", by: "admin", at: Fixtures.now)
        _ = try await keys.add(
            name: "油田系统", organization: "jianghan-oilfield", digest: "d2", prefix: "mk_cd", by: "admin", at: Fixtures.now)
        let found = try #require(try await keys.activeKey(digest: "d1"))
        #expect(found.id == street && found.organization == "guanghua-street" && found.lastUsedAt == nil && found.isActive)
        #expect(try await keys.activeKey(digest: "unknown") == nil)
        try await keys.markUsed(found, at: Fixtures.now.addingTimeInterval(60))
        #expect(try await keys.activeKey(digest: "d1")?.lastUsedAt == Fixtures.now.addingTimeInterval(60))
        #expect(try await keys.keys(organization: "guanghua-street").map(\.name) == ["12345热线"])
        #expect(try await keys.keys().count == 2)
        #expect(try await keys.revoke(street, at: Fixtures.now.addingTimeInterval(120)))
        #expect(try await !keys.revoke(street, at: Fixtures.now.addingTimeInterval(180)))
        #expect(try await keys.activeKey(digest: "d1") == nil)
        #expect(try await keys.keys(organization: "guanghua-street").first?.revokedAt == Fixtures.now.addingTimeInterval(120))
    }

    static func commonIssueAllOrNone(_ database: MashangDatabase) async throws {
        var created: [String] = []
        for _ in 0..<3 { created.append(try await dispatchedTicket(database)) }
        let numbers = created
        let draft = CommonIssueDraft(title: "小区路灯不亮", organization: "guanghua-street", department: nil, tickets: numbers)
        let coordinator = Fixtures.governmentDispatcher.eventActor
        // One ticket refused: no issue, and no ticket carries a link.
        await #expect(throws: ValidationError.self) {
            _ = try await database.commonIssues.create(draft, by: coordinator, at: Fixtures.now) { $0.state.number != numbers[2] }
        }
        let day = DateInterval(start: Fixtures.now.addingTimeInterval(-86_400), duration: 2 * 86_400)
        #expect(try await database.commonIssues.issues(organization: nil, from: day.start, before: day.end).isEmpty)
        for number in numbers {
            #expect(try await database.tickets.ticket(number: number)?.events.last?.change.type != "linkedToCommonIssue")
        }
        let issue = try await database.commonIssues.create(draft, by: coordinator, at: Fixtures.now) { _ in true }
        #expect(issue.tickets == numbers && issue.status == .open && issue.organization == "guanghua-street")
        #expect(try await database.commonIssues.issue(issue.id) == issue)
        #expect(try await database.commonIssues.issues(organization: "guanghua-street", from: day.start, before: day.end) == [issue])
        #expect(try await database.commonIssues.issues(organization: "jianghan-oilfield", from: day.start, before: day.end).isEmpty)
        #expect(try await database.commonIssues.issues(organization: nil, from: day.end, before: day.end.addingTimeInterval(60)).isEmpty)

        let (answered, replied) = try await database.commonIssues.answer(
            issue.id, text: "已更换路灯。", by: coordinator, at: Fixtures.now.addingTimeInterval(3_600))
        #expect(answered.status == .answered && answered.answer == "已更换路灯。" && replied == numbers)
        for number in numbers {
            #expect(try await database.tickets.ticket(number: number)?.events.last?.change.type == "answeredAtSource")
        }
        await #expect(throws: CommonIssueAlreadyAnswered.self) {
            _ = try await database.commonIssues.answer(issue.id, text: "再次", by: coordinator, at: Fixtures.now.addingTimeInterval(7_200))
        }
    }

    static func exemplaryCasesPerPeriod(_ database: MashangDatabase) async throws {
        let cases = database.exemplaryCases
        try await cases.choose("MS-2026-000001", period: "2026-03", note: "现场调解", by: "leader", at: Fixtures.now)
        try await cases.choose("MS-2026-000002", period: "2026-04", note: "联合接访", by: "leader", at: Fixtures.now)
        try await cases.choose("MS-2026-000001", period: "2026-03", note: "现场调解，三方满意", by: "leader2", at: Fixtures.now)
        let march = try await cases.cases(periods: ["2026-03"])
        #expect(march.map(\.number) == ["MS-2026-000001"] && march.first?.note == "现场调解，三方满意" && march.first?.chosenBy == "leader2")
        #expect(try await cases.cases(periods: ["2026-03", "2026-04"]).count == 2)
        #expect(try await cases.remove("MS-2026-000001", period: "2026-03"))
        #expect(try await !cases.remove("MS-2026-000001", period: "2026-03"))
        #expect(try await cases.cases(periods: ["2026-03"]).isEmpty)
    }

    static func recentRequestsInScope(_ database: MashangDatabase) async throws {
        let older = try await database.tickets.create(
            Fixtures.draft(), by: actor, at: Fixtures.now.addingTimeInterval(-7_200), idempotencyKey: nil
        ).ticket.state.number
        let dispatched = try await dispatchedTicket(database, at: Fixtures.now.addingTimeInterval(-60))
        let newest = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil).ticket.state
            .number
        let since = Fixtures.now.addingTimeInterval(-3_600)
        #expect(try await database.tickets.recentRequests(since: since, scope: .all, limit: 10).map(\.number) == [newest, dispatched])
        #expect(try await database.tickets.recentRequests(since: since, scope: .all, limit: 1).map(\.number) == [newest])
        #expect(
            try await database.tickets.recentRequests(since: since, scope: .organization("guanghua-street"), limit: 10).map(\.number)
                == [dispatched])
        let all = try await database.tickets.recentRequests(since: .distantPast, scope: .all, limit: 10)
        #expect(all.last?.number == older && all.first?.description == Fixtures.draft().description)
    }
}
