import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// SQLite in WAL mode with one writer connection that group-commits: concurrent writes queue up and run in one
/// transaction, each inside its own savepoint, and every caller is answered only after that transaction committed.
/// One fsync'd commit costs milliseconds here, so batching is what makes durable writes fast.
public final class SQLiteBackend: SQLBackend {
    public let flavor = SQLFlavor.sqlite
    private let writer: GroupCommitWriter
    private let readers: [SQLiteConnection]
    private let nextReader = ReaderCursor()

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, readers readerCount: Int = 2, logger: Logger) async throws -> SQLiteBackend {
        let writerConnection = try await openConnection(path: path, logger: logger)
        // WAL persists in the file; FULL sync makes each commit durable before callers are answered.
        try await execute(writerConnection, "PRAGMA journal_mode=WAL")
        var readers: [SQLiteConnection] = []
        for _ in 0..<max(1, readerCount) { readers.append(try await openConnection(path: path, logger: logger)) }
        return SQLiteBackend(writer: GroupCommitWriter(connection: writerConnection), readers: readers)
    }

    private init(writer: GroupCommitWriter, readers: [SQLiteConnection]) {
        self.writer = writer
        self.readers = readers
    }

    private static func openConnection(path: String, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in ["PRAGMA busy_timeout=10000", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"] {
            try await execute(connection, pragma)
        }
        return connection
    }

    static func execute(_ connection: SQLiteConnection, _ sql: String) async throws {
        try await connection.query(sql, [], { _ in })
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await writer.submit(work)
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = readers[nextReader.next() % readers.count]
        return try await work(connection.sql())
    }

    public func close() async throws {
        await writer.close()
        for reader in readers { try await reader.close() }
    }
}

/// Round-robin index over reader connections.
private final class ReaderCursor: Sendable {
    private let counter = Mutex(0)
    func next() -> Int {
        counter.withLock { value in
            value &+= 1
            return value & Int.max
        }
    }
}

/// The single SQLite writer. See `SQLiteBackend`.
actor GroupCommitWriter {
    /// One queued write: `execute` runs inside the batch transaction, `finish` answers the caller after commit.
    private struct Job {
        let execute: @Sendable (any SQLDatabase) async throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    private let connection: SQLiteConnection
    private var queue: [Job] = []
    private var draining = false
    private var closed = false
    static let maxBatch = 512

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    func submit<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard !closed else { throw StoreClosed() }
        let box = ResultBox<T>()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            queue.append(Job(
                execute: { database in box.value = try await work(database) },
                finish: { error in
                    if let error { continuation.resume(throwing: error) } else { continuation.resume() }
                }
            ))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
        return box.value!
    }

    func close() async {
        closed = true
        while draining { await Task.yield() }
        try? await connection.close()
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(Self.maxBatch))
            queue.removeFirst(batch.count)
            await run(batch)
        }
        draining = false
    }

    private func run(_ batch: [Job]) async {
        let database = connection.sql()
        do {
            try await SQLiteBackend.execute(connection, "BEGIN IMMEDIATE")
        } catch {
            for job in batch { job.finish(error) }
            return
        }
        var failures: [Int: any Error] = [:]
        for (index, job) in batch.enumerated() {
            do {
                try await SQLiteBackend.execute(connection, "SAVEPOINT job")
                do {
                    try await job.execute(database)
                } catch {
                    failures[index] = error
                    try await SQLiteBackend.execute(connection, "ROLLBACK TO job")
                }
                try await SQLiteBackend.execute(connection, "RELEASE job")
            } catch {
                // The savepoint machinery itself failed: give up the whole batch.
                try? await SQLiteBackend.execute(connection, "ROLLBACK")
                for job in batch { job.finish(failures[index] ?? error) }
                return
            }
        }
        do {
            try await SQLiteBackend.execute(connection, "COMMIT")
        } catch {
            try? await SQLiteBackend.execute(connection, "ROLLBACK")
            for job in batch { job.finish(error) }
            return
        }
        for (index, job) in batch.enumerated() { job.finish(failures[index]) }
    }
}

/// Carries a job's result from inside the transaction to its caller; written once before `finish`, read once after.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// The store was closed while a write was submitted.
public struct StoreClosed: Error {}
