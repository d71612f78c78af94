import Logging
import MashangCore
import NIOCore
@preconcurrency import PostgresKit
import Synchronization

/// The pool of PostgreSQL connections, opened through the gate.
typealias PostgresPool = EventLoopGroupConnectionPool<GatedPostgresSource>

/// Requests waiting for a pooled PostgreSQL connection, and the attempts to open one, so that no request waits on a
/// server that cannot give it a connection.
///
/// AsyncKit's pool fails only the request that started an attempt when the attempt fails; requests that queued behind
/// it wait out the pool's request timeout (30 s). And an attempt to a server that takes the TCP connection but never
/// answers (stopped, hung, cut off mid-handshake) is not failed at all. Here every waiting request is failed as soon
/// as an attempt fails or has gone on for longer than `deadline`, and while an attempt is overdue new requests are
/// refused at once (`DatabaseUnavailable`, so 503 with Retry-After). The attempts themselves are left to end: each
/// pool keeps at most its size of them, so a hung server holds no more sockets than a working one; when they end, by
/// an answer or the server's going, requests are tried again. (The TCP connect has the same bound; a connection
/// established and then never answered ends when the server ends it — PostgreSQL's `authentication_timeout`, 60 s
/// by default — or with TCP's own retransmission timeout.)
final class ConnectionGate: Sendable {
    let deadline: Duration
    private struct State {
        var next = 0
        var waiting: [Int: EventLoopPromise<PostgresConnection>] = [:]
        var attempts: [Int: ContinuousClock.Instant] = [:]
    }
    private let state = Mutex(State())

    init(deadline: Duration) {
        self.deadline = deadline
    }

    /// A connection of `pool` on `eventLoop`, or the failure of an attempt to open one; the connection is the caller's
    /// to release. Refused at once while an attempt is overdue.
    func request(from pool: PostgresPool, on eventLoop: any EventLoop, logger: Logger) -> EventLoopFuture<PostgresConnection> {
        let promise = eventLoop.makePromise(of: PostgresConnection.self)
        let deadline = self.deadline
        let id: Int? = state.withLock { state in
            let now = ContinuousClock.now
            if state.attempts.values.contains(where: { now - $0 > deadline }) { return nil }
            state.next += 1
            state.waiting[state.next] = promise
            return state.next
        }
        guard let id else {
            promise.fail(DatabaseUnavailable(reason: "PostgreSQL has not accepted a connection for over \(deadline)"))
            return promise.futureResult
        }
        // AsyncKit's pool guards its state with a lock and is used from many threads by design.
        nonisolated(unsafe) let pool = pool
        pool.requestConnection(logger: logger, on: eventLoop).whenComplete { [self] result in
            if let waiter = state.withLock({ $0.waiting.removeValue(forKey: id) }) {
                waiter.completeWith(result)
            } else if case .success(let connection) = result {
                // The request was failed meanwhile; the connection the pool gives it later goes back.
                pool.releaseConnection(connection, logger: logger)
            }
        }
        return promise.futureResult
    }

    /// Runs the pool's attempt to open a connection (`open`) under the gate's watch.
    func attempt(on eventLoop: any EventLoop, _ open: () -> EventLoopFuture<PostgresConnection>) -> EventLoopFuture<PostgresConnection> {
        let id = state.withLock { state in
            state.next += 1
            state.attempts[state.next] = ContinuousClock.now
            return state.next
        }
        let deadline = self.deadline
        let overdue = eventLoop.scheduleTask(in: TimeAmount(deadline)) { [self] in
            failWaiting(DatabaseUnavailable(reason: "PostgreSQL did not accept a connection within \(deadline)"))
        }
        let connection = open()
        connection.whenComplete { [self] result in
            overdue.cancel()
            state.withLock { _ = $0.attempts.removeValue(forKey: id) }
            if case .failure(let error) = result { failWaiting(error) }
        }
        return connection
    }

    private func failWaiting(_ error: any Error) {
        let waiting = state.withLock { state in
            defer { state.waiting.removeAll() }
            return state.waiting.values
        }
        for waiter in waiting { waiter.fail(error) }
    }
}

/// PostgresKit's connection source, its attempts watched by a `ConnectionGate`.
struct GatedPostgresSource: ConnectionPoolSource {
    let base: PostgresConnectionSource
    let gate: ConnectionGate

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<PostgresConnection> {
        gate.attempt(on: eventLoop) { base.makeConnection(logger: logger, on: eventLoop) }
    }
}
