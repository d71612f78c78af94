import Foundation
import MashangCore
import SQLKit

/// Common issues and their tickets. Opening one links every ticket and answering one replies to every open ticket in
/// the same transaction as the issue's own row: all of it happens, or none of it.
public struct SQLCommonIssueStore: CommonIssueStore {
    let backend: any SQLBackend
    let cipher: ContactCipher

    /// The list totals the ticket store keeps, forgotten when an issue's writes move tickets between lists.
    let caches: TicketCaches

    public init(backend: any SQLBackend, cipher: ContactCipher, caches: TicketCaches = TicketCaches()) {
        self.backend = backend
        self.cipher = cipher
        self.caches = caches
    }

    /// Opens an issue over the draft's tickets. `mayLink` decides, inside the transaction, whether each ticket may
    /// join (visible to the creator, open, in no other issue); one refusal refuses the whole issue.
    public func create(
        _ draft: CommonIssueDraft, by actor: EventActor, at date: Date,
        mayLink: @escaping @Sendable (StoredTicket) -> Bool
    ) async throws -> CommonIssue {
        let flavor = backend.flavor, cipher = self.cipher
        let date = StoreTime.truncated(date)
        return try await caches.write(on: backend) { database in
            // Category and area of the issue: the most frequent among its tickets.
            var tickets: [StoredTicket] = []
            for number in draft.tickets {
                guard let id = try await SQLTicketStore.ticketID(number: number, lock: flavor == .postgres, on: database) else {
                    throw ValidationError("tickets", "notAllowed")
                }
                let ticket = try await SQLTicketStore.load(id: id, cipher: cipher, on: database)
                guard mayLink(ticket) else { throw ValidationError("tickets", "notAllowed") }
                tickets.append(ticket)
            }
            func mostFrequent(_ values: [String]) -> String {
                Dictionary(grouping: values, by: { $0 }).max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? ""
            }
            let row = try await database.raw(
                """
                INSERT INTO common_issues (title, category, area, organization, department, status, created_by, created_at)
                VALUES (\(bind: draft.title), \(bind: mostFrequent(tickets.map(\.state.category))), \(bind: mostFrequent(tickets.map(\.state.area))),
                        \(bind: draft.organization), \(bind: draft.department), 'open', \(bind: actor.username), \(bind: StoreTime.milliseconds(date)))
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw CorruptRow(column: "id", value: "") }
            try await SQLRows.insert(
                into: "common_issue_tickets", columns: ["issue_id", "position", "number"],
                rows: draft.tickets.enumerated().map { [id, $0.offset + 1, $0.element] }, on: database)
            let link = CommonIssueLink(issue: id, title: draft.title, organization: draft.organization)
            for number in draft.tickets {
                _ = try await SQLTicketStore.change(
                    number, mergeTarget: nil, by: actor, at: date, flavor: flavor, cipher: cipher,
                    counts: caches.listCounts, on: database
                ) { _, _ in
                    .linkedToCommonIssue(link)
                }
            }
            guard let issue = try await Self.load(id: id, on: database) else { throw CorruptRow(column: "common_issues", value: "\(id)") }
            return issue
        }
    }

    /// Answers an open issue: every member ticket still open gets the answer as its reply. Returns the issue and the
    /// numbers of the tickets that received the answer.
    public func answer(_ id: Int64, text: String, by actor: EventActor, at date: Date) async throws -> (CommonIssue, replied: [String]) {
        let flavor = backend.flavor, cipher = self.cipher
        let date = StoreTime.truncated(date)
        return try await caches.write(on: backend) { database in
            let lock: SQLQueryString = flavor == .postgres ? " FOR UPDATE" : ""
            guard let row = try await database.raw("SELECT status, organization FROM common_issues WHERE id = \(bind: id)\(lock)").first()
            else {
                throw AccessError.notFound
            }
            guard try row.decode(column: "status", as: String.self) == CommonIssue.Status.open.rawValue else {
                throw CommonIssueAlreadyAnswered()
            }
            let organization = try row.decode(column: "organization", as: String.self)
            try await database.raw(
                """
                UPDATE common_issues SET status = 'answered', answer = \(bind: text), answered_by = \(bind: actor.username),
                    answered_at = \(bind: StoreTime.milliseconds(date)) WHERE id = \(bind: id)
                """
            ).run()
            var replied: [String] = []
            for number in try await Self.members(id, on: database) {
                let changed = try await SQLTicketStore.change(
                    number, mergeTarget: nil, by: actor, at: date, flavor: flavor, cipher: cipher,
                    counts: caches.listCounts, on: database
                ) { ticket, _ in
                    ticket.state.status.isOpen ? .answeredAtSource(SourceAnswer(issue: id, text: text, organization: organization)) : nil
                }
                if changed != nil { replied.append(number) }
            }
            guard let issue = try await Self.load(id: id, on: database) else { throw CorruptRow(column: "common_issues", value: "\(id)") }
            return (issue, replied)
        }
    }

    public func issue(_ id: Int64) async throws -> CommonIssue? {
        try await backend.read { database in try await Self.load(id: id, on: database) }
    }

    /// Issues created in `[from, before)`, of one responsible organisation or all, newest first.
    public func issues(organization: String?, from: Date, before: Date, limit: Int = 200) async throws -> [CommonIssue] {
        try await backend.read { database in
            let only: SQLQueryString = organization.map { "AND organization = \(bind: $0)" } ?? ""
            let rows = try await database.raw(
                """
                SELECT * FROM common_issues WHERE created_at >= \(bind: StoreTime.milliseconds(from))
                AND created_at < \(bind: StoreTime.milliseconds(before)) \(only) ORDER BY created_at DESC, id DESC LIMIT \(literal: limit)
                """
            ).all()
            // Members of all of them in one query, not one per issue.
            let ids = try rows.map { try $0.decode(column: "id", as: Int64.self) }
            var members: [Int64: [String]] = [:]
            if !ids.isEmpty {
                for row in try await database.raw(
                    """
                    SELECT issue_id, number FROM common_issue_tickets WHERE issue_id IN (\(binds: ids)) ORDER BY issue_id, position
                    """
                ).all() {
                    members[try row.decode(column: "issue_id", as: Int64.self), default: []].append(
                        try row.decode(column: "number", as: String.self))
                }
            }
            return try rows.map { try Self.issue($0, tickets: members[try $0.decode(column: "id", as: Int64.self)] ?? []) }
        }
    }

    static func members(_ id: Int64, on database: any SQLDatabase) async throws -> [String] {
        try await database.raw("SELECT number FROM common_issue_tickets WHERE issue_id = \(bind: id) ORDER BY position").all()
            .map { try $0.decode(column: "number", as: String.self) }
    }

    static func load(id: Int64, on database: any SQLDatabase) async throws -> CommonIssue? {
        guard let row = try await database.raw("SELECT * FROM common_issues WHERE id = \(bind: id)").first() else { return nil }
        return try issue(row, tickets: try await members(id, on: database))
    }

    static func issue(_ row: any SQLRow, tickets: [String]) throws -> CommonIssue {
        let status = try row.decode(column: "status", as: String.self)
        return CommonIssue(
            id: try row.decode(column: "id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
            category: try row.decode(column: "category", as: String.self),
            area: try row.decode(column: "area", as: String.self), organization: try row.decode(column: "organization", as: String.self),
            department: try row.decode(column: "department", as: String?.self),
            status: CommonIssue.Status(rawValue: status) ?? .open, answer: try row.decode(column: "answer", as: String?.self),
            createdBy: try row.decode(column: "created_by", as: String.self),
            createdAt: StoreTime.date(try row.decode(column: "created_at", as: Int64.self)),
            answeredBy: try row.decode(column: "answered_by", as: String?.self),
            answeredAt: try row.decode(column: "answered_at", as: Int64?.self).map(StoreTime.date),
            tickets: tickets)
    }
}
