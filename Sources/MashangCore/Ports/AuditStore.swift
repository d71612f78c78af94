import Foundation

/// One line of the append-only audit log: who did what, to what, from where.
public struct AuditEntry: Sendable, Equatable {
    public var at: Date
    public var actor: String
    public var organization: String?
    /// `login.success`, `login.failure`, `logout`, `token.revoke`, `rules.change`, `user.add`, `user.disable`,
    /// `user.enable`, `reference.change`, `export.csv` …
    public var action: String
    public var subject: String
    public var address: String
    public var detail: String

    public init(at: Date, actor: String, organization: String?, action: String, subject: String, address: String, detail: String = "") {
        self.at = at
        self.actor = actor
        self.organization = organization
        self.action = action
        self.subject = subject
        self.address = address
        self.detail = detail
    }
}

/// Filters for reading the audit log, newest first.
public struct AuditQuery: Sendable, Equatable {
    public var action: String?
    public var actor: String?
    public var from: Date?
    public var before: Date?
    public var limit: Int

    public init(action: String? = nil, actor: String? = nil, from: Date? = nil, before: Date? = nil, limit: Int = 200) {
        self.action = action
        self.actor = actor
        self.from = from
        self.before = before
        self.limit = limit
    }
}

/// The audit log. There is no update and no delete.
public protocol AuditStore: Sendable {
    func append(_ entry: AuditEntry) async throws
    func entries(matching query: AuditQuery) async throws -> [AuditEntry]
    /// Lines after `afterID` in id order with times in `[from, before)`, at most `limit`, with their chain links, for
    /// the export.
    func batch(after afterID: Int64, from: Date?, before: Date?, limit: Int) async throws -> (lines: [ChainedAuditEntry], lastID: Int64?)
}

/// An audit line as stored, with what chains it (docs/integrity.md): the export carries these so that a copy can be
/// checked offline.
public struct ChainedAuditEntry: Sendable, Equatable {
    public var entry: AuditEntry
    public var id: Int64
    /// The China day whose chain holds the line.
    public var day: String?
    /// The stored time in milliseconds since 1970, as hashed.
    public var atMilliseconds: Int64
    public var prevHash: String?
    public var hash: String?

    public init(entry: AuditEntry, id: Int64, day: String?, atMilliseconds: Int64, prevHash: String?, hash: String?) {
        self.entry = entry
        self.id = id
        self.day = day
        self.atMilliseconds = atMilliseconds
        self.prevHash = prevHash
        self.hash = hash
    }
}
