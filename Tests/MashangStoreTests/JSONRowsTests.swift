import Foundation
import MashangTesting
import SQLKit
import Testing

@testable import MashangStore

/// PostgreSQL's bulk rows travel as one JSON bind (`JSONRows`): every text arrives as it was written, quotes,
/// backslashes, control characters and Chinese included, and absent values arrive as NULL.
struct JSONRowsTests {
    static let awkward = ["引号\"和\\反斜杠", "换行\n制表\t回车\r", "控制\u{1}字符", "😀 emoji", "", "{\"json\": [1, 2]}"]

    @Test func textsNumbersAndAbsentValuesAreSpelledAsJSON() throws {
        let rows: [[any Encodable & Sendable]] = [[Int64(9_007_199_254_740_993), "a\"b\\c\n\u{1}", Int?.none, true]]
        let text = try #require(JSONRows.text(columns: ["n", "t", "o", "b"], rows: rows[...]))
        #expect(text == #"[{"n":9007199254740993,"t":"a\"b\\c\n\u0001","o":null,"b":true}]"#)
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
        #expect(decoded?.first?["t"] as? String == "a\"b\\c\n\u{1}")
        // A kind it does not spell is left to the caller's binds.
        #expect(JSONRows.text(columns: ["d"], rows: [[Data([1]) as any Encodable & Sendable]][...]) == nil)
    }

    @Test(.enabled(if: TestDatabases.postgresURL != nil, "set MASHANG_TEST_POSTGRES_URL to run the PostgreSQL round trip"))
    func rowsWrittenInBulkReadBackAsWritten() async throws {
        try await TestDatabases.withPostgres { database in
            let read = try await database.backend.write { sql in
                try await sql.raw("CREATE TABLE json_rows_probe (id BIGINT PRIMARY KEY, label TEXT, n INTEGER)").run()
                var rows: [[any Encodable & Sendable]] = Self.awkward.enumerated().map { [Int64($0), $1, $0] }
                rows.append([Int64(99), String?.none, Int?.none])
                // More rows than one statement carries, so that the chunks meet.
                rows += (100..<(100 + SQLRows.jsonChunk + 5)).map { [Int64($0), "第\($0)行", $0] }
                try await SQLRows.insert(into: "json_rows_probe", columns: ["id", "label", "n"], rows: rows, on: sql)
                return try await sql.raw("SELECT id, label, n FROM json_rows_probe ORDER BY id").all().map {
                    (
                        try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "label", as: String?.self),
                        try $0.decode(column: "n", as: Int?.self)
                    )
                }
            }
            #expect(read.count == Self.awkward.count + 1 + SQLRows.jsonChunk + 5)
            for (index, text) in Self.awkward.enumerated() {
                #expect(read[index].1 == text && read[index].2 == index)
            }
            let absent = try #require(read.first { $0.0 == 99 })
            #expect(absent.1 == nil && absent.2 == nil)
            #expect(read.last?.1 == "第\(100 + SQLRows.jsonChunk + 4)行")
        }
    }
}
