import Foundation

/// A message in the outbox and where it stands.
public struct OutboxEntry: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Waiting to be sent (at `nextAttemptAt`).
        case pending
        /// Handed to the gateway, its answer not yet recorded (until `nextAttemptAt`, the claim's lease).
        case sending
        case sent
        /// Failed at the last try: an administrator may send it again.
        case dead
        /// Kept but not sent: no consent, no address, or no channel configured (`withheld` says which).
        case withheld
    }

    /// Why a message is kept unsent.
    public enum Withheld: String, Codable, Sendable, CaseIterable {
        case noConsent, noAddress, noChannel
    }

    public var id: Int64
    public var message: OutboundMessage
    public var status: Status
    /// Why it is kept unsent (the message's own reason, or `noChannel` set by the dispatcher).
    public var withheld: Withheld? { message.withheld }
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?

    public init(
        id: Int64, message: OutboundMessage, status: Status, attempts: Int, nextAttemptAt: Date,
        lastError: String?, createdAt: Date, sentAt: Date?
    ) {
        self.id = id
        self.message = message
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
    }
}

/// The outbox of messages to requesters. The ticket store writes them in the transaction of the event that owes them;
/// the dispatcher claims, sends and records; administrators see the dead and withheld ones and may send them again.
public protocol OutboxStore: Sendable {
    /// Writes messages no ticket event causes (reminders), each once: one already owed (the same purpose, recipient and
    /// occasion) is left as it is. Returns how many were new.
    @discardableResult
    func enqueue(_ messages: [OutboundMessage], at date: Date) async throws -> Int
    /// Claims up to `limit` pending messages due by `now`, moving them `lease` ahead so that other nodes pass over them.
    func claimDue(at now: Date, lease: TimeInterval, limit: Int) async throws -> [OutboxEntry]
    /// Records that the message is about to be handed to the gateway, before it is, until `until`: after a crash, a
    /// message left in this state may or may not have gone, and is never sent again by itself. False when the message
    /// is no longer pending (another node took it since this one claimed it): then it must not be sent.
    func markSending(_ id: Int64, until: Date) async throws -> Bool
    /// Messages left `sending` past their lease (the node stopped mid-send) become dead with "outcome unknown", for an
    /// administrator to check with the provider and send again if it did not go; returns how many.
    func expireInFlight(at now: Date) async throws -> Int
    func markSent(_ id: Int64, providerID: String?, at date: Date) async throws
    /// A failed attempt: tried again at `retryAt`, or dead when nil.
    func markFailed(_ id: Int64, error: String, retryAt: Date?) async throws
    /// Not now (quiet hours, the day's cap): later, without counting an attempt.
    func postpone(_ id: Int64, until date: Date) async throws
    func withhold(_ id: Int64, reason: OutboxEntry.Withheld) async throws
    /// Sends a claimed message by another channel (a WeChat requester texted where no WeChat account is configured).
    func switchChannel(_ id: Int64, to channel: MessageChannel) async throws
    /// A dead or channel-less message goes back to pending, attempts from zero; false when it is in another state.
    func resend(_ id: Int64, at date: Date) async throws -> Bool
    func messages(ofTicket number: String) async throws -> [OutboxEntry]
    /// The newest messages, of one status or all.
    func recent(status: OutboxEntry.Status?, limit: Int) async throws -> [OutboxEntry]
    /// Text messages already sent since `date` to the phone of this ticket's requester (by its keyed digest, so
    /// messages about other tickets of the same person count).
    func sentToSamePhone(asTicket number: String, since date: Date) async throws -> Int
    /// Messages waiting to be sent.
    func pendingCount() async throws -> Int

    /// Keeps the digest of a new one-time rating link for the reply message `outboxID`; a link issued before for the
    /// same message (an earlier attempt) stops working.
    func issueRatingLink(digest: String, ticket: String, outboxID: Int64, expiresAt: Date, at date: Date) async throws
    func ratingLink(digest: String) async throws -> RatingLink?
    /// Marks the link used; false when it already was.
    func useRatingLink(digest: String, at date: Date) async throws -> Bool
}

/// A one-time link to rate a reply, as kept (by the digest of its token).
public struct RatingLink: Sendable, Equatable {
    public var ticket: String
    public var expiresAt: Date
    public var usedAt: Date?

    public init(ticket: String, expiresAt: Date, usedAt: Date?) {
        self.ticket = ticket
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}
