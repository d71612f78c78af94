import ArgumentParser
import Foundation
import MashangServices

/// The process's environment, read here and nowhere else in the executable (`ArchitectureTests` checks): every
/// command takes its settings from `settings()`, `serve` its own through `AppConfiguration.from`.
enum ProcessEnvironment {
    static let variables = ProcessInfo.processInfo.environment

    /// The settings every command shares; a value that does not parse stops the command, naming the key.
    static func settings() throws -> ProcessSettings {
        do { return try ProcessSettings.from(environment: variables) } catch { throw ValidationError(error.description) }
    }
}
