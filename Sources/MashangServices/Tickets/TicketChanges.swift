import Foundation
import Synchronization

/// Tells open dispatch boards that tickets changed on this node. Each subscriber gets an `AsyncStream` of ticket
/// numbers; slow subscribers keep only the newest change (the board reloads as a whole anyway).
/// Several nodes on one PostgreSQL need a shared channel (LISTEN/NOTIFY) — see the scale issue.
public final class TicketChanges: Sendable {
    private let subscribers = Mutex<[UUID: AsyncStream<String>.Continuation]>([:])

    public init() {}

    public func publish(_ number: String) {
        for continuation in subscribers.withLock({ Array($0.values) }) { continuation.yield(number) }
    }

    /// A stream of changed ticket numbers that ends when the subscriber stops listening.
    public func subscribe() -> AsyncStream<String> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(1))
        continuation.onTermination = { [weak self] _ in _ = self?.subscribers.withLock { $0.removeValue(forKey: id) } }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}
