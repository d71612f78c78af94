import Foundation

/// A thread of its own that takes what is queued for it in batches: everything queued while it handled the last
/// batch is the next one.
final class ThreadQueue<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var items: [Item] = []
    private var stopping = false
    private var running = true

    init(name: String, handle: @escaping @Sendable ([Item]) -> Void) {
        let thread = Thread { [self] in self.loop(handle) }
        thread.name = name
        thread.start()
    }

    func add(_ item: Item) {
        condition.lock()
        items.append(item)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread handle what is queued and end; with `wait`, returns only once it has.
    func shutdown(wait: Bool) {
        condition.lock()
        stopping = true
        condition.signal()
        while wait && running { condition.wait() }
        condition.unlock()
    }

    private func loop(_ handle: @Sendable ([Item]) -> Void) {
        while true {
            condition.lock()
            while items.isEmpty && !stopping { condition.wait() }
            if items.isEmpty && stopping {
                running = false
                condition.broadcast()
                condition.unlock()
                return
            }
            let batch = items
            items.removeAll(keepingCapacity: true)
            condition.unlock()
            handle(batch)
        }
    }
}
