import Foundation
import Logging
import MashangCore

/// The settings every command reads from the environment — where the database is, the data key, the demo password,
/// logging — read and checked once when the process starts.
public struct ProcessSettings: Sendable {
    /// `DATABASE_URL`: PostgreSQL instead of the embedded SQLite file.
    public var databaseURL: String?
    /// `MASHANG_DATABASE_CONNECTIONS`: how many connections this node opens to PostgreSQL at most.
    public var databaseConnections: Int?
    /// `MASHANG_DATA_KEY`: 32 bytes in base64 that seal requesters' contacts.
    public var dataKey: String?
    /// `MASHANG_DEMO_PASSWORD`: the demo users' password.
    public var demoPassword: String?
    public var logLevel: Logger.Level = .info
    public var logFormat: LogSettings.Format = .text

    public init() {}

    public static let keys: [SettingKey] = [
        SettingKey("DATABASE_URL", "a postgres:// or postgresql:// address"),
        SettingKey("MASHANG_DATABASE_CONNECTIONS", "a whole number from 2 to 1000"),
        SettingKey("MASHANG_DATA_KEY", "32 random bytes in base64 (`mashang key generate` prints one)", secret: true),
        SettingKey("MASHANG_DEMO_PASSWORD", "any text", secret: true),
        SettingKey("MASHANG_LOG_FORMAT", "text or json"),
        SettingKey("LOG_LEVEL", "trace, debug, info, notice, warning, error or critical"),
    ]

    /// Where the database is: PostgreSQL when `DATABASE_URL` is set, else SQLite in `directory`.
    public func databaseLocation(directory: String) -> DatabaseLocation {
        guard let databaseURL else { return .sqlite(directory: directory) }
        return .postgres(url: databaseURL, connections: databaseConnections ?? DatabaseLocation.defaultConnections)
    }

    /// Reads the settings, refusing values that do not parse through `reader` (which collects them).
    public static func read(_ reader: inout EnvironmentReader) -> ProcessSettings {
        var settings = ProcessSettings()
        settings.databaseURL = reader.value("DATABASE_URL")
        if let url = settings.databaseURL,
            !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) || URL(string: url)?.host == nil
        {
            reader.refuse("DATABASE_URL")
        }
        settings.databaseConnections = reader.number("MASHANG_DATABASE_CONNECTIONS", in: 2...1000)
        settings.dataKey = reader.value("MASHANG_DATA_KEY")
        if let key = settings.dataKey, Data(base64Encoded: key)?.count != 32 { reader.refuse("MASHANG_DATA_KEY") }
        settings.demoPassword = reader.value("MASHANG_DEMO_PASSWORD")
        if let text = reader.value("MASHANG_LOG_FORMAT") {
            if let format = LogSettings.Format(rawValue: text) { settings.logFormat = format } else { reader.refuse("MASHANG_LOG_FORMAT") }
        }
        if let text = reader.value("LOG_LEVEL") {
            if let level = Logger.Level(rawValue: text) { settings.logLevel = level } else { reader.refuse("LOG_LEVEL") }
        }
        return settings
    }

    /// The settings from `environment`, or every value refused.
    public static func from(environment: [String: String]) throws(ConfigurationError) -> ProcessSettings {
        var reader = EnvironmentReader(environment: environment, keys: keys)
        let settings = read(&reader)
        try reader.check()
        return settings
    }
}
