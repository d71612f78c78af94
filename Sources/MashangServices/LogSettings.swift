import Foundation
import Logging

/// How much the server and the commands log.
public enum LogSettings {
    /// The log level `LOG_LEVEL` names (checked at start by `AppConfiguration.from(environment:…)`), `info` when unset.
    public static func level(environment: [String: String]) -> Logger.Level {
        environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.trimmingCharacters(in: .whitespaces)) } ?? .info
    }

    /// How lines are written, from `MASHANG_LOG_FORMAT`: `text` (the default) or `json`; nil for anything else.
    public static func format(environment: [String: String]) -> Format? {
        let text = environment["MASHANG_LOG_FORMAT"]?.trimmingCharacters(in: .whitespaces) ?? ""
        return text.isEmpty ? .text : Format(rawValue: text)
    }

    public enum Format: String, Sendable {
        case text, json
    }

    /// Sets the process's log handler once, before anything logs: JSON lines or swift-log's text on standard error.
    public static func bootstrap(environment: [String: String]) {
        let level = level(environment: environment)
        switch format(environment: environment) ?? .text {
        case .json: LoggingSystem.bootstrap { label in JSONLogHandler(label: label, level: level) }
        case .text:
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}
