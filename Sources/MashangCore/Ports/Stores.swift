import Foundation

/// Where the data lives. Read from `DATABASE_URL` / `--data` by the executable.
public enum DatabaseLocation: Sendable, Equatable {
    /// An embedded SQLite file `mashang.sqlite` inside the directory (created if missing).
    case sqlite(directory: String)
    /// `postgres://user:pass@host:port/database`, with at most `connections` open from this node.
    case postgres(url: String, connections: Int = DatabaseLocation.defaultConnections)

    /// Connections a node keeps to PostgreSQL at most (`MASHANG_DATABASE_CONNECTIONS`). A durable commit holds its
    /// connection while the node's cores get round to each statement, so a small pool caps intake (docs/benchmarks.md);
    /// nodes × this must stay under the server's `max_connections` (100 by default).
    public static let defaultConnections = 32
}

/// The database cannot take the request now — PostgreSQL is down or restarting, the disk is full, the data directory
/// is read-only — and the request changed nothing (a write's transaction was rolled back). The caller may try again
/// later (HTTP 503 with `Retry-After`); the server recovers by itself when the database does.
public struct DatabaseUnavailable: Error, CustomStringConvertible {
    public let reason: String
    /// False when the database is reachable but busy (every pooled connection in use for too long).
    public let connectionLost: Bool

    public init(reason: String, connectionLost: Bool = true) {
        self.reason = reason
        self.connectionLost = connectionLost
    }

    public var description: String { "database unavailable: \(reason)" }
}

/// How long one database operation may take while serving a request: the web layer sets it for every request, so
/// that a PostgreSQL server that stops answering with connections open costs a request seconds (then 503), not the
/// minutes background work is allowed. Unset (background services, commands), the drivers' own deadlines apply.
public enum DatabaseDeadline {
    @TaskLocal public static var request: Duration?
}

/// Every store the use cases need, as ports: what the web and use-case layers hold instead of the SQL types. The
/// composition root (the executable, or a test) opens a database and hands over its stores; a test may hand over
/// in-memory ones instead.
public struct Stores: Sendable {
    public var tickets: any TicketStore
    public var accounts: any AccountStore
    public var reference: any ReferenceStore
    public var audit: any AuditStore
    public var calendar: any CalendarStore
    public var inbox: any InboxStore
    public var webhooks: any WebhookStore
    public var apiKeys: any ApiKeyStore
    public var figures: any FigureStore
    public var commonIssues: any CommonIssueStore
    public var exemplaryCases: any ExemplaryCaseStore
    public var registers: any RegisterStore
    public var reception: any ReceptionStore
    public var mechanismFigures: any MechanismFigureStore
    public var outbox: any OutboxStore
    public var messageSettings: any MessageSettingsStore
    public var rateLimits: any RateLimitStore
    /// The hash chains over ticket histories and the audit log.
    public var integrity: any IntegrityStore
    /// How nodes tell each other that tickets changed; nil where one process serves (SQLite).
    public var changeFeed: (any ChangeFeed)?
    /// The keyed digest of a normalised phone number, by which tickets are found without storing the number in clear.
    public var phoneDigest: @Sendable (String) -> String
    /// A keyed signature (hex) of a link's text, so that a link handed out (Open311's `media_url`) cannot be forged or
    /// altered; the same on every node of a deployment.
    public var linkSignature: @Sendable (String) -> String
    /// Answers when the database can be reached (the health check), throws `DatabaseUnavailable` otherwise.
    public var ping: @Sendable () async throws -> Void
    /// Closes the connections on shutdown.
    public var close: @Sendable () async throws -> Void
    /// The driver's own figures (write queue and groups, log size, pool waits), read when `/metrics` is scraped.
    public var statistics: @Sendable () -> DatabaseStatistics

    public init(
        tickets: any TicketStore, accounts: any AccountStore, reference: any ReferenceStore, audit: any AuditStore,
        calendar: any CalendarStore, inbox: any InboxStore, webhooks: any WebhookStore, apiKeys: any ApiKeyStore,
        figures: any FigureStore, commonIssues: any CommonIssueStore, exemplaryCases: any ExemplaryCaseStore,
        registers: any RegisterStore, reception: any ReceptionStore, mechanismFigures: any MechanismFigureStore, outbox: any OutboxStore,
        messageSettings: any MessageSettingsStore, rateLimits: any RateLimitStore, integrity: any IntegrityStore,
        changeFeed: (any ChangeFeed)? = nil,
        phoneDigest: @escaping @Sendable (String) -> String,
        linkSignature: @escaping @Sendable (String) -> String,
        ping: @escaping @Sendable () async throws -> Void,
        close: @escaping @Sendable () async throws -> Void,
        statistics: @escaping @Sendable () -> DatabaseStatistics = { DatabaseStatistics() }
    ) {
        self.tickets = tickets
        self.accounts = accounts
        self.reference = reference
        self.audit = audit
        self.calendar = calendar
        self.inbox = inbox
        self.webhooks = webhooks
        self.apiKeys = apiKeys
        self.figures = figures
        self.commonIssues = commonIssues
        self.exemplaryCases = exemplaryCases
        self.registers = registers
        self.reception = reception
        self.mechanismFigures = mechanismFigures
        self.outbox = outbox
        self.messageSettings = messageSettings
        self.rateLimits = rateLimits
        self.integrity = integrity
        self.changeFeed = changeFeed
        self.phoneDigest = phoneDigest
        self.linkSignature = linkSignature
        self.ping = ping
        self.close = close
        self.statistics = statistics
    }
}
