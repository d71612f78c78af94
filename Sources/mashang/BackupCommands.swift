import ArgumentParser
import Foundation
import MashangCore
import MashangStore

/// `mashang backup --to FILE`: a consistent copy of the embedded database while the server runs.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the embedded SQLite database to a file, consistently, while the server runs (PostgreSQL: use pg_dump).")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("to"), help: "The backup file to write (must not exist).")
    var path: String

    func run() async throws {
        if case .postgres = database.location(try ProcessEnvironment.settings()) {
            throw ValidationError(
                """
                DATABASE_URL points at PostgreSQL: back it up with pg_dump, e.g.
                  pg_dump --format=custom --file=mashang.dump "$DATABASE_URL"
                and restore with pg_restore (docs/operations.md).
                """)
        }
        do {
            let summary = try await database.withDatabase { try await DatabaseBackup.backup($0, to: path) }
            print("backup written: \(summary.path) (\(summary.bytes) bytes, \(summary.tickets) tickets, \(summary.events) events)")
            print("The data key (MASHANG_DATA_KEY or data.key) is not in the backup: keep it apart, the backup needs it.")
        } catch let refused as BackupRefused {
            throw ValidationError(refused.description)
        }
    }
}

/// `mashang restore --from FILE`: a backup becomes the data directory's database.
struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Put a backup file in place as the embedded database of --data (stop the server first).")

    @Option(name: .customLong("data"), help: "Directory of the embedded SQLite database.")
    var dataDirectory = "./data"

    @Option(name: .customLong("from"), help: "The backup file written by mashang backup.")
    var path: String

    @Flag(help: "Replace an existing database in the directory.")
    var replace = false

    func run() async throws {
        do {
            let summary = try await DatabaseBackup.restore(from: path, into: dataDirectory, replacing: replace)
            print("restored: \(summary.path) (\(summary.tickets) tickets, \(summary.events) events, \(summary.migrations) migrations)")
        } catch let refused as BackupRefused {
            throw ValidationError(refused.description)
        }
    }
}
