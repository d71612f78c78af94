import Crypto
import Foundation
import Logging
import MashangCore
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Delivers the outbox to the configured webhooks: JSON, signed with HMAC-SHA256 over `timestamp.body` with the
/// webhook's secret, retried with a doubling back-off, dead-lettered after `maxAttempts`. The outbox lives in the
/// database, so a restart picks up where the last node stopped; several nodes share the work without sending a
/// delivery twice at once (claims skip locked rows).
public struct WebhookDispatcher: Service {
    public static let maxAttempts = 8
    public static let firstRetry: TimeInterval = 30
    public static let longestRetry: TimeInterval = 3600

    public struct Report: Sendable, Equatable {
        public var delivered = 0
        public var failed = 0
        public var deadLettered = 0
        public init() {}
    }

    /// The JSON body a receiver gets.
    public struct Payload: Encodable {
        var delivery: Int64
        var kind: TicketNotification.Kind
        var ticket: String
        var details: [String: String]
        var createdAt: Date
    }

    public let dependencies: AppDependencies
    public let interval: Duration
    public let logger: Logger

    public init(dependencies: AppDependencies, interval: Duration = .seconds(5), logger: Logger = Logger(label: "mashang.webhooks")) {
        self.dependencies = dependencies
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "webhook delivery") { _ = try await deliverOnce() }
    }

    /// The wait before attempt `attempts + 1`, after `attempts` failures.
    public static func backoff(afterFailures attempts: Int) -> TimeInterval {
        min(longestRetry, firstRetry * pow(2, Double(max(0, attempts - 1))))
    }

    /// Signs `timestamp.body` with the secret: `sha256=<hex>`.
    public static func signature(secret: String, timestamp: String, body: Data) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data((timestamp + ".").utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Hex.string(code)
    }

    @discardableResult
    public func deliverOnce(batch: Int = 50) async throws -> Report {
        let store = dependencies.stores.webhooks
        let now = dependencies.clock()
        let secrets = Dictionary(uniqueKeysWithValues: try await store.webhooks().map { ($0.id, $0.secret) })
        var report = Report()
        for delivery in try await store.claimDue(at: now, lease: 120, limit: batch) {
            let outcome = await send(delivery, secret: secrets[delivery.webhookID] ?? "", now: now)
            if let error = outcome {
                let failures = delivery.attempts + 1
                let retryAt = failures >= Self.maxAttempts ? nil : now.addingTimeInterval(Self.backoff(afterFailures: failures))
                try await store.markFailed(delivery.id, error: error, retryAt: retryAt)
                if retryAt == nil { report.deadLettered += 1 } else { report.failed += 1 }
            } else {
                try await store.markDelivered(delivery.id, at: now)
                report.delivered += 1
            }
        }
        return report
    }

    /// Nil on a 2xx answer, else what went wrong.
    private func send(_ delivery: WebhookDelivery, secret: String, now: Date) async -> String? {
        guard let url = URL(string: delivery.url) else { return "invalid URL" }
        let item = delivery.notification
        guard
            let body = try? JSONCoding.encoder.encode(
                Payload(
                    delivery: delivery.id, kind: item.kind, ticket: item.ticket,
                    details: item.details, createdAt: item.createdAt))
        else { return "cannot encode" }
        let timestamp = String(Int(now.timeIntervalSince1970))
        var request = URLRequest(url: url, timeoutInterval: 10)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue(String(delivery.id), forHTTPHeaderField: "X-Mashang-Delivery")
        request.setValue(timestamp, forHTTPHeaderField: "X-Mashang-Timestamp")
        request.setValue(Self.signature(secret: secret, timestamp: timestamp, body: body), forHTTPHeaderField: "X-Mashang-Signature")
        do {
            let (_, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return (200..<300).contains(status) ? nil : "HTTP \(status)"
        } catch {
            return "\(error)"
        }
    }
}
