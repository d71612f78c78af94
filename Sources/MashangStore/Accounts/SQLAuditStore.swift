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
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO audit_log (at, actor, organization, action, subject, address, detail)
                VALUES (\(bind: StoreTime.milliseconds(entry.at)), \(bind: entry.actor), \(bind: entry.organization), \(bind: entry.action),
                        \(bind: entry.subject), \(bind: entry.address), \(bind: entry.detail))
                """
            ).run()
        }
    }

    /// Entries in the order they were written, after row `afterID`, at most `limit`, at in `[from, before)`: the
    /// export reads the whole log in batches. Returns the last row id read.
    public func batch(after afterID: Int64, from: Date?, before: Date?, limit: Int) async throws -> (entries: [AuditEntry], lastID: Int64?)
    {
        var filter: SQLQueryString = "id > \(bind: afterID)"
        if let from { filter = filter + " AND at >= \(bind: StoreTime.milliseconds(from))" }
        if let before { filter = filter + " AND at < \(bind: StoreTime.milliseconds(before))" }
        let condition = filter
        return try await backend.read { database in
            let rows = try await database.raw("SELECT * FROM audit_log WHERE \(condition) ORDER BY id LIMIT \(literal: limit)").all()
            return (try rows.map(Self.entry), try rows.last?.decode(column: "id", as: Int64.self))
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
