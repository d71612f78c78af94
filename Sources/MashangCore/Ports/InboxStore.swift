import Foundation

/// A notification as a user sees it.
public struct InboxItem: Sendable, Equatable, Encodable {
    public var id: Int64
    public var kind: TicketNotification.Kind
    public var ticket: String
    public var details: [String: String]
    public var createdAt: Date
    public var read: Bool

    public init(id: Int64, kind: TicketNotification.Kind, ticket: String, details: [String: String], createdAt: Date, read: Bool) {
        self.id = id
        self.kind = kind
        self.ticket = ticket
        self.details = details
        self.createdAt = createdAt
        self.read = read
    }
}

/// The in-app inbox. Notifications are written by the ticket store with the event that raised them; this port reads
/// them and marks them read, for the audiences a user belongs to.
public protocol InboxStore: Sendable {
    func inbox(audiences: [String], username: String, limit: Int) async throws -> [InboxItem]
    func unreadCount(audiences: [String], username: String) async throws -> Int
    func markRead(_ ids: [Int64], audiences: [String], username: String) async throws
}

extension InboxStore {
    /// The newest 50.
    public func inbox(audiences: [String], username: String) async throws -> [InboxItem] {
        try await inbox(audiences: audiences, username: username, limit: 50)
    }
}
