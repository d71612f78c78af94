import Logging
import MashangCore
import NIOCore
@preconcurrency import PostgresKit

/// One leased PostgreSQL connection whose queries are refused at once when it has closed.
///
/// PostgresNIO writes a query to the connection's channel without a write promise: once the server has gone (a
/// restart closes every connection) and NIO has taken the connection's handlers off the channel, that write fails
/// unseen and the query's answer never comes — its caller waits for ever, and a pooled connection held by it is never
/// given back (one PostgreSQL restart under load left a node's pools full of such connections and every later request
/// queued for 30 s). Here each query is written on the connection's own event loop after checking that it is still
/// open: closing runs on that loop too, so a query written to an open connection reaches its handler, which answers
/// it (with an error when the connection is closing); one found closed fails with `DatabaseUnavailable`.
struct LivePostgresConnection: PostgresDatabase {
    let connection: PostgresConnection

    var logger: Logger { connection.logger }
    var eventLoop: any EventLoop { connection.eventLoop }

    func send(_ request: any PostgresRequest, logger: Logger) -> EventLoopFuture<Void> {
        withConnection { $0.send(request, logger: logger) }
    }

    func withConnection<T>(_ closure: @escaping (PostgresConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let connection = self.connection
        if connection.eventLoop.inEventLoop { return Self.run(closure, on: connection) }
        // `closure` is not Sendable (PostgresDatabase's signature); it is called once, on the connection's loop.
        let call = UnsafeTransfer(closure)
        let answer = connection.eventLoop.makePromise(of: T.self)
        connection.eventLoop.execute {
            Self.run(call.value, on: connection).assumeIsolated().whenComplete { answer.assumeIsolated().completeWith($0) }
        }
        return answer.futureResult
    }

    /// On the connection's event loop.
    private static func run<T>(_ closure: (PostgresConnection) -> EventLoopFuture<T>, on connection: PostgresConnection) -> EventLoopFuture<
        T
    > {
        guard !connection.isClosed else {
            return connection.eventLoop.makeFailedFuture(DatabaseUnavailable(reason: "PostgreSQL closed the connection"))
        }
        return closure(connection)
    }
}

/// Each query on a connection of the pool, leased for that query through the `ConnectionGate` (so that it does not
/// wait on a server that cannot give it one), checked as `LivePostgresConnection` checks it (AsyncKit's own pooled
/// database writes to a connection that may have closed since it was checked out), and given back when answered.
/// `@unchecked`: AsyncKit's pool guards its state with a lock and is used from many threads by design.
struct LivePostgresPool: PostgresDatabase, @unchecked Sendable {
    let pool: PostgresPool
    let gate: ConnectionGate
    let logger: Logger
    let eventLoop: any EventLoop

    func send(_ request: any PostgresRequest, logger: Logger) -> EventLoopFuture<Void> {
        withConnection { $0.send(request, logger: logger) }
    }

    func withConnection<T>(_ closure: @escaping (PostgresConnection) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        // AsyncKit's pool guards its state with a lock and is used from many threads by design.
        nonisolated(unsafe) let pool = self.pool
        let logger = self.logger
        let call = UnsafeTransfer(closure)
        let answer = eventLoop.makePromise(of: T.self)
        // Completed on `eventLoop`, whose pool's connections live on that loop too.
        gate.request(from: pool, on: eventLoop, logger: logger).whenComplete { leased in
            switch leased {
            case .failure(let error):
                answer.fail(error)
            case .success(let connection):
                LivePostgresConnection(connection: connection).withConnection(call.value).assumeIsolated().whenComplete { result in
                    pool.releaseConnection(connection, logger: logger)
                    answer.assumeIsolated().completeWith(result)
                }
            }
        }
        return answer.futureResult
    }
}

/// A value handed to an event loop that runs it once (a non-Sendable closure from a pre-concurrency signature).
private struct UnsafeTransfer<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
