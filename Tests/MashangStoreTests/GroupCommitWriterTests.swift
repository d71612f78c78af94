import Foundation
import Logging
import MashangCore
import SQLKit
import Synchronization
import Testing

@testable import MashangStore

/// The group-commit writer answers a write only after a flush of the WAL that began after the write committed.
struct GroupCommitWriterTests {
    /// What the test's flush saw: the rows committed when each flush began.
    final class FlushLog: Sendable {
        let committedAtFlushStart = Mutex<[Int]>([])
        var latest: Int { committedAtFlushStart.withLock { $0.max() ?? 0 } }
    }

    static func withWriter(flush: @escaping WALSyncer.Flush, _ body: (GroupCommitWriter, String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-writer-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let writer = try GroupCommitWriter(path: path, logger: Logger(label: "writer-test"), flush: flush)
        _ = try await writer.submit { database in
            try await database.raw("CREATE TABLE items (id INTEGER PRIMARY KEY, note TEXT NOT NULL)").run()
        }
        try await body(writer, path)
        await writer.close()
    }

    @Test func everyWriteIsAnsweredAfterAFlushThatBeganAfterItsCommit() async throws {
        let log = FlushLog()
        let flush: WALSyncer.Flush = { walPath in
            // Count the committed rows through a connection of its own, then take a while, as a disk does.
            let connection = try DirectSQLiteConnection(path: String(walPath.dropLast(4)))
            defer { connection.close() }
            var committed = 0
            try? connection.run("SELECT COUNT(*) AS n FROM items", []) { row in committed = try row.decode(column: "n", as: Int.self) }
            log.committedAtFlushStart.withLock { $0.append(committed) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        try await Self.withWriter(flush: flush) { writer, _ in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<120 {
                    group.addTask {
                        let id = try await writer.submit { database in
                            try await database.raw("INSERT INTO items (note) VALUES (\(bind: "note \(index)")) RETURNING id").first()!
                                .decode(column: "id", as: Int.self)
                        }
                        // Ids are given in commit order: a flush that began after this commit counted at least `id` rows.
                        #expect(log.latest >= id, "write \(id) answered before a flush covered it")
                    }
                }
                try await group.waitForAll()
            }
            // Batches that committed during a flush share the next one.
            #expect(writer.flushCount < 120)
            #expect(writer.flushCount >= 2)
        }
    }

    @Test func aFailedFlushIsNotAcknowledged() async throws {
        let failing = Mutex(false)
        let flush: WALSyncer.Flush = { walPath in
            if failing.withLock({ $0 }) { throw WALFlushFailed(path: walPath, code: EIO) }
        }
        try await Self.withWriter(flush: flush) { writer, _ in
            failing.withLock { $0 = true }
            await #expect(throws: WALFlushFailed.self) {
                try await writer.submit { database in try await database.raw("INSERT INTO items (note) VALUES ('lost?')").run() }
            }
            // The server answers it as the database being unavailable for the moment (503), not as its own fault.
            await #expect(throws: DatabaseUnavailable.self) {
                try await DirectSQLiteError.reportingUnavailable {
                    try await writer.submit { database in try await database.raw("INSERT INTO items (note) VALUES ('lost?')").run() }
                }
            }
            failing.withLock { $0 = false }
            try await writer.submit { database in try await database.raw("INSERT INTO items (note) VALUES ('kept')").run() }
        }
    }

    /// The real flush: the WAL file's descriptor, kept open, flushed with fdatasync.
    @Test func theRealFlushWritesThroughTheWALFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-writer-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let writer = try GroupCommitWriter(path: path, logger: Logger(label: "writer-test"))
        try await writer.submit { database in try await database.raw("CREATE TABLE items (id INTEGER PRIMARY KEY)").run() }
        for _ in 0..<3 { try await writer.submit { database in try await database.raw("INSERT INTO items DEFAULT VALUES").run() } }
        #expect(writer.flushCount == 4)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        #if os(Linux)
            // The syncer keeps a descriptor of its own on the WAL file, beside the writer connection's.
            let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").filter { fd in
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/" + fd)) == path + "-wal"
            }
            #expect(descriptors.count == 2)
        #endif
        await writer.close()
    }
}
