import Foundation
import Logging
import MashangCore
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// SQLite in WAL mode with one writer connection that group-commits: concurrent writes queue up and run in one
/// transaction, each inside its own savepoint, and every caller is answered only after that transaction committed and
/// the WAL was flushed to disk (`WALSyncer`, while the writer goes on with the next batch). One flush costs
/// milliseconds here, so batching is what makes durable writes fast. Reads go to SQLiteNIO connections, short ones
/// (`lookup`) to direct connections on the caller's thread (`InlineReaders`); WAL lets both read committed data while
/// the writer works.
public final class SQLiteBackend: SQLBackend {
    public let flavor = SQLFlavor.sqlite
    private let writer: GroupCommitWriter
    private let readers: [SQLiteConnection]
    private let nextReader = ReaderCursor()
    private let inline: InlineReaders
    /// The database file.
    public let path: String
    private let logger: Logger

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, readers readerCount: Int = 2, logger: Logger) async throws -> SQLiteBackend {
        // The writer sets WAL (persistent in the file); each commit is flushed before its callers hear back.
        let writer = try GroupCommitWriter(path: path, logger: logger)
        var readers: [SQLiteConnection] = []
        let inline: InlineReaders
        do {
            for _ in 0..<max(1, readerCount) { readers.append(try await openConnection(path: path, logger: logger)) }
            inline = try InlineReaders(path: path, count: max(2, System.coreCount), logger: logger)
        } catch {
            await writer.close()
            for reader in readers { try? await reader.close() }
            throw error
        }
        return SQLiteBackend(writer: writer, readers: readers, inline: inline, path: path, logger: logger)
    }

    private init(writer: GroupCommitWriter, readers: [SQLiteConnection], inline: InlineReaders, path: String, logger: Logger) {
        self.writer = writer
        self.readers = readers
        self.inline = inline
        self.path = path
        self.logger = logger
    }

    /// Writes a consistent, compacted copy of the database to `target` (`VACUUM INTO`, one read transaction) on a
    /// connection of its own: the readers are query-only and the writer is always inside a transaction.
    func vacuum(into target: String) async throws {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            try await Self.execute(connection, "PRAGMA busy_timeout=10000")
            try await connection.query("VACUUM INTO ?", [SQLiteData.text(target)], { _ in })
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// A reader: it only reads, so it needs its page cache (`SQLiteMemory`) and in-memory temporary sorts, not sync
    /// settings.
    private static func openConnection(path: String, logger: Logger) async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in ["PRAGMA busy_timeout=10000", "PRAGMA query_only=ON", "PRAGMA temp_store=MEMORY"] + SQLiteMemory.readerPragmas {
            try await execute(connection, pragma)
        }
        return connection
    }

    static func execute(_ connection: SQLiteConnection, _ sql: String) async throws {
        try await connection.query(sql, [], { _ in })
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await DirectSQLiteError.reportingUnavailable {
            try await writer.submit(work)
        }
    }

    public func statistics() -> DatabaseStatistics {
        var statistics = writer.statistics()
        let attributes = try? FileManager.default.attributesOfItem(atPath: path + "-wal")
        statistics.walBytes = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        return statistics
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.take(of: readers.count)
        defer { nextReader.release(index) }
        return try await work(readers[index].sql())
    }

    /// On an idle inline reader (`InlineReaders`), or an ordinary read when none is idle.
    public func lookup<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let result = try await inline.run(work) { return result }
        return try await read(work)
    }

    public func close() async throws {
        await writer.close()
        inline.close()
        for reader in readers { try await reader.close() }
    }
}

/// Picks the reader with the fewest reads in flight (round robin among equals). A connection runs one statement at a
/// time, so a long read (a report, the hotspot clustering) must not make quick ones queue behind it while another
/// reader is free.
private final class ReaderCursor: Sendable {
    private struct State {
        var turn = 0
        var inFlight: [Int] = []
    }

    private let state = Mutex(State())

    func take(of count: Int) -> Int {
        state.withLock { state in
            if state.inFlight.count != count { state.inFlight = Array(repeating: 0, count: count) }
            state.turn = (state.turn &+ 1) & Int.max
            var best = state.turn % count
            for offset in 1..<max(count, 1) {
                let candidate = (state.turn + offset) % count
                if state.inFlight[candidate] < state.inFlight[best] { best = candidate }
            }
            state.inFlight[best] += 1
            return best
        }
    }

    func release(_ index: Int) {
        state.withLock { $0.inFlight[index] -= 1 }
    }
}

/// The single SQLite writer. See `SQLiteBackend`. Batches run on a thread of their own, driving SQLite directly,
/// so a statement costs what SQLite costs and not a hop between threads.
final class GroupCommitWriter: Sendable {
    /// One queued write: `execute` runs inside the batch transaction, `finish` answers the caller after commit.
    private struct Job: Sendable {
        let execute: @Sendable (any SQLDatabase) async throws -> Void
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct Queue {
        var jobs: [Job] = []
        var draining = false
        var closed = false
        /// Groups committed (or tried) and the writes they carried, since start.
        var groups = 0
        var grouped = 0
    }

    private let connection: DirectSQLiteConnection
    private let database: DirectSQLiteDatabase
    private let batchEnd = BatchEndStatements()
    private let executor: DedicatedThreadExecutor
    private let syncer: WALSyncer
    private let queue = Mutex(Queue())
    static let maxBatch = 512

    /// `flush` replaces the WAL flush in tests (`WALSyncer.Flush`).
    init(path: String, logger: Logger, flush: WALSyncer.Flush? = nil) throws {
        connection = try DirectSQLiteConnection(path: path)
        // Savepoint journals stay in memory; the page cache (`SQLiteMemory`) keeps the hot index pages of big tables.
        // synchronous=NORMAL: SQLite does not flush inside COMMIT; `WALSyncer` flushes before anyone is answered.
        for pragma in [
            "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000",
            "PRAGMA temp_store=MEMORY",
        ] + SQLiteMemory.writerPragmas {
            try connection.run(pragma, [])
        }
        database = DirectSQLiteDatabase(connection: connection, batchEnd: batchEnd, logger: logger)
        executor = DedicatedThreadExecutor(name: "mashang-sqlite-writer")
        syncer = WALSyncer(databasePath: path, name: "mashang-sqlite-sync", flush: flush)
    }

    /// Writes waiting now, and the groups and writes taken from the queue since start.
    func statistics() -> DatabaseStatistics {
        queue.withLock { state in
            var statistics = DatabaseStatistics()
            statistics.queuedWrites = state.jobs.count
            statistics.writeGroups = state.groups
            statistics.groupedWrites = state.grouped
            return statistics
        }
    }

    /// How many WAL flushes have finished (tests).
    var flushCount: Int { syncer.flushCount }

    func submit<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let box = ResultBox<T>()
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let job = Job(
                execute: { database in box.value = try await work(database) },
                finish: { error in
                    if let error { continuation.resume(throwing: error) } else { continuation.resume() }
                }
            )
            let (accepted, startDrain) = queue.withLock { state -> (Bool, Bool) in
                guard !state.closed else { return (false, false) }
                state.jobs.append(job)
                if state.draining { return (true, false) }
                state.draining = true
                return (true, true)
            }
            if !accepted { job.finish(StoreClosed()) }
            if startDrain {
                // The drain ends when the queue is empty; the next submission starts another.
                Task(executorPreference: executor) { await self.drain() }
            }
        }
        return box.value!
    }

    /// Refuses new writes, waits for queued ones to commit and be flushed, closes the connection and ends the threads.
    func close() async {
        queue.withLock { $0.closed = true }
        while queue.withLock({ $0.draining }) { try? await Task.sleep(for: .milliseconds(1)) }
        syncer.shutdown()
        connection.close()
        executor.shutdown()
    }

    private func drain() async {
        while true {
            let batch = queue.withLock { state -> [Job] in
                let batch = Array(state.jobs.prefix(Self.maxBatch))
                state.jobs.removeFirst(batch.count)
                if batch.isEmpty {
                    state.draining = false
                } else {
                    state.groups += 1
                    state.grouped += batch.count
                }
                return batch
            }
            if batch.isEmpty { return }
            await run(batch)
        }
    }

    private func run(_ batch: [Job]) async {
        do {
            try connection.run("BEGIN IMMEDIATE", [])
        } catch {
            for job in batch { job.finish(error) }
            return
        }
        if batch.count == 1 {
            await runAlone(batch[0])
            return
        }
        var failures: [Int: any Error] = [:]
        for (index, job) in batch.enumerated() {
            do {
                try connection.run("SAVEPOINT job", [])
                do {
                    try await job.execute(database)
                    batchEnd.jobSucceeded()
                } catch {
                    failures[index] = error
                    batchEnd.jobFailed()
                    try connection.run("ROLLBACK TO job", [])
                }
                try connection.run("RELEASE job", [])
            } catch {
                // The savepoint machinery itself failed: give up the whole batch.
                try? connection.run("ROLLBACK", [])
                _ = batchEnd.take()
                for job in batch { job.finish(failures[index] ?? error) }
                return
            }
        }
        do {
            for (sql, binds) in batchEnd.take() {
                try connection.run(sql, try binds.map(DirectSQLiteDatabase.sqliteData))
            }
            try connection.run("COMMIT", [])
        } catch {
            try? connection.run("ROLLBACK", [])
            for job in batch { job.finish(error) }
            return
        }
        let jobFailures = failures
        syncer.afterFlush { flushError in
            for (index, job) in batch.enumerated() { job.finish(jobFailures[index] ?? flushError) }
        }
    }

    /// A job with no others in its transaction needs no savepoint: if it fails, the whole transaction is rolled
    /// back. This matters for large jobs (imports): inside a savepoint SQLite truncates the statement journal back
    /// to each statement's start, which costs time in proportion to everything the savepoint wrote so far.
    private func runAlone(_ job: Job) async {
        do {
            try await job.execute(database)
            batchEnd.jobSucceeded()
            for (sql, binds) in batchEnd.take() {
                try connection.run(sql, try binds.map(DirectSQLiteDatabase.sqliteData))
            }
            try connection.run("COMMIT", [])
        } catch {
            _ = batchEnd.take()
            try? connection.run("ROLLBACK", [])
            job.finish(error)
            return
        }
        syncer.afterFlush(job.finish)
    }
}

/// Carries a job's result from inside the transaction to its caller; written once before `finish`, read once after.
final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

/// The store was closed while a write was submitted.
public struct StoreClosed: Error {}
