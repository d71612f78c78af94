import Foundation
import MashangCore
import MashangServices
import Logging

/// A setting given with a value the server cannot use: it refuses to start and says which and why, rather than
/// falling back to a default the operator did not choose.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String { "Mashang cannot start with these settings:\n" + problems.map { "  " + $0 }.joined(separator: "\n") }
}

extension AppConfiguration {
    /// The environment keys `serve` reads, each with what it accepts (the README's table says what they mean).
    public static let environmentKeys: [(key: String, accepts: String)] = [
        ("MASHANG_TOKEN_HOURS", "a whole number of hours from 1 to 720"),
        ("MASHANG_SECURE_COOKIES", "1 (or 0)"),
        ("MASHANG_PUBLIC_URL", "an http:// or https:// address"),
        ("MASHANG_TRUSTED_PROXIES", "comma-separated IP addresses"),
        ("MASHANG_OPEN311_JURISDICTION", "any text"),
        ("MASHANG_SWEEP_SECONDS", "a whole number of seconds, 0 or more"),
        ("MASHANG_FIGURES_SECONDS", "a whole number of seconds, 0 or more"),
        ("MASHANG_METRICS_TOKEN", "a secret of at least 16 characters"),
        ("MASHANG_LOG_FORMAT", "text or json"),
        ("LOG_LEVEL", "trace, debug, info, notice, warning, error or critical"),
    ]

    /// The server's settings from its flags and the environment, read once: flags first, then the environment, then the
    /// defaults. An empty variable counts as unset; any other value that does not parse is refused, all at once.
    public static func from(environment: [String: String], host: String, port: Int, database: DatabaseLocation,
                            seedDemoData: Bool) throws(ConfigurationError) -> AppConfiguration {
        var problems: [String] = []
        func value(_ key: String) -> String? {
            environment[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        func refuse(_ key: String) {
            let accepts = environmentKeys.first { $0.key == key }?.accepts ?? "another value"
            problems.append("\(key)=\(environment[key] ?? ""): expected \(accepts)")
        }
        func number(_ key: String, in range: ClosedRange<Int>) -> Int? {
            guard let text = value(key) else { return nil }
            guard let number = Int(text), range.contains(number) else { refuse(key); return nil }
            return number
        }
        if !(0...65_535).contains(port) { problems.append("--port \(port): expected a port from 0 (any free one) to 65535") }
        let hours = number("MASHANG_TOKEN_HOURS", in: 1...720)
        var secure = false
        if let text = value("MASHANG_SECURE_COOKIES") {
            if text == "1" { secure = true } else if text != "0" { refuse("MASHANG_SECURE_COOKIES") }
        }
        let publicURL = value("MASHANG_PUBLIC_URL")
        if let publicURL, URL(string: publicURL)?.host == nil || !(publicURL.hasPrefix("http://") || publicURL.hasPrefix("https://")) {
            refuse("MASHANG_PUBLIC_URL")
        }
        let proxies = (value("MASHANG_TRUSTED_PROXIES") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if proxies.contains(where: { !isIPAddress($0) }) { refuse("MASHANG_TRUSTED_PROXIES") }
        let sweep = number("MASHANG_SWEEP_SECONDS", in: 0...86_400)
        let figures = number("MASHANG_FIGURES_SECONDS", in: 0...86_400)
        let metricsToken = value("MASHANG_METRICS_TOKEN")
        if let metricsToken, metricsToken.count < 16 { refuse("MASHANG_METRICS_TOKEN") }
        if LogSettings.format(environment: environment) == nil { refuse("MASHANG_LOG_FORMAT") }
        if let level = value("LOG_LEVEL"), Logger.Level(rawValue: level) == nil { refuse("LOG_LEVEL") }
        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }

        var configuration = AppConfiguration(host: host, port: port, database: database, seedDemoData: seedDemoData,
                                             tokenLifetimeHours: hours ?? 12, secureCookies: secure, publicURL: publicURL)
        configuration.trustedProxies = Set(proxies)
        configuration.open311Jurisdiction = value("MASHANG_OPEN311_JURISDICTION")
        if let sweep { configuration.sweepSeconds = sweep }
        if let figures { configuration.figuresSeconds = figures }
        configuration.metricsToken = metricsToken
        return configuration
    }

    private static func isIPAddress(_ text: String) -> Bool {
        var v4 = in_addr(), v6 = in6_addr()
        return inet_pton(AF_INET, text, &v4) == 1 || inet_pton(AF_INET6, text, &v6) == 1
    }
}
