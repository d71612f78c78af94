import SQLKit

/// Multi-row INSERT in chunks that stay under both databases' bind-parameter limits.
enum SQLRows {
    static let maxBinds = 30_000

    static func insert(into table: String, columns: [String], rows: [[any Encodable & Sendable]],
                       on database: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let chunkSize = max(1, maxBinds / max(1, columns.count))
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + chunkSize)]
            let values = chunk.map { row in "(\(binds: row))" as SQLQueryString }.joined(separator: ", ")
            try await database.raw("INSERT INTO \(ident: table) (\(idents: columns, joinedBy: ", ")) VALUES \(values)").run()
            start += chunkSize
        }
    }
}
