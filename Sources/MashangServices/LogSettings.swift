import Foundation
import Logging

/// How much the server and the commands log.
public enum LogSettings {
    /// The log level `LOG_LEVEL` names (checked at start by `AppConfiguration.from(environment:…)`), `info` when unset.
    public static func level(environment: [String: String]) -> Logger.Level {
        environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.trimmingCharacters(in: .whitespaces)) } ?? .info
    }
}
