import Foundation
import Synchronization

/// Tells open dispatch boards that tickets changed. Each subscriber gets an `AsyncStream` of ticket numbers; slow
/// subscribers keep only the newest change (the board reloads as a whole anyway). Where several nodes share one
/// database, `ChangeRelay` sends this node's changes to the others and hands theirs to `deliver`.
public final class TicketChanges: Sendable {
    /// What a subscriber hears when changes may have been missed (the relay lost its channel for a while): reload.
    public static let everything = "*"

    private let subscribers = Mutex<[UUID: AsyncStream<String>.Continuation]>([:])
    private let outgoing = Mutex<Outgoing>(Outgoing())
    private let signal: AsyncStream<Void>.Continuation
    let signals: AsyncStream<Void>

    private struct Outgoing {
        var relayed = false
        var numbers: [String] = []
    }

    /// A relay that cannot keep up sends one "reload everything" instead of more than this many numbers.
    static let maxPending = 10_000

    public init() {
        (signals, signal) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// A ticket changed on this node: its subscribers hear it now, and other nodes through the relay.
    public func publish(_ number: String) {
        deliver(number)
        let queued = outgoing.withLock { outgoing in
            guard outgoing.relayed else { return false }
            if outgoing.numbers.count >= Self.maxPending {
                outgoing.numbers = [Self.everything]
            } else if outgoing.numbers != [Self.everything] {
                outgoing.numbers.append(number)
            }
            return true
        }
        if queued { signal.yield() }
    }

    /// A change heard from another node (or `everything`): to this node's subscribers only.
    public func deliver(_ number: String) {
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

    /// From now on changes are kept for the relay (never kept where no relay runs).
    func startRelaying() {
        outgoing.withLock { $0.relayed = true }
    }

    /// The changes not yet sent to other nodes, taken for sending.
    func takePending() -> [String] {
        outgoing.withLock { outgoing in
            defer { outgoing.numbers = [] }
            return outgoing.numbers
        }
    }
}
