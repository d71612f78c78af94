import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Makes committed write-ahead log frames durable on a thread of its own, so that the writer can run its next batch
/// while the disk flushes the last one.
///
/// The writer commits with `synchronous=NORMAL` (SQLite writes the WAL frames but does not flush them) and hands the
/// batch's answers here; they are given only after a flush of the WAL file that began after the commit returned —
/// the same guarantee as `synchronous=FULL`, where SQLite flushes inside `COMMIT` and the writer waited for it.
/// One flush covers every commit made before it began, so batches that committed during a flush share the next one.
/// `fdatasync` leaves out the file's times, which a WAL reused in place does not need; an inode change (the WAL
/// deleted and created again, which SQLite does only when the last connection closes) is noticed and the file reopened.
final class WALSyncer: @unchecked Sendable {
    /// Flushes the file at the path; throws when the data may not be on disk. Tests replace it.
    typealias Flush = @Sendable (String) throws -> Void
    typealias Answer = @Sendable ((any Error)?) -> Void

    private let walPath: String
    private let replacement: Flush?
    private var queue: ThreadQueue<Answer>!
    private let flushes = Mutex(0)
    // Touched only by the queue's thread.
    private var file: (descriptor: Int32, inode: UInt64)?

    init(databasePath: String, name: String, flush: Flush? = nil) {
        walPath = databasePath + "-wal"
        replacement = flush
        queue = ThreadQueue(name: name) { [unowned self] answers in self.flush(answering: answers) }
    }

    /// Answers `finish` once the WAL is durable up to now (with the error if the flush failed).
    func afterFlush(_ finish: @escaping Answer) {
        queue.add(finish)
    }

    /// Flushes what is pending, answers it, closes the file and ends the thread; returns when it has.
    func shutdown() {
        queue.shutdown(wait: true)
        if let file { close(file.descriptor) }
        file = nil
    }

    /// How many flushes have finished.
    var flushCount: Int { flushes.withLock { $0 } }

    private func flush(answering answers: [Answer]) {
        var failure: (any Error)?
        do {
            if let replacement { try replacement(walPath) } else { try flushFile() }
        } catch {
            failure = error
        }
        flushes.withLock { $0 += 1 }
        for answer in answers { answer(failure) }
    }

    private func flushFile() throws {
        var current = stat()
        guard stat(walPath, &current) == 0 else { throw WALFlushFailed(path: walPath, code: errno) }
        if let open = file, open.inode != UInt64(current.st_ino) {
            close(open.descriptor)
            file = nil
        }
        if file == nil {
            let descriptor = open(walPath, O_RDWR | O_CLOEXEC)
            guard descriptor >= 0 else { throw WALFlushFailed(path: walPath, code: errno) }
            var opened = stat()
            guard fstat(descriptor, &opened) == 0 else {
                let code = errno
                close(descriptor)
                throw WALFlushFailed(path: walPath, code: code)
            }
            file = (descriptor, UInt64(opened.st_ino))
        }
        guard let file, fdatasync(file.descriptor) == 0 else { throw WALFlushFailed(path: walPath, code: errno) }
    }
}

/// The WAL could not be flushed: what was committed may not survive a power failure, so it is not acknowledged.
struct WALFlushFailed: Error, CustomStringConvertible {
    var path: String
    var code: Int32
    var description: String { "cannot flush \(path): \(String(cString: strerror(code)))" }
}
