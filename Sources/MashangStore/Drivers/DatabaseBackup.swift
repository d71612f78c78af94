import Foundation
import Logging
import SQLKit

/// What a backup or a restore found.
public struct BackupSummary: Sendable, Equatable {
    public var path: String
    public var bytes: Int64
    public var tickets: Int
    public var events: Int
    public var migrations: Int
}

/// Why a backup or a restore refused.
public struct BackupRefused: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Consistent copies of the embedded database while the server runs, and their restoration. `VACUUM INTO` runs inside
/// one read transaction on a reader connection, so the copy is the database as of one moment (WAL lets the writer go
/// on committing meanwhile), compacted, with no WAL of its own. PostgreSQL is backed up with its own tools
/// (`pg_dump`), see docs/operations.md.
public enum DatabaseBackup {
    public static let fileName = "mashang.sqlite"

    /// Writes a copy of the open database to `path` (which must not exist): first to a temporary name next to it,
    /// then renamed, so that a file at `path` is always a complete copy.
    public static func backup(_ database: MashangDatabase, to path: String) async throws -> BackupSummary {
        guard let sqlite = database.backend as? SQLiteBackend else {
            throw BackupRefused("PostgreSQL is backed up with pg_dump (docs/operations.md), not with mashang backup")
        }
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else { throw BackupRefused("\(path) exists already; choose a new file") }
        let temporary = path + ".partial"
        try? manager.removeItem(atPath: temporary)
        do {
            try await sqlite.vacuum(into: temporary)
            // The copy holds sealed personal data: readable by its owner only.
            try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary)
            try manager.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? manager.removeItem(atPath: temporary)
            throw error
        }
        return try await inspect(path)
    }

    /// Checks that `path` is a whole Mashang database (integrity check, migrations table) and counts what it holds.
    public static func inspect(_ path: String) async throws -> BackupSummary {
        guard FileManager.default.fileExists(atPath: path) else { throw BackupRefused("\(path) does not exist") }
        let backend: SQLiteBackend
        do {
            backend = try await SQLiteBackend.open(path: path, readers: 1, logger: Logger(label: "mashang.backup"))
        } catch {
            throw BackupRefused("\(path) is not a Mashang database: \(error)")
        }
        do {
            let summary = try await backend.read { sql -> BackupSummary in
                let check = try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self)
                guard check == "ok" else { throw BackupRefused("\(path) fails SQLite's integrity check: \(check ?? "no answer")") }
                func count(_ query: SQLQueryString) async throws -> Int {
                    try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
                }
                let migrations = try await count("SELECT COUNT(*) AS n FROM schema_migrations")
                return BackupSummary(
                    path: path, bytes: 0, tickets: try await count("SELECT COUNT(*) AS n FROM tickets"),
                    events: try await count("SELECT COUNT(*) AS n FROM ticket_events"), migrations: migrations)
            }
            try await backend.close()
            var result = summary
            result.bytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
            return result
        } catch {
            try? await backend.close()
            throw error is BackupRefused ? error : BackupRefused("\(path) is not a Mashang database: \(error)")
        }
    }

    /// Puts a backup in place as the database of `directory`. Refused when the directory already has a database,
    /// unless `replacing`; the file is checked first and copied under a temporary name, then renamed.
    public static func restore(from path: String, into directory: String, replacing: Bool) async throws -> BackupSummary {
        let summary = try await inspect(path)
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let target = (directory as NSString).appendingPathComponent(fileName)
        if manager.fileExists(atPath: target) && !replacing {
            throw BackupRefused("\(target) exists: stop the server and pass --replace to overwrite it")
        }
        let temporary = target + ".restoring"
        try? manager.removeItem(atPath: temporary)
        try manager.copyItem(atPath: path, toPath: temporary)
        try manager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: temporary)
        // The old database's write-ahead log must not be replayed into the restored file.
        for suffix in ["-wal", "-shm"] { try? manager.removeItem(atPath: target + suffix) }
        if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
        try manager.moveItem(atPath: temporary, toPath: target)
        var restored = summary
        restored.path = target
        return restored
    }
}
