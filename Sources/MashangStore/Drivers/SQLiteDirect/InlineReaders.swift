import Logging
import SQLKit
import Synchronization

/// Read-only SQLite connections driven directly on the caller's thread, for point lookups (`SQLBackend.lookup`).
///
/// A lookup through an index costs SQLite tens of microseconds; through SQLiteNIO it also costs two hops between
/// threads and a fresh `prepare` of its SQL — several times the lookup itself, on every API request (its token) and
/// every ticket read (the row's version). Here the statement stays prepared on the connection and runs where the
/// request already is. Only short reads may come here: a connection is held for the whole of `work`, and the thread
/// it runs on is one of the few that serve every request. When every connection is busy the caller is told to take
/// the ordinary path (`nil`), so nothing ever waits for one.
final class InlineReaders: Sendable {
    private struct Pool {
        var idle: [DirectSQLiteConnection]
        var closed = false
    }

    private let pool: Mutex<Pool>
    private let logger: Logger

    init(path: String, count: Int, logger: Logger) throws {
        var connections: [DirectSQLiteConnection] = []
        for _ in 0..<count {
            let connection = try DirectSQLiteConnection(path: path)
            for pragma in ["PRAGMA busy_timeout=10000", "PRAGMA query_only=ON"] + SQLiteMemory.readerPragmas {
                try connection.run(pragma, [])
            }
            connections.append(connection)
        }
        pool = Mutex(Pool(idle: connections))
        self.logger = logger
    }

    /// Runs `work` on an idle connection, or returns nil at once when none is idle (or the pool is closed).
    func run<T: Sendable>(_ work: @Sendable (any SQLDatabase) async throws -> T) async throws -> T? {
        guard let connection = pool.withLock({ $0.closed ? nil : $0.idle.popLast() }) else { return nil }
        defer {
            let closed = pool.withLock { pool in
                if !pool.closed { pool.idle.append(connection) }
                return pool.closed
            }
            if closed { connection.close() }
        }
        return try await DirectSQLiteError.reportingUnavailable {
            try await work(DirectSQLiteDatabase(connection: connection, batchEnd: BatchEndStatements(), logger: logger))
        }
    }

    /// Closes the idle connections now and those in use when their lookup ends.
    func close() {
        let idle = pool.withLock { pool in
            pool.closed = true
            defer { pool.idle.removeAll() }
            return pool.idle
        }
        for connection in idle { connection.close() }
    }
}
