import Logging
import MashangCore
import NIOCore
@preconcurrency import PostgresKit
import Synchronization

/// The pool of PostgreSQL connections, opened through the gate.
typealias PostgresPool = EventLoopGroupConnectionPool<GatedPostgresSource>

/// Requests waiting for a pooled PostgreSQL connection, failed together when an attempt to open one fails.
///
/// AsyncKit's pool fails only the request that started an attempt; requests that queued behind it (the pool already
/// opening its size of connections) waited out its request timeout, 30 s, for a server that could not give them one.
/// Here they are all answered with the attempt's failure (so 503 with Retry-After) the moment it fails. Attempts to a
/// server that never answers end at the backend's connection deadline: PostgresNIO's `connectTimeout` bounds the TCP
/// connect, startup and authentication together and closes the socket.
final class ConnectionGate: Sendable {
    private struct State {
        var next = 0
        var waiting: [Int: EventLoopPromise<PostgresConnection>] = [:]
        /// Nanoseconds requests spent waiting for their connection, since start.
        var waitedNanoseconds: UInt64 = 0
    }
    private let state = Mutex(State())

    /// A connection of `pool` on `eventLoop`, or the failure of an attempt to open one; the connection is the caller's
    /// to release.
    func request(from pool: PostgresPool, on eventLoop: any EventLoop, logger: Logger) -> EventLoopFuture<PostgresConnection> {
        let promise = eventLoop.makePromise(of: PostgresConnection.self)
        let asked = ContinuousClock.now
        let id = state.withLock { state in
            state.next += 1
            state.waiting[state.next] = promise
            return state.next
        }
        // AsyncKit's pool guards its state with a lock and is used from many threads by design.
        nonisolated(unsafe) let pool = pool
        pool.requestConnection(logger: logger, on: eventLoop).whenComplete { [self] result in
            let waited = ContinuousClock.now - asked
            if let waiter = state.withLock({ state in
                state.waitedNanoseconds +=
                    UInt64(waited.components.seconds) * 1_000_000_000 + UInt64(waited.components.attoseconds / 1_000_000_000)
                return state.waiting.removeValue(forKey: id)
            }) {
                waiter.completeWith(result)
            } else if case .success(let connection) = result {
                // The request was failed meanwhile; the connection the pool gives it later goes back.
                pool.releaseConnection(connection, logger: logger)
            }
        }
        return promise.futureResult
    }

    /// Requests since start, requests waiting now, and the seconds all requests waited.
    func statistics() -> DatabaseStatistics {
        state.withLock { state in
            var statistics = DatabaseStatistics()
            statistics.poolRequests = state.next
            statistics.poolWaiting = state.waiting.count
            statistics.poolWaitSeconds = Double(state.waitedNanoseconds) / 1e9
            return statistics
        }
    }

    /// The pool's attempt to open a connection (`open`); its failure fails every waiting request.
    func attempt(_ open: () -> EventLoopFuture<PostgresConnection>) -> EventLoopFuture<PostgresConnection> {
        let connection = open()
        connection.whenFailure { [self] error in
            let waiting = state.withLock { state in
                defer { state.waiting.removeAll() }
                return state.waiting.values
            }
            for waiter in waiting { waiter.fail(error) }
        }
        return connection
    }
}

/// PostgresKit's connection source, its failed attempts told to the `ConnectionGate`.
struct GatedPostgresSource: ConnectionPoolSource {
    let base: PostgresConnectionSource
    let gate: ConnectionGate

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<PostgresConnection> {
        gate.attempt { base.makeConnection(logger: logger, on: eventLoop) }
    }
}
