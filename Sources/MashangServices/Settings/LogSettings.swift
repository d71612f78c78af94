import Foundation
import Logging

/// How the server and the commands log (`LOG_LEVEL` and `MASHANG_LOG_FORMAT`, read in `ProcessSettings`).
public enum LogSettings {
    public enum Format: String, Sendable {
        case text, json
    }

    /// Sets the process's log handler once, before anything logs: JSON lines or swift-log's text on standard error.
    public static func bootstrap(level: Logger.Level, format: Format) {
        switch format {
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
