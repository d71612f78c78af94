import ArgumentParser
import Foundation
import Logging
import MashangCore
import MashangServices
import MashangStore

/// Where the database is: `DATABASE_URL` (PostgreSQL) wins over `--data` (SQLite directory, default ./data).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "Directory of the embedded SQLite database.")
    var dataDirectory = "./data"

    func location(_ settings: ProcessSettings) -> DatabaseLocation {
        settings.databaseLocation(directory: dataDirectory)
    }

    /// Opens (and migrates) the database. `contacts` says how the command treats requesters' personal data and so
    /// which data key it needs.
    func open(settings: ProcessSettings, logger: Logger, contacts: DataKeyNeed = .none) async throws -> MashangDatabase {
        let cipher = try DataKey(directory: dataDirectory, given: settings.dataKey).cipher(for: contacts)
        return try await MashangDatabase.open(location(settings), cipher: cipher, sealLegacyContacts: contacts != .none, logger: logger)
    }

    /// Opens the database, runs `work`, and closes the database whether or not `work` succeeded.
    func withDatabase<T>(contacts: DataKeyNeed = .none, _ work: (MashangDatabase) async throws -> T) async throws -> T {
        let settings = try ProcessEnvironment.settings()
        return try await open(settings: settings, logger: CLILogger.make(level: settings.logLevel), contacts: contacts).closing(after: work)
    }
}

enum CLILogger {
    static func make(level: Logger.Level) -> Logger {
        var logger = Logger(label: "mashang")
        logger.logLevel = level
        return logger
    }
}
