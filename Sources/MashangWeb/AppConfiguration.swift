import MashangCore
import MashangServices

/// Everything the server needs to know at start, read once by `from(environment:…)`: flags (`--host`, `--port`,
/// `--data`, `--demo`), then the environment (`environmentKeys`, each described in the README's configuration table),
/// then the defaults here.
public struct AppConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    public var seedDemoData: Bool
    public var tokenLifetimeHours: Int
    public var secureCookies: Bool
    /// The address residents' phones open, without a trailing slash.
    public var publicURL: String
    /// Seconds between deadline sweeps; 0 turns the sweeper off on this node.
    /// Minutes a staff page session may go unused before it ends (`MASHANG_SESSION_IDLE_MINUTES`).
    public var sessionIdleMinutes: Int = Int(Self.defaultSessionIdleMinutes)
    /// Months audit lines are kept before the day closer purges them (`MASHANG_AUDIT_RETENTION_MONTHS`, 6 to 120; the
    /// Cybersecurity Law asks for at least six).
    public var auditRetentionMonths = 36
    /// Years after closure a requester's name and contact are kept before the daily job anonymises them
    /// (`MASHANG_CONTACT_RETENTION_YEARS`, 1 to 30).
    public var contactRetentionYears = 3
    /// Public submissions (forms, intake API, legal-day look-ups) one address may make in ten minutes
    /// (`MASHANG_INTAKE_PER_ADDRESS`, default 20): raise it where many people share one address.
    public var intakePerAddress = RateLimiter.intakePerAddress.attempts
    public static let defaultSessionIdleMinutes: Double = 30
    public var sweepSeconds: Int = 60
    /// Seconds between refreshes of the figures' rollups; 0 turns the refresher off on this node.
    public var figuresSeconds: Int = 2
    /// Open311's `jurisdiction_id` (e.g. the city's domain); when set, requests naming another are refused.
    public var open311Jurisdiction: String?
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (`MASHANG_TRUSTED_PROXIES`, comma-separated).
    public var trustedProxies: Set<String> = []
    /// The bearer token `GET /metrics` requires; without one, only the server's own machine (loopback) may scrape.
    public var metricsToken: String?
    /// How long one database operation may take while serving a request before it is answered 503.
    public var databaseRequestDeadline: Duration = .seconds(5)
    /// What every command reads from the environment: the database, the data key, the demo password, logging.
    public var process = ProcessSettings()
    /// How messages reach requesters, by channel; none configured keeps every message as "not sent: no channel".
    public var messageSenders: [any MessageSender] = []
    /// Quiet hours and the daily cap of text messages.
    public var deliveryRules = DeliveryRules()

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqlite(directory: "./data"),
        seedDemoData: Bool = false, tokenLifetimeHours: Int = 12, secureCookies: Bool = false, publicURL: String? = nil
    ) {
        self.secureCookies = secureCookies
        var url = publicURL ?? "http://\(host):\(port)"
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url
        self.host = host
        self.port = port
        self.database = database
        self.seedDemoData = seedDemoData
        self.tokenLifetimeHours = tokenLifetimeHours
    }
}
