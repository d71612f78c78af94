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
            try await database.raw("""
                INSERT INTO audit_log (at, actor, organization, action, subject, address, detail)
                VALUES (\(bind: StoreTime.milliseconds(entry.at)), \(bind: entry.actor), \(bind: entry.organization), \(bind: entry.action),
                        \(bind: entry.subject), \(bind: entry.address), \(bind: entry.detail))
                """).run()
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
            try await database.raw("SELECT * FROM audit_log WHERE \(filter) ORDER BY id DESC LIMIT \(literal: limit)").all().map { row in
                AuditEntry(at: StoreTime.date(try row.decode(column: "at", as: Int64.self)),
                           actor: try row.decode(column: "actor", as: String.self),
                           organization: try row.decode(column: "organization", as: String?.self),
                           action: try row.decode(column: "action", as: String.self),
                           subject: try row.decode(column: "subject", as: String.self),
                           address: try row.decode(column: "address", as: String.self),
                           detail: try row.decode(column: "detail", as: String.self))
            }
        }
    }
}
