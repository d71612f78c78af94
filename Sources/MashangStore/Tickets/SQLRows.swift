import SQLKit

/// Multi-row INSERT in chunks that stay under both databases' bind-parameter limits.
enum SQLRows {
    static let maxBinds = 30_000

    static func insert(
        into table: String, columns: [String], rows: [[any Encodable & Sendable]],
        onConflict: String? = nil, on database: any SQLDatabase
    ) async throws {
        guard !rows.isEmpty else { return }
        let chunkSize = max(1, maxBinds / max(1, columns.count))
        // Column names are constants of the calling code, never input.
        let quoted = columns.map { "\"" + $0 + "\"" }.joined(separator: ", ")
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
