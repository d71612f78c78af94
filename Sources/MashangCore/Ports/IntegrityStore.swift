import Foundation

/// A record whose hash chain does not hold: what `mashang verify` and the ticket page name.
public struct IntegrityProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The record's content or fields differ from what its hash was computed over.
        case altered
        /// A record before this one, or at the end of its chain, is missing.
        case deleted
        /// This record was added outside the application: it breaks its chain's links or count.
        case inserted
        /// A closed day's digest no longer matches its records, or a closed day is missing.
        case dayChanged
    }

    public var kind: Kind
    /// `ticket MS-2026-000123 event 4`, `audit line 812 (2026-12-01)`, `day 2026-12-01`.
    public var record: String
    public var detail: String

    public init(_ kind: Kind, _ record: String, _ detail: String) {
        self.kind = kind
        self.record = record
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(record) — \(detail)" }
}

/// What a verification walked and what it found, in the order the records were read (tickets by number's row,
/// then audit days, then closed days).
public struct IntegrityReport: Sendable, Equatable {
    public var tickets = 0
    public var events = 0
    public var auditLines = 0
    public var closedDays = 0
    /// The last closed day and its digest, as it should also stand in the server log and in other copies.
    public var lastDay: DayDigest?
    public var problems: [IntegrityProblem] = []

    public init() {}

    public var intact: Bool { problems.isEmpty }
}

/// One closed China day: a digest over the day's ticket events and audit chain, chained to the day before.
public struct DayDigest: Sendable, Equatable {
    public var day: String
    public var previous: String
    public var events: Int
    public var eventsRoot: String
    public var auditLines: Int
    public var auditHead: String
    public var digest: String

    public init(day: String, previous: String, events: Int, eventsRoot: String, auditLines: Int, auditHead: String, digest: String) {
        self.day = day
        self.previous = previous
        self.events = events
        self.eventsRoot = eventsRoot
        self.auditLines = auditLines
        self.auditHead = auditHead
        self.digest = digest
    }
}

/// One ticket's chain as the ticket page shows it.
public struct TicketChainCheck: Sendable, Equatable {
    public var events: Int
    /// The hash of the last event: what an organisation's copy of this history must end with.
    public var head: String
    public var problem: IntegrityProblem?

    public init(events: Int, head: String, problem: IntegrityProblem?) {
        self.events = events
        self.head = head
        self.problem = problem
    }
}

/// One ticket event's place in its chain: every input of its hash, as stored.
public struct EventChainLink: Sendable, Equatable, Codable {
    public var sequence: Int
    public var type: String
    public var actor: String
    public var actorOrg: String?
    /// Milliseconds since 1970, as hashed.
    public var occurredAt: Int64
    public var contentDigest: String?
    public var prevHash: String?
    public var hash: String?
    /// The payload as stored (its SHA-256 is `contentDigest`); left out of a copy that must not carry it.
    public var payload: String?

    public init(
        sequence: Int, type: String, actor: String, actorOrg: String?, occurredAt: Int64, contentDigest: String?, prevHash: String?,
        hash: String?, payload: String?
    ) {
        self.sequence = sequence
        self.type = type
        self.actor = actor
        self.actorOrg = actorOrg
        self.occurredAt = occurredAt
        self.contentDigest = contentDigest
        self.prevHash = prevHash
        self.hash = hash
        self.payload = payload
    }
}

/// The hash chains over ticket histories and the audit log (issue 25, docs/integrity.md).
public protocol IntegrityStore: Sendable {
    /// The chain links of these tickets' events, by ticket number, in sequence order.
    func eventChains(numbers: [String]) async throws -> [String: [EventChainLink]]
    /// Recomputes every chain with records on or after `from` (every record when nil) and every closed day from then.
    func verify(from: ChinaDay?) async throws -> IntegrityReport
    /// Recomputes one ticket's chain; nil when there is no such ticket.
    func verifyTicket(number: String) async throws -> TicketChainCheck?
    /// Closes every day not yet closed up to and including `lastDay`, oldest first; returns the new digests.
    func closeDays(through lastDay: ChinaDay, at date: Date) async throws -> [DayDigest]
    /// Deletes the audit lines of every closed day up to `lastDay` not purged yet, records the purge and appends an
    /// `audit.purge` line attesting it, all in one transaction; nil when there was nothing to purge. The database
    /// refuses a day younger than 183 days.
    func purgeAudit(through lastDay: ChinaDay, at date: Date) async throws -> AuditPurge?
}

/// One purge of old audit lines: every line of the days up to `throughDay`.
public struct AuditPurge: Sendable, Equatable {
    /// The youngest day a purge may reach is this many days back: every line is kept at least 183 days (Cybersecurity
    /// Law art. 21). The PostgreSQL purge function holds the same number.
    public static let minimumAgeDays = 184

    public var throughDay: String
    public var lines: Int

    public init(throughDay: String, lines: Int) {
        self.throughDay = throughDay
        self.lines = lines
    }
}
