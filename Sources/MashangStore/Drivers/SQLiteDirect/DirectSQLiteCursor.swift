import Foundation
import SQLiteNIO
import VaporCSQLite

/// The current result row of a statement being stepped (`DirectSQLiteConnection.step`), read by column position.
/// Valid only during the call it is handed to: SQLite's values live in the statement until its next step.
struct DirectSQLiteCursor {
    let statement: OpaquePointer

    var count: Int32 { sqlite_nio_sqlite3_column_count(statement) }

    var columnNames: [String] {
        (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
    }

    /// Every column as a value that outlives the row.
    var values: [SQLiteData] { (0..<count).map(value) }

    func isNull(_ index: Int32) -> Bool {
        sqlite_nio_sqlite3_column_type(statement, index) == SQLITE_NULL
    }

    /// The column as an integer (SQLite's conversion: 0 for NULL).
    func int64(_ index: Int32) -> Int64 {
        sqlite_nio_sqlite3_column_int64(statement, index)
    }

    /// The column's text, nil when it is NULL. The text first, then its length in bytes (SQLite's order); no search
    /// for the terminating zero.
    func text(_ index: Int32) -> String? {
        guard let text = sqlite_nio_sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self)
    }

    func value(_ index: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(SQLiteInt64(int64(index)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, index))
        case SQLITE_TEXT: return .text(text(index) ?? "")
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, index))
            guard let bytes = sqlite_nio_sqlite3_column_blob(statement, index) else { return .blob(.init()) }
            return .blob(.init(bytes: UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }
}
