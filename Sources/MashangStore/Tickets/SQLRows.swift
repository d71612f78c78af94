import SQLKit

/// Multi-row INSERT: on SQLite's writer one prepared single-row statement run per row; on PostgreSQL chunks of rows
/// as one JSON bind each (`JSONRows`); elsewhere multi-row `VALUES` under both databases' bind-parameter limits.
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
        // `onConflict` is a clause written by the calling code from constants, never input.
        let conflict = onConflict.map { SQLQueryString(" ON CONFLICT " + $0) } ?? ""
        if database.dialect.name == "postgresql" {
            var start = 0
            while start < rows.count {
                let chunk = rows[start..<min(rows.count, start + jsonChunk)]
                guard let json = JSONRows.text(columns: columns, rows: chunk) else { break }
                try await database.raw(
                    """
                    INSERT INTO \(ident: table) (\(unsafeRaw: quoted)) SELECT \(unsafeRaw: quoted)
                    FROM json_populate_recordset(NULL::\(ident: table), \(bind: json)::json)\(conflict)
                    """
                ).run()
                start += chunk.count
            }
            if start == rows.count { return }
            // A value JSONRows does not spell: the rest go as binds.
            return try await insertBound(
                into: table, quoted: quoted, columns: columns.count, rows: rows[start...], conflict: conflict, on: database)
        }
        try await insertBound(into: table, quoted: quoted, columns: columns.count, rows: rows[...], conflict: conflict, on: database)
    }

    /// Rows per statement on PostgreSQL's JSON path.
    static let jsonChunk = 5_000

    /// Multi-row `VALUES` of bound values, in chunks under the bind limit.
    private static func insertBound(
        into table: String, quoted: String, columns: Int, rows: ArraySlice<[any Encodable & Sendable]>, conflict: SQLQueryString,
        on database: any SQLDatabase
    ) async throws {
        let chunkSize = max(1, maxBinds / max(1, columns))
        var start = rows.startIndex
        while start < rows.endIndex {
            let chunk = rows[start..<min(rows.endIndex, start + chunkSize)]
            let values = chunk.map { row in "(\(binds: row))" as SQLQueryString }.joined(separator: ", ")
            try await database.raw("INSERT INTO \(ident: table) (\(unsafeRaw: quoted)) VALUES \(values)\(conflict)").run()
            start += chunkSize
        }
    }
}
