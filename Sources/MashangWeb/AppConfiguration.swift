import MashangCore
import MashangServices

/// Everything the server needs to know at start, read in one place by the executable.
///
/// Keys: `--host` (default 127.0.0.1), `--port` (8080), `--data DIR` (./data, for SQLite),
/// `DATABASE_URL` (postgres://… switches to PostgreSQL), `--demo` (seed demo data into an empty database),
/// `MASHANG_DEMO_PASSWORD` (demo users' password; generated and printed when unset),
/// `MASHANG_TOKEN_HOURS` (API token and page session lifetime, default 12),
/// `MASHANG_SECURE_COOKIES=1` (mark session cookies Secure: set it when Mashang is served over HTTPS),
/// `MASHANG_PUBLIC_URL` (the address residents reach, printed in QR codes; default `http://HOST:PORT`),
/// `MASHANG_OPEN311_JURISDICTION` (Open311's `jurisdiction_id`; any or none accepted when unset),
/// `MASHANG_TRUSTED_PROXIES` (reverse proxies' addresses whose `X-Forwarded-For` is believed).
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
    public var sweepSeconds: Int = 60
    /// Seconds between refreshes of the figures' rollups; 0 turns the refresher off on this node.
    public var figuresSeconds: Int = 2
    /// Open311's `jurisdiction_id` (e.g. the city's domain); when set, requests naming another are refused.
    public var open311Jurisdiction: String?
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (`MASHANG_TRUSTED_PROXIES`, comma-separated).
    public var trustedProxies: Set<String> = []
    /// The bearer token `GET /metrics` requires; without one, only the server's own machine (loopback) may scrape.
    public var metricsToken: String?

    public init(host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqlite(directory: "./data"),
                seedDemoData: Bool = false, tokenLifetimeHours: Int = 12, secureCookies: Bool = false, publicURL: String? = nil) {
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
