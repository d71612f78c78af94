import ArgumentParser
import Foundation
import Logging
import MashangCore
import MashangStore
import MashangServices

/// Where the database is: `DATABASE_URL` (PostgreSQL) wins over `--data` (SQLite directory, default ./data).
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "Directory of the embedded SQLite database.")
    var dataDirectory = "./data"

    var location: DatabaseLocation {
        if let url = ProcessInfo.processInfo.environment["DATABASE_URL"], !url.isEmpty { return .postgres(url: url) }
        return .sqlite(directory: dataDirectory)
    }

    /// Opens (and migrates) the database. `contacts` says how the command treats requesters' personal data and so
    /// which data key it needs.
    func open(logger: Logger, contacts: DataKeyNeed = .none) async throws -> MashangDatabase {
        try await MashangDatabase.open(location, cipher: try DataKey(directory: dataDirectory).cipher(for: contacts),
                                       sealLegacyContacts: contacts != .none, logger: logger)
    }

    /// Opens the database, runs `work`, and closes the database whether or not `work` succeeded.
    func withDatabase<T>(contacts: DataKeyNeed = .none, _ work: (MashangDatabase) async throws -> T) async throws -> T {
        try await open(logger: CLILogger.make(), contacts: contacts).closing(after: work)
    }
}

enum CLILogger {
    static func make() -> Logger {
        var logger = Logger(label: "mashang")
        logger.logLevel = LogSettings.level(environment: ProcessInfo.processInfo.environment)
        return logger
    }
}
