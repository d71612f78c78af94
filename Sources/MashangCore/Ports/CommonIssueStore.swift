import Foundation

/// 共性问题: one answer for many tickets on the same matter.
public protocol CommonIssueStore: Sendable {
    /// Creates the issue and links the tickets `mayLink` accepts.
    func create(
        _ draft: CommonIssueDraft, by actor: EventActor, at date: Date,
        mayLink: @escaping @Sendable (StoredTicket) -> Bool
    ) async throws -> CommonIssue
    /// Answers the issue and replies on each linked ticket that may still take a reply.
    func answer(_ id: Int64, text: String, by actor: EventActor, at date: Date) async throws -> (CommonIssue, replied: [String])
    func issue(_ id: Int64) async throws -> CommonIssue?
    func issues(organization: String?, from: Date, before: Date, limit: Int) async throws -> [CommonIssue]
}

extension CommonIssueStore {
    /// The newest 200.
    public func issues(organization: String?, from: Date, before: Date) async throws -> [CommonIssue] {
        try await issues(organization: organization, from: from, before: before, limit: 200)
    }
}
