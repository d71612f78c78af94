import Foundation
import HTTPTypes
import Hummingbird
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import NIOCore
import SQLKit
import Synchronization
import Testing

/// A real HTTP receiver on a loopback port that answers with the statuses it is given, in order, and records what
/// it got.
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var body: Data
        var timestamp: String
        var signature: String
    }
    private let statuses: Mutex<[HTTPResponse.Status]>
    private let received = Mutex<[Received]>([])
    private let port = Mutex(0)

    init(statuses: [HTTPResponse.Status]) { self.statuses = Mutex(statuses) }

    var url: String { "http://127.0.0.1:\(port.withLock { $0 })/hook" }
    var requests: [Received] { received.withLock { $0 } }

    func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            var request = request
            let data = Data((try await request.collectBody(upTo: 1 << 20)).readableBytesView)
            self.received.withLock {
                $0.append(
                    Received(
                        body: data, timestamp: request.headers[HTTPField.Name("X-Mashang-Timestamp")!] ?? "",
                        signature: request.headers[HTTPField.Name("X-Mashang-Signature")!] ?? ""))
            }
            let status = self.statuses.withLock { $0.isEmpty ? .ok : $0.removeFirst() }
            return Response(status: status)
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in self.port.withLock { $0 = channel.localAddress?.port ?? 0 } })
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.runService(); return nil
            }
            while port.withLock({ $0 }) == 0 { try await Task.sleep(for: .milliseconds(20)) }
            let result = try await body()
            group.cancelAll()
            return result
        }
    }
}

struct WebhookTests {
    /// A ticket dispatched: one notification, so one delivery per active webhook.
    static func dispatchOne(_ web: WebClient) async throws -> String {
        let number = try #require(try await web.submitLeak()["number"] as? String)
        #expect(
            try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: try await web.token("joint.dispatcher")).status
                == .ok)
        return number
    }

    @Test func aFailingReceiverIsRetriedWithBackOffAndGetsOneSignedDelivery() async throws {
        let receiver = WebhookReceiver(statuses: [.internalServerError, .serviceUnavailable])
        let clock = MovableClock()
        try await receiver.run {
            try await WebHarness.run(clock: { clock.now }) { web in
                try await web.database.webhooks.addWebhook(url: receiver.url, secret: "a-long-shared-secret", at: clock.now)
                let number = try await Self.dispatchOne(web)
                var dispatcher = WebhookDispatcher(
                    dependencies: try await AppDependencies.load(stores: web.database.stores, clock: { clock.now }))
                #expect(try await dispatcher.deliverOnce().failed == 1)  // attempt 1: 500
                #expect(try await dispatcher.deliverOnce() == WebhookDispatcher.Report())  // not due before 30 s
                clock.advance(31)
                #expect(try await dispatcher.deliverOnce().failed == 1)  // attempt 2: 503
                // The server restarts: a new dispatcher over the same database carries on from the outbox.
                dispatcher = WebhookDispatcher(
                    dependencies: try await AppDependencies.load(stores: web.database.stores, clock: { clock.now }))
                clock.advance(59)
                #expect(try await dispatcher.deliverOnce() == WebhookDispatcher.Report())  // second wait is 60 s
                clock.advance(2)
                #expect(try await dispatcher.deliverOnce().delivered == 1)  // attempt 3: 200
                #expect(try await dispatcher.deliverOnce() == WebhookDispatcher.Report())

                let requests = receiver.requests
                #expect(requests.count == 3)
                let last = try #require(requests.last)
                #expect(
                    last.signature
                        == WebhookDispatcher.signature(secret: "a-long-shared-secret", timestamp: last.timestamp, body: last.body))
                let payload = try #require(try JSONSerialization.jsonObject(with: last.body) as? [String: Any])
                #expect(payload["ticket"] as? String == number && payload["kind"] as? String == "dispatched")
                // At rest the secret is sealed.
                let stored = try await web.database.backend.read { database in
                    try #require(try await database.raw("SELECT secret FROM webhooks").first()).decode(column: "secret", as: String.self)
                }
                #expect(stored.hasPrefix("enc1:") && !stored.contains("a-long-shared-secret"))
                let deliveries = try await web.database.webhooks.recentDeliveries()
                #expect(deliveries.first?.status == .delivered && deliveries.first?.attempts == 3)
            }
        }
    }

    @Test func aReceiverThatKeepsFailingIsDeadLetteredVisibleAndRetriable() async throws {
        let receiver = WebhookReceiver(statuses: Array(repeating: .internalServerError, count: WebhookDispatcher.maxAttempts))
        let clock = MovableClock()
        try await receiver.run {
            try await WebHarness.run(clock: { clock.now }) { web in
                try await web.database.webhooks.addWebhook(url: receiver.url, secret: "another-long-secret", at: clock.now)
                _ = try await Self.dispatchOne(web)
                let dispatcher = WebhookDispatcher(
                    dependencies: try await AppDependencies.load(stores: web.database.stores, clock: { clock.now }))
                var report = WebhookDispatcher.Report()
                for _ in 0..<WebhookDispatcher.maxAttempts {
                    let step = try await dispatcher.deliverOnce()
                    report.failed += step.failed
                    report.deadLettered += step.deadLettered
                    clock.advance(WebhookDispatcher.longestRetry + 1)
                }
                #expect(report.failed == WebhookDispatcher.maxAttempts - 1 && report.deadLettered == 1)
                let dead = try #require(try await web.database.webhooks.recentDeliveries().first)
                #expect(dead.status == .dead && dead.lastError == "HTTP 500")

                let admin = try await web.signIn("joint.admin")
                let page = try await web.page(.get, "/staff/admin/webhooks", cookie: admin)
                #expect(page.contains("delivery-dead") && page.contains("死信"))
                let csrf = try #require(page.csrf)
                #expect(
                    try await web.page(.post, "/staff/admin/webhooks/deliveries/\(dead.id)/retry", form: [("_csrf", csrf)], cookie: admin)
                        .status == .seeOther)
                #expect(try await dispatcher.deliverOnce().delivered == 1)  // the receiver answers 200 now
                #expect(try await web.database.audit.entries(matching: AuditQuery(action: "webhook.retry")).count == 1)
            }
        }
    }

    @Test func administratorsAddWebhooksWithASecretShownOnce() async throws {
        try await WebHarness.run { web in
            let admin = try await web.signIn("joint.admin")
            let csrf = try #require(try await web.page(.get, "/staff/admin/webhooks", cookie: admin).csrf)
            let bad = try await web.page(
                .post, "/staff/admin/webhooks", form: [("_csrf", csrf), ("url", "ftp://x"), ("secret", "")], cookie: admin)
            #expect(bad.status == .unprocessableContent)
            let added = try await web.page(
                .post, "/staff/admin/webhooks", form: [("_csrf", csrf), ("url", "https://sms.example/hook"), ("secret", "")], cookie: admin)
            let secret = try #require(added.html.firstMatch(of: /<code>([^<]+)<\/code>/)?.1)
            #expect(secret.count >= 40)
            #expect(!(try await web.page(.get, "/staff/admin/webhooks", cookie: admin)).contains(String(secret)))
            #expect(try await web.database.webhooks.webhooks().first?.secret == String(secret))
            #expect(try await web.page(.get, "/staff/admin/webhooks", cookie: try await web.signIn("gh.admin")).status == .forbidden)
        }
    }
}
