import Foundation

/// A task executor with one thread of its own. The SQLite writer runs its batches here so that each statement is a
/// plain function call on this thread rather than a hop to a thread pool and back.
final class DedicatedThreadExecutor: TaskExecutor, @unchecked Sendable {
    private var queue: ThreadQueue<UnownedJob>!

    init(name: String) {
        queue = ThreadQueue(name: name) { [unowned self] jobs in
            for job in jobs { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        queue.add(UnownedJob(job))
    }

    /// Lets the thread finish the jobs already queued and end.
    func shutdown() {
        queue.shutdown(wait: false)
    }
}
