import Crypto
import Foundation
import MashangCore

/// One-time links to rate a reply (`/r/<token>`), sent in the reply's message. The token is 128 random bits; only its
/// SHA-256 digest is kept, so the table does not hold working links. A link works until it is used or 30 days pass.
public enum RatingLinks {
    public static let lifetime: TimeInterval = 30 * 86_400

    public static func newToken() -> String {
        Hex.string(SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) })
    }

    public static func digest(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    /// Issues a new link for the reply message `outboxID` and returns its token.
    public static func issue(for entry: OutboxEntry, in outbox: any OutboxStore, at now: Date) async throws -> String {
        let token = newToken()
        try await outbox.issueRatingLink(
            digest: digest(token), ticket: entry.message.ticket, outboxID: entry.id, expiresAt: now.addingTimeInterval(lifetime), at: now)
        return token
    }
}

/// A rating link that was used already or has expired.
public struct RatingLinkSpent: Error, Sendable {
    public init() {}
}
