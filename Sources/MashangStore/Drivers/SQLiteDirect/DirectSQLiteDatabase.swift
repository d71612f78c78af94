import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLKit over a `DirectSQLiteConnection`: every query runs synchronously on the calling thread. The group-commit
/// writer uses it from its dedicated thread; point lookups (`InlineReaders`) from the request's own.
struct DirectSQLiteDatabase: SQLDatabase, BatchEndWriter {
    let connection: DirectSQLiteConnection
    let batchEnd: BatchEndStatements
    let logger: Logger
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        do {
            try run(query, onRow)
            promise.succeed(())
        } catch {
            promise.fail(error)
        }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    func atBatchEnd(_ query: SQLQueryString) {
        let (sql, binds) = serialize(query)
        batchEnd.add(sql, binds)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        let data = try binds.map(Self.sqliteData)
        try connection.run(sql, data) { row in onRow(row) }
    }

    /// Runs one statement (prepared once, cached) for each row of binds.
    func runEach(_ sql: String, _ rows: [[any Encodable & Sendable]]) throws {
        for row in rows { try connection.run(sql, try row.map(Self.sqliteData)) }
    }

    /// Runs `query`, handing each result row to `onRow` where it lies (`DirectSQLiteConnection.step`): for the hottest
    /// reads, which take only some columns' values, or none when they already have the row.
    func step(_ query: any SQLExpression, _ onRow: (DirectSQLiteCursor) throws -> Void) throws {
        let (sql, binds) = serialize(query)
        try connection.step(sql, try binds.map(Self.sqliteData), onRow: onRow)
    }

    /// The store binds strings, integers and their optionals almost exclusively; converting those directly avoids
    /// running a full `Encoder` per value, which dominated the cost of a write. The casts to concrete types come first
    /// (a comparison of type metadata; they also unwrap a present optional), the one to a protocol — a search of the
    /// conformances — only for what is left: nil.
    static func sqliteData(_ value: any Encodable & Sendable) throws -> SQLiteData {
        switch value {
        case let string as String: return .text(string)
        case let integer as Int: return .integer(SQLiteInt64(integer))
        case let integer as Int64: return .integer(SQLiteInt64(integer))
        case let integer as Int32: return .integer(SQLiteInt64(integer))
        case let double as Double: return .float(double)
        case let bool as Bool: return .integer(bool ? 1 : 0)
        case let optional as any OptionalBind where optional.isNone: return .null
        default: return try SQLiteDataEncoder().encode(value)
        }
    }
}

/// A database that can hold a write back until the end of the group-commit batch, outside the per-job savepoints.
/// FTS5 flushes its pending index data into a new segment whenever a savepoint is released, so full-text rows
/// written inside each job's savepoint cost a segment each; written once at the end of the batch they cost one.
protocol BatchEndWriter {
    func atBatchEnd(_ query: SQLQueryString)
}

/// The statements held back for the end of the current batch, by job, so that a failed job's are dropped.
final class BatchEndStatements: @unchecked Sendable {
    // Touched only from the writer's thread.
    private var committed: [(String, [any Encodable & Sendable])] = []
    private var current: [(String, [any Encodable & Sendable])] = []

    func add(_ sql: String, _ binds: [any Encodable & Sendable]) { current.append((sql, binds)) }
    func jobSucceeded() { committed += current; current.removeAll() }
    func jobFailed() { current.removeAll() }

    /// Takes the statements of the successful jobs, leaving the collector empty for the next batch.
    func take() -> [(String, [any Encodable & Sendable])] {
        defer { committed.removeAll(); current.removeAll() }
        return committed
    }
}

/// Recognises a nil optional behind an existential.
protocol OptionalBind {
    var isNone: Bool { get }
}

extension Optional: OptionalBind {
    var isNone: Bool { self == nil }
}

/// One result row.
struct DirectSQLiteRow: SQLRow {
    let columns: [String]
    let values: [SQLiteData]

    var allColumns: [String] { columns }

    func contains(column: String) -> Bool { index(of: column) != nil }

    func decodeNil(column: String) throws -> Bool { (index(of: column).map { values[$0] } ?? .null) == .null }

    /// The column's position. Names of different lengths are told apart by their length alone (a stored field of a
    /// string); a list page looks up hundreds of names, and comparing two different strings is a call into the runtime.
    private func index(of column: String) -> Int? {
        let length = column.utf8.count
        for (index, name) in columns.enumerated() where name.utf8.count == length && name == column { return index }
        return nil
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let index = index(of: column) else { throw MissingColumn(name: column) }
        let value = values[index]
        // Direct paths for the types the store reads (a list page decodes hundreds of values; a dynamic cast or the
        // decoder costs several times the value); anything else goes through SQLiteKit's decoder. Each bit cast is
        // between a type and itself.
        switch value {
        case .text(let text):
            if D.self == String.self { return unsafeBitCast(text, to: D.self) }
            if D.self == String?.self { return unsafeBitCast(String?.some(text), to: D.self) }
        case .integer(let integer):
            if D.self == Int64.self { return unsafeBitCast(Int64(integer), to: D.self) }
            if D.self == Int.self { return unsafeBitCast(Int(integer), to: D.self) }
            if D.self == Int64?.self { return unsafeBitCast(Int64?.some(Int64(integer)), to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.some(Int(integer)), to: D.self) }
        case .null:
            if D.self == String?.self { return unsafeBitCast(String?.none, to: D.self) }
            if D.self == Int64?.self { return unsafeBitCast(Int64?.none, to: D.self) }
            if D.self == Int?.self { return unsafeBitCast(Int?.none, to: D.self) }
        default:
            break
        }
        return try SQLiteDataDecoder().decode(D.self, from: value)
    }

    struct MissingColumn: Error {
        var name: String
    }
}
