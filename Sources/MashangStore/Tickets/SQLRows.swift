import SQLKit

/// Multi-row INSERT in chunks that stay under both databases' bind-parameter limits; on SQLite's writer, one
/// prepared single-row statement run per row.
enum SQLRows {
    static let maxBinds = 30_000

    static func insert(
        into table: String, columns: [String], rows: [[any Encodable & Sendable]],
        onConflict: String? = nil, on database: any SQLDatabase
    ) async throws {
        guard !rows.isEmpty else { return }
        // Column names are constants of the calling code, never input.
        let quoted = columns.map { "\"" + $0 + "\"" }.joined(separator: ", ")
        if let direct = database as? DirectSQLiteDatabase {
            // Building and parsing a statement of thousands of binds cost more than the rows' writing (the figures'
            // catch-up spent a fifth of its time serialising them); one prepared statement, cached, costs neither.
            let placeholders = Array(repeating: "?", count: columns.count).joined(separator: ", ")
            let conflict = onConflict.map { " ON CONFLICT " + $0 } ?? ""
            try direct.runEach("INSERT INTO \"\(table)\" (\(quoted)) VALUES (\(placeholders))\(conflict)", rows)
            return
        }
        let chunkSize = max(1, maxBinds / max(1, columns.count))
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + chunkSize)]
            let values = chunk.map { row in "(\(binds: row))" as SQLQueryString }.joined(separator: ", ")
            // `onConflict` is a clause written by the calling code from constants, never input.
            let conflict = onConflict.map { SQLQueryString(" ON CONFLICT " + $0) } ?? ""
            try await database.raw("INSERT INTO \(ident: table) (\(unsafeRaw: quoted)) VALUES \(values)\(conflict)").run()
            start += chunkSize
        }
    }
}
