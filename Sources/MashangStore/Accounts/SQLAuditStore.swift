import Foundation
import MashangCore
import SQLKit

/// `AuditStore` over SQL: inserts and filtered reads only.
public struct SQLAuditStore: AuditStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func append(_ entry: AuditEntry) async throws {
        let flavor = backend.flavor
        try await backend.write { database in
            try await Self.append(entry, flavor: flavor, on: database)
        }
    }

    /// Appends a line chained to the last line of its China day, inside the caller's transaction. On PostgreSQL a
    /// transaction-scoped lock makes concurrent appends take their turn, so the chain never forks; SQLite has one
    /// writer.
    public static func append(_ entry: AuditEntry, flavor: SQLFlavor, on database: any SQLDatabase) async throws {
        if flavor == .postgres { try await database.raw("SELECT pg_advisory_xact_lock(\(literal: chainLock))").run() }
        let day = ChinaDay(entry.at).description
        let at = StoreTime.milliseconds(entry.at)
        let previous =
            try await database.raw("SELECT hash FROM audit_log WHERE day = \(bind: day) ORDER BY id DESC LIMIT 1").first()?
            .decode(column: "hash", as: String?.self) ?? ""
        let hash = ChainHash.audit(
            prev: previous, day: day, at: at, actor: entry.actor, organization: entry.organization, action: entry.action,
            subject: entry.subject, address: entry.address, detail: entry.detail)
        try await database.raw(
            """
            INSERT INTO audit_log (at, actor, organization, action, subject, address, detail, day, prev_hash, hash)
            VALUES (\(bind: at), \(bind: entry.actor), \(bind: entry.organization), \(bind: entry.action),
                    \(bind: entry.subject), \(bind: entry.address), \(bind: entry.detail), \(bind: day), \(bind: previous), \(bind: hash))
            """
        ).run()
    }

    /// The advisory lock key that serialises audit appends on PostgreSQL ("mashaud" in ASCII).
    static let chainLock: Int64 = 0x6D_61_73_68_61_75_64

    /// Entries in the order they were written, after row `afterID`, at most `limit`, at in `[from, before)`: the
    /// export reads the whole log in batches. Returns the last row id read.
    public func batch(after afterID: Int64, from: Date?, before: Date?, limit: Int) async throws -> (
        lines: [ChainedAuditEntry], lastID: Int64?
    ) {
        var filter: SQLQueryString = "id > \(bind: afterID)"
        if let from { filter = filter + " AND at >= \(bind: StoreTime.milliseconds(from))" }
        if let before { filter = filter + " AND at < \(bind: StoreTime.milliseconds(before))" }
        let condition = filter
        return try await backend.read { database in
            let rows = try await database.raw("SELECT * FROM audit_log WHERE \(condition) ORDER BY id LIMIT \(literal: limit)").all()
            let lines = try rows.map { row in
                let line = try ChainedAuditLine(row)
                return ChainedAuditEntry(
                    entry: line.entry, id: line.id, day: line.day, atMilliseconds: line.atMilliseconds, prevHash: line.prevHash,
                    hash: line.hash)
            }
            return (lines, lines.last?.id)
        }
    }

    public func entries(matching query: AuditQuery) async throws -> [AuditEntry] {
        var conditions: [SQLQueryString] = []
        if let action = query.action { conditions.append("action = \(bind: action)") }
        if let actor = query.actor { conditions.append("actor = \(bind: actor)") }
        if let from = query.from { conditions.append("at >= \(bind: StoreTime.milliseconds(from))") }
        if let before = query.before { conditions.append("at < \(bind: StoreTime.milliseconds(before))") }
        let filter: SQLQueryString = conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND ")
        let limit = min(max(1, query.limit), 10_000)
        return try await backend.read { database in
            try await database.raw("SELECT * FROM audit_log WHERE \(filter) ORDER BY id DESC LIMIT \(literal: limit)").all().map(Self.entry)
        }
    }

    static func entry(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            at: StoreTime.date(try row.decode(column: "at", as: Int64.self)),
            actor: try row.decode(column: "actor", as: String.self),
            organization: try row.decode(column: "organization", as: String?.self),
            action: try row.decode(column: "action", as: String.self),
            subject: try row.decode(column: "subject", as: String.self),
            address: try row.decode(column: "address", as: String.self),
            detail: try row.decode(column: "detail", as: String.self))
    }
}
