import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteNIO
import Testing

@testable import MashangStore

/// The direct SQLite connections (the group-commit writer's and the inline readers of point lookups).
struct DirectSQLiteTests {
    static func withFile(_ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-direct-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let setup = try DirectSQLiteConnection(path: path)
        try setup.run("PRAGMA journal_mode=WAL", [])
        try setup.run("CREATE TABLE items (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, done INTEGER NOT NULL)", [])
        try setup.run("CREATE INDEX items_open ON items (kind) WHERE done <> 1", [])
        for id in 1...50 {
            try setup.run(
                "INSERT INTO items (id, kind, done) VALUES (?, ?, ?)",
                [.integer(id), .text(id % 2 == 0 ? "a" : "b"), .integer(id % 3 == 0 ? 1 : 0)])
        }
        setup.close()
        try await body(path)
    }

    /// A statement whose plan could depend on its bound values (LIMIT ?, a value next to a partial index) stays
    /// prepared: SQLite would otherwise prepare it again after every new binding, undoing the statement cache.
    @Test func cachedStatementsAreNotPreparedAgainForNewValues() async throws {
        try await Self.withFile { path in
            let connection = try DirectSQLiteConnection(path: path)
            defer { connection.close() }
            let sql = "SELECT id FROM items WHERE kind = ? AND done <> 1 ORDER BY id LIMIT ? OFFSET ?"
            var counts: [Int] = []
            for round in 0..<6 {
                var rows = 0
                try connection.run(sql, [.text(round % 2 == 0 ? "a" : "b"), .integer(round + 1), .integer(round)]) { _ in rows += 1 }
                counts.append(rows)
            }
            #expect(counts == [1, 2, 3, 4, 5, 6])
            #expect(connection.reprepareCount(sql) == 0)
        }
    }

    /// A row's values decode to the types the store asks for, by the direct paths and through SQLiteKit's decoder.
    @Test func rowsDecodeEveryKindOfValue() async throws {
        try await Self.withFile { path in
            let connection = try DirectSQLiteConnection(path: path)
            defer { connection.close() }
            var rows: [DirectSQLiteRow] = []
            try connection.run("SELECT 'a\"b' AS text, 42 AS number, NULL AS absent, 2.5 AS real, 1 AS flag", []) { rows.append($0) }
            #expect(rows.count == 1)
            for row in rows {
                #expect(try row.decode(column: "text", as: String.self) == "a\"b")
                #expect(try row.decode(column: "text", as: String?.self) == "a\"b")
                #expect(try row.decode(column: "number", as: Int.self) == 42)
                #expect(try row.decode(column: "number", as: Int64.self) == 42)
                #expect(try row.decode(column: "number", as: Int?.self) == 42)
                #expect(try row.decode(column: "number", as: Int64?.self) == 42)
                #expect(try row.decode(column: "absent", as: String?.self) == nil)
                #expect(try row.decode(column: "absent", as: Int?.self) == nil)
                #expect(try row.decode(column: "absent", as: Int64?.self) == nil)
                #expect(try row.decode(column: "absent", as: Double?.self) == nil)
                #expect(try row.decode(column: "real", as: Double.self) == 2.5)
                #expect(try row.decode(column: "flag", as: Bool.self))
                #expect(throws: (any Error).self) { try row.decode(column: "absent", as: String.self) }
                #expect(throws: (any Error).self) { try row.decode(column: "missing", as: String.self) }
                // Names of one length ("text", "real", "flag") are told apart; a missing column is absent and nil.
                #expect(try row.decode(column: "flag", as: Int.self) == 1)
                #expect(row.contains(column: "real") && !row.contains(column: "reals") && !row.contains(column: "tex"))
                #expect(try row.decodeNil(column: "absent") && !row.decodeNil(column: "text") && row.decodeNil(column: "missing"))
            }
        }
    }

    /// A row read where it lies gives each column by position — text with its exact bytes (quotes, Chinese, an empty
    /// string, a NUL inside), integers, NULL — and every row of the statement, the bound values applied.
    @Test func cursorsReadColumnsByPosition() async throws {
        try await Self.withFile { path in
            let connection = try DirectSQLiteConnection(path: path)
            defer { connection.close() }
            var read: [[String?]] = []
            try connection.step(
                "SELECT 'a\"b', '漏水', '', 'x' || char(0) || 'y', 42, NULL, id FROM items WHERE kind = ? AND id <= ? ORDER BY id",
                [.text("a"), .integer(6)]
            ) { row in
                #expect(row.count == 7)
                #expect(row.int64(4) == 42 && !row.isNull(4) && row.isNull(5) && row.text(5) == nil)
                read.append((0..<7).map { row.text($0) })
                #expect(
                    row.values == [
                        .text("a\"b"), .text("漏水"), .text(""), .text("x\u{0}y"), .integer(42), .null, .integer(SQLiteInt64(row.int64(6))),
                    ])
            }
            #expect(read == [2, 4, 6].map { ["a\"b", "漏水", "", "x\u{0}y", "42", nil, String($0)] })
            // The statement is reset: it runs again at once with other values.
            var ids: [Int64] = []
            try connection.step(
                "SELECT 'a\"b', '漏水', '', 'x' || char(0) || 'y', 42, NULL, id FROM items WHERE kind = ? AND id <= ? ORDER BY id",
                [.text("b"), .integer(3)]
            ) { ids.append($0.int64(6)) }
            #expect(ids == [1, 3])
        }
    }

    /// Bound values become SQLite values by the direct paths — optionals present or absent included — and anything
    /// else through SQLiteKit's encoder.
    @Test func bindsConvertEveryKindOfValue() throws {
        let cases: [(any Encodable & Sendable, SQLiteData)] = [
            ("文本", .text("文本")), (String?.some("a"), .text("a")), (String?.none, .null),
            (42, .integer(42)), (Int?.some(7), .integer(7)), (Int?.none, .null), (Int64(1) << 40, .integer(1 << 40)),
            (Int64?.some(-3), .integer(-3)), (Int32(5), .integer(5)), (2.5, .float(2.5)), (true, .integer(1)), (false, .integer(0)),
            (Data([1, 2]), .blob(ByteBuffer(bytes: [1, 2]))),
        ]
        for (value, expected) in cases {
            #expect(try DirectSQLiteDatabase.sqliteData(value) == expected, "\(value)")
        }
    }

    /// Inline readers read what another connection committed, never wait for a busy connection (the caller takes the
    /// ordinary path) and give none out once closed.
    @Test func inlineReadersReadCommittedDataAndNeverWait() async throws {
        try await Self.withFile { path in
            let readers = try InlineReaders(path: path, count: 1, logger: Logger(label: "direct-test"))
            let count: @Sendable (any SQLDatabase) async throws -> Int = { database in
                try await database.raw("SELECT COUNT(*) AS n FROM items").first()!.decode(column: "n", as: Int.self)
            }
            #expect(try await readers.run(count) == 50)
            let writer = try DirectSQLiteConnection(path: path)
            try writer.run("INSERT INTO items (id, kind, done) VALUES (51, 'a', 0)", [])
            writer.close()
            #expect(try await readers.run(count) == 51)
            // The only connection is held: a second lookup is turned away at once instead of waiting.
            let nested = try await readers.run { database in try await readers.run(count) }
            #expect(nested == .some(nil))
            // Read-only: a write through an inline reader is refused by SQLite.
            await #expect(throws: (any Error).self) {
                _ = try await readers.run { database in try await database.raw("DELETE FROM items").run() }
            }
            readers.close()
            #expect(try await readers.run(count) == nil)
        }
    }
}
