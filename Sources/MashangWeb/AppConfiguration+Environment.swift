import Foundation
import MashangChannels
import MashangCore
import MashangServices

extension AppConfiguration {
    /// The environment keys only `serve` reads, each with what it accepts (the README's table says what they mean).
    public static let serverKeys: [SettingKey] = [
        SettingKey("MASHANG_TOKEN_HOURS", "a whole number of hours from 1 to 720"),
        SettingKey("MASHANG_SESSION_IDLE_MINUTES", "a whole number of minutes from 5 to 480"),
        SettingKey("MASHANG_AUDIT_RETENTION_MONTHS", "a whole number of months from 6 to 120"),
        SettingKey("MASHANG_CONTACT_RETENTION_YEARS", "a whole number of years from 1 to 30"),
        SettingKey("MASHANG_INTAKE_PER_ADDRESS", "a whole number of submissions from 5 to 10000"),
        SettingKey("MASHANG_SECURE_COOKIES", "1 (or 0)"),
        SettingKey("MASHANG_PUBLIC_URL", "an http:// or https:// address"),
        SettingKey("MASHANG_TRUSTED_PROXIES", "comma-separated IP addresses"),
        SettingKey("MASHANG_OPEN311_JURISDICTION", "any text"),
        SettingKey("MASHANG_SWEEP_SECONDS", "a whole number of seconds, 0 or more"),
        SettingKey("MASHANG_FIGURES_SECONDS", "a whole number of seconds, 0 or more"),
        SettingKey("MASHANG_METRICS_TOKEN", "a secret of at least 16 characters", secret: true),
        SettingKey("MASHANG_DATABASE_REQUEST_SECONDS", "a whole number of seconds from 1 to 120"),
    ]

    /// Every environment key the server reads: the process's (`ProcessSettings.keys`) and its own.
    public static var environmentKeys: [SettingKey] { ProcessSettings.keys + serverKeys + ChannelSettings.keys }

    /// The server's settings from its flags and the environment, read once: flags first, then the environment, then the
    /// defaults. An empty variable counts as unset; any other value that does not parse is refused, all at once.
    public static func from(
        environment: [String: String], host: String, port: Int, database: DatabaseLocation,
        seedDemoData: Bool
    ) throws(ConfigurationError) -> AppConfiguration {
        var reader = EnvironmentReader(environment: environment, keys: environmentKeys)
        let process = ProcessSettings.read(&reader)
        if !(0...65_535).contains(port) { reader.problem("--port \(port): expected a port from 0 (any free one) to 65535") }
        let hours = reader.number("MASHANG_TOKEN_HOURS", in: 1...720)
        let idleMinutes = reader.number("MASHANG_SESSION_IDLE_MINUTES", in: 5...480)
        let auditMonths = reader.number("MASHANG_AUDIT_RETENTION_MONTHS", in: 6...120)
        let contactYears = reader.number("MASHANG_CONTACT_RETENTION_YEARS", in: 1...30)
        let intakePerAddress = reader.number("MASHANG_INTAKE_PER_ADDRESS", in: 5...10_000)
        var secure = false
        if let text = reader.value("MASHANG_SECURE_COOKIES") {
            if text == "1" { secure = true } else if text != "0" { reader.refuse("MASHANG_SECURE_COOKIES") }
        }
        let publicURL = reader.value("MASHANG_PUBLIC_URL")
        if let publicURL, URL(string: publicURL)?.host == nil || !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            reader.refuse("MASHANG_PUBLIC_URL")
        }
        let proxies = (reader.value("MASHANG_TRUSTED_PROXIES") ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if proxies.contains(where: { !isIPAddress($0) }) { reader.refuse("MASHANG_TRUSTED_PROXIES") }
        let sweep = reader.number("MASHANG_SWEEP_SECONDS", in: 0...86_400)
        let figures = reader.number("MASHANG_FIGURES_SECONDS", in: 0...86_400)
        let requestDeadline = reader.number("MASHANG_DATABASE_REQUEST_SECONDS", in: 1...120)
        let metricsToken = reader.value("MASHANG_METRICS_TOKEN")
        if let metricsToken, metricsToken.count < 16 { reader.refuse("MASHANG_METRICS_TOKEN") }
        let senders = ChannelSettings.read(&reader)
        let rules = ChannelSettings.rules(&reader)
        try reader.check()

        var configuration = AppConfiguration(
            host: host, port: port, database: database, seedDemoData: seedDemoData,
            tokenLifetimeHours: hours ?? 12, secureCookies: secure, publicURL: publicURL)
        configuration.process = process
        if process.databaseURL != nil { configuration.database = process.databaseLocation(directory: "") }
        configuration.trustedProxies = Set(proxies)
        configuration.open311Jurisdiction = reader.value("MASHANG_OPEN311_JURISDICTION")
        if let sweep { configuration.sweepSeconds = sweep }
        if let idleMinutes { configuration.sessionIdleMinutes = idleMinutes }
        if let auditMonths { configuration.auditRetentionMonths = auditMonths }
        if let contactYears { configuration.contactRetentionYears = contactYears }
        if let intakePerAddress { configuration.intakePerAddress = intakePerAddress }
        if let figures { configuration.figuresSeconds = figures }
        configuration.metricsToken = metricsToken
        if let requestDeadline { configuration.databaseRequestDeadline = .seconds(requestDeadline) }
        configuration.messageSenders = senders
        configuration.deliveryRules = rules
        return configuration
    }

    private static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
