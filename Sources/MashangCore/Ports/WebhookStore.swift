import Foundation

/// A configured receiver of notifications (an SMS gateway, a messaging system).
public struct Webhook: Sendable, Equatable {
    public var id: Int64
    public var url: String
    /// Sealed with the data key at rest; the store hands it back opened.
    public var secret: String
    public var active: Bool

    public init(id: Int64, url: String, secret: String, active: Bool) {
        self.id = id
        self.url = url
        self.secret = secret
        self.active = active
    }
}

/// One notification on its way to one webhook.
public struct WebhookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable, Codable {
        case pending, delivered, dead
    }
    public var id: Int64
    public var webhookID: Int64
    public var url: String
    public var notification: InboxItem
    public var status: Status
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?

    public init(
        id: Int64, webhookID: Int64, url: String, notification: InboxItem, status: Status, attempts: Int,
        nextAttemptAt: Date, lastError: String?
    ) {
        self.id = id
        self.webhookID = webhookID
        self.url = url
        self.notification = notification
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}

/// Webhooks and their delivery outbox: deliveries are claimed with a lease, so two nodes never post one at once.
public protocol WebhookStore: Sendable {
    @discardableResult
    func addWebhook(url: String, secret: String, at date: Date) async throws -> Int64
    func setActive(_ id: Int64, active: Bool) async throws
    func webhooks() async throws -> [Webhook]
    func claimDue(at now: Date, lease: TimeInterval, limit: Int) async throws -> [WebhookDelivery]
    func markDelivered(_ id: Int64, at date: Date) async throws
    /// Schedules another attempt at `retryAt`, or gives up (dead) when nil.
    func markFailed(_ id: Int64, error: String, retryAt: Date?) async throws
    /// Puts a dead delivery back in the queue.
    func retry(_ id: Int64, at date: Date) async throws
    func recentDeliveries(limit: Int) async throws -> [WebhookDelivery]
    /// Deliveries still to be made (the outbox's depth).
    func pendingCount() async throws -> Int
}

extension WebhookStore {
    /// The newest 50.
    public func recentDeliveries() async throws -> [WebhookDelivery] { try await recentDeliveries(limit: 50) }
}
