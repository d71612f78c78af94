import Foundation
import Hummingbird
import HummingbirdTesting
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Synchronization
import Testing

/// `GET /metrics`: scraped as Prometheus would, only by those allowed to.
@Suite struct MetricsTests {
    static let token = "scrape-token-0123456789"

    static func scrape(_ web: WebClient, token: String? = nil) async throws -> (status: HTTPResponse.Status, text: String) {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await web.client.execute(uri: "/metrics", method: .get, headers: headers, body: nil) { response in
            (response.status, String(buffer: response.body))
        }
    }

    @Test func requestsLatenciesRefusedLoginsAndLagAreExposed() async throws {
        var configuration = AppConfiguration()
        configuration.metricsToken = Self.token
        try await WebHarness.run(configuration: configuration) { web in
            #expect(try await web.request(.get, "/health").status == .ok)
            // One ticket changed and not yet counted by the figures (no refresher runs here), and one webhook delivery
            // waiting (nothing delivers here).
            try await web.database.webhooks.addWebhook(url: "http://127.0.0.1:9/hook", secret: "a-long-shared-secret", at: Fixtures.now)
            _ = try await WebhookTests.dispatchOne(web)
            #expect(
                try await web.request(.get, "/api/v1/tickets/MS-2026-999999", token: try await web.token("joint.dispatcher")).status
                    == .notFound)
            #expect(
                try await web.request(.post, "/api/v1/auth/token", body: ["username": "joint.dispatcher", "password": "wrong-password"])
                    .status == .unauthorized)
            #expect(
                try await web.page(.post, "/staff/login", form: [("username", "joint.leader"), ("password", "nope")]).status
                    == .unauthorized)

            // Not without the token, and not with another one: 404, as if there were no such page.
            #expect(try await Self.scrape(web).status == .notFound)
            #expect(try await Self.scrape(web, token: "scrape-token-0123456788").status == .notFound)
            let (status, text) = try await Self.scrape(web, token: Self.token)
            #expect(status == .ok)
            #expect(text.contains(#"mashang_http_requests_total{route="/health",method="GET",status="200"} 1"#))
            // By route template, not by path: no series per ticket number.
            #expect(text.contains(#"mashang_http_requests_total{route="/api/v1/tickets/{number}",method="GET",status="404"} 1"#))
            #expect(!text.contains("MS-2026-999999"))
            #expect(text.contains(#"mashang_http_request_duration_seconds_bucket{route="/health",method="GET",le="0.1"}"#))
            #expect(text.contains(#"mashang_logins_refused_total{via="api"} 1"#))
            #expect(text.contains(#"mashang_logins_refused_total{via="page"} 1"#))
            #expect(text.contains("mashang_figures_lag_tickets 1.0\n"))
            #expect(text.contains("mashang_webhook_outbox_pending 1.0\n"))
            // The ticket's requester was not asked about text messages: nothing waits to be sent to them.
            #expect(text.contains("mashang_message_outbox_pending 0.0\n"))
        }
    }

    /// The value of a series without labels in an exposition, nil when it is missing.
    static func value(_ series: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) }
    }

    @Test(arguments: [false, true])
    func sweeperLagAndTheDatabasesOwnFiguresAreExposed(postgres: Bool) async throws {
        if postgres && TestDatabases.postgresURL == nil { return }
        var configuration = AppConfiguration()
        configuration.metricsToken = Self.token
        let clock = Mutex(Fixtures.now)
        try await WebHarness.run(clock: { clock.withLock { $0 } }, configuration: configuration, postgres: postgres) { web in
            let before = try await Self.scrape(web, token: Self.token).text
            #expect(Self.value("mashang_sweeper_lag_seconds", in: before) == 0, "\(before)")
            // A new ticket asks the sweeper for a look at once; nothing sweeps here, so 90 s on the look is 90 s owed.
            _ = try await web.database.tickets.create(
                Fixtures.draft(), by: Fixtures.jointIntake.eventActor, at: Fixtures.now,
                idempotencyKey: nil)
            clock.withLock { $0 = Fixtures.now.addingTimeInterval(90) }
            let text = try await Self.scrape(web, token: Self.token).text
            #expect(Self.value("mashang_sweeper_lag_seconds", in: text) == 90)
            if postgres {
                #expect((Self.value("mashang_postgres_pool_requests_total", in: text) ?? 0) > 0)
                #expect(Self.value("mashang_postgres_pool_waiting", in: text) == 0)
                #expect(Self.value("mashang_postgres_pool_wait_seconds_total", in: text) != nil)
                #expect(!text.contains("mashang_sqlite_"))
            } else {
                let groups = try #require(Self.value("mashang_sqlite_write_groups_total", in: text))
                let writes = try #require(Self.value("mashang_sqlite_grouped_writes_total", in: text))
                #expect(groups > 0 && writes >= groups)
                #expect(Self.value("mashang_sqlite_write_queue", in: text) == 0)
                #expect((Self.value("mashang_sqlite_wal_bytes", in: text) ?? 0) > 0)
                // A counter grows by what happened between two scrapes, not by the whole total again.
                let later = try await Self.scrape(web, token: Self.token).text
                #expect(Self.value("mashang_sqlite_write_groups_total", in: later) == groups)
            }
        }
    }

    @Test func withoutATokenOnlyTheServersOwnMachineMayScrape() async throws {
        try await WebHarness.run { web in
            // The router test client has no loopback address.
            let status = try await Self.scrape(web).status
            #expect(status == .notFound)
        }
        try await WebHarness.run(testing: .live) { web in
            let (status, text) = try await Self.scrape(web)
            #expect(status == .ok)
            #expect(text.contains("# TYPE mashang_figures_lag_tickets gauge"))
        }
    }

    @Test func aShortTokenIsRefusedAtStart() {
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.from(
                environment: ["MASHANG_METRICS_TOKEN": "short"], host: "127.0.0.1", port: 8080,
                database: .sqlite(directory: "/tmp"), seedDemoData: false)
        }
    }
}
