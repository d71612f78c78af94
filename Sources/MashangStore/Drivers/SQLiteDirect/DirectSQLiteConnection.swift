import CSQLiteSettings
import Foundation
import MashangCore
import SQLiteNIO
import VaporCSQLite

/// A SQLite connection driven synchronously through the C API, with prepared statements cached by their SQL.
/// Used by one thread at a time (the writer's, or a lookup's that holds it); that is why it may be `@unchecked Sendable`.
final class DirectSQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private static let cacheLimit = 128
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String) throws {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK else {
            let message = handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            sqlite_nio_sqlite3_close(handle)
            throw DirectSQLiteError(code: status, message: message)
        }
        sqlite_nio_sqlite3_extended_result_codes(handle, 1)
        // Plans fixed at prepare time, so that a cached statement is not prepared again after every new binding.
        let stable = mashang_sqlite_stable_plans(UnsafeMutableRawPointer(handle))
        guard stable == SQLITE_OK else {
            sqlite_nio_sqlite3_close(handle)
            throw DirectSQLiteError(code: stable, message: "cannot fix query plans")
        }
    }

    /// How many times the statement for `sql` was prepared again since it was cached (SQLite's own count), or nil
    /// when it is not cached.
    func reprepareCount(_ sql: String) -> Int? {
        statements[sql].map { Int(sqlite_nio_sqlite3_stmt_status($0, SQLITE_STMTSTATUS_REPREPARE, 0)) }
    }

    /// Runs one statement with its binds, calling `onRow` for each result row.
    func run(_ sql: String, _ binds: [SQLiteData], onRow: (DirectSQLiteRow) throws -> Void = { _ in }) throws {
        var columns: [String]?
        try step(sql, binds) { cursor in
            if columns == nil { columns = cursor.columnNames }
            try onRow(DirectSQLiteRow(columns: columns!, values: cursor.values))
        }
    }

    /// Runs one statement with its binds, calling `onRow` with each result row where it lies: the cursor reads the
    /// row's columns by position, without making a value of the ones not asked for, and only during the call.
    func step(_ sql: String, _ binds: [SQLiteData], onRow: (DirectSQLiteCursor) throws -> Void) throws {
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32 =
                switch value {
                case .integer(let integer): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
                case .float(let double): sqlite_nio_sqlite3_bind_double(statement, index, double)
                case .text(let text): sqlite_nio_sqlite3_bind_text(statement, index, text, -1, Self.transient)
                case .blob(let buffer):
                    buffer.withUnsafeReadableBytes { bytes in
                        sqlite_nio_sqlite3_bind_blob(statement, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
                    }
                case .null: sqlite_nio_sqlite3_bind_null(statement, index)
                }
            try check(status)
        }
        let cursor = DirectSQLiteCursor(statement: statement)
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status) }
            try onRow(cursor)
        }
    }

    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements.removeAll()
        sqlite_nio_sqlite3_close(handle)
        handle = nil
    }

    deinit {
        if handle != nil { close() }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        if statements.count >= Self.cacheLimit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements.removeAll()
        }
        var statement: OpaquePointer?
        try check(sqlite_nio_sqlite3_prepare_v2(handle, sql, -1, &statement, nil))
        guard let statement else { throw DirectSQLiteError(code: SQLITE_MISUSE, message: "empty statement: \(sql)") }
        statements[sql] = statement
        return statement
    }

    private func check(_ status: Int32) throws {
        guard status == SQLITE_OK else { throw error(status) }
    }

    private func error(_ status: Int32) -> DirectSQLiteError {
        DirectSQLiteError(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }
}

/// A SQLite failure with its extended result code.
struct DirectSQLiteError: Error, CustomStringConvertible {
    var code: Int32
    var message: String
    var description: String { "SQLite error \(code): \(message)" }

    /// The disk is full, the file or directory is read-only, or the file cannot be read or written: a condition of
    /// the machine, not of the request.
    var meansUnavailable: Bool {
        [SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CANTOPEN, SQLITE_NOLFS].contains(code & 0xFF)
    }

    /// `body`'s result, with such a condition — or a WAL that could not be flushed (the files deleted or the disk
    /// failing under the server) — thrown as `DatabaseUnavailable` (503 with `Retry-After`).
    static func reportingUnavailable<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DirectSQLiteError where error.meansUnavailable {
            throw DatabaseUnavailable(reason: error.description)
        } catch let error as WALFlushFailed {
            throw DatabaseUnavailable(reason: error.description)
        }
    }
}
