import Foundation
import Logging
import MashangCore
import NIOCore
import NIOPosix
@preconcurrency import PostgresKit
import SQLKit
import Synchronization

/// PostgreSQL through a connection pool; each write is one transaction on one pooled connection.
/// `@unchecked`: AsyncKit's pool guards its state with a lock and is used from many threads by design.
public final class PostgresBackend: SQLBackend, @unchecked Sendable {
    public let flavor = SQLFlavor.postgres
    private let pool: PostgresPool
    private let gate: ConnectionGate
    private let logger: Logger
    private let configuration: PostgresConnection.Configuration
    private let schema: String?
    /// Set when a connection failed: until then requests are refused at once (503) instead of queueing for a pool
    /// that cannot connect; the first request after it tries the server again, so recovery needs no restart.
    /// Until when requests are refused at once after the server was lost (internal for the gate's tests).
    let unavailableUntil = Mutex<ContinuousClock.Instant?>(nil)
    static let pause: Duration = .milliseconds(500)

    /// - Parameter url: `postgres://user:pass@host:port/database`.
    /// - Parameter searchPath: schemas to use instead of the server default (tests give each run its own schema).
    /// - Parameter connections: how many connections to keep open at most (a node's come from `DatabaseLocation`).
    /// - Parameter connectionDeadline: how long opening a connection (TCP connect, startup, authentication) may take
    ///   before it fails and the requests waiting for one are answered 503 (`ConnectionGate`); milliseconds on a
    ///   working server.
    public init(
        url: String, searchPath: [String]? = nil, connections: Int = 8,
        connectionDeadline: Duration = .seconds(5), logger: Logger
    ) throws {
        var configuration = try SQLPostgresConfiguration(url: url)
        configuration.searchPath = searchPath
        // PostgresNIO's default is 10 s.
        configuration.coreConfiguration.options.connectTimeout = TimeAmount(connectionDeadline)
        // The server stops what the client has given up on: no statement outlives the longest deadline below, and a
        // transaction its node left open mid-way (a node killed or cut off) releases its locks after 10 s.
        configuration.coreConfiguration.options.additionalStartupParameters = [
            ("statement_timeout", "\(Self.readDeadline.components.seconds)s"), ("idle_in_transaction_session_timeout", "10s"),
        ]
        self.configuration = configuration.coreConfiguration
        schema = searchPath?.first
        let gate = ConnectionGate()
        self.gate = gate
        pool = EventLoopGroupConnectionPool(
            source: GatedPostgresSource(base: PostgresConnectionSource(sqlConfiguration: configuration), gate: gate),
            // The pool is kept per event loop (one per core).
            maxConnectionsPerEventLoop: max(1, (connections + System.coreCount - 1) / System.coreCount),
            // A request waits at most this long for a connection; then it is 503 with Retry-After. Under a burst they
            // queue for the pool's few connections: 10 s (AsyncKit's default) refused some of 100 simultaneous
            // creations on a loaded 2-core machine, so the wait is 30 s.
            requestTimeout: .seconds(30),
            pruneInterval: nil,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton
        )
        self.logger = logger
    }

    public func write<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await guarded(deadline: Self.writeDeadline) { try await self.transaction(work) }
    }

    /// How long one operation may take before its caller is answered 503: a connection the server dropped while it
    /// restarted can leave a query waiting for ever, and a request (and a graceful shutdown) must not wait with it.
    static let writeDeadline: Duration = .seconds(60)
    static let readDeadline: Duration = .seconds(120)

    private func transaction<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = try await gate.request(from: pool, on: MultiThreadedEventLoopGroup.singleton.any(), logger: logger).get()
        defer { pool.releaseConnection(connection, logger: logger) }
        let database = LivePostgresConnection(connection: connection).sql()
        try await database.raw("BEGIN").run()
        do {
            let result = try await work(database)
            try await database.raw("COMMIT").run()
            return result
        } catch {
            try? await database.raw("ROLLBACK").run()
            throw error
        }
    }

    public func read<T: Sendable>(_ work: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await guarded(deadline: Self.readDeadline) {
            try await work(
                LivePostgresPool(
                    pool: self.pool, gate: self.gate, logger: self.logger,
                    eventLoop: MultiThreadedEventLoopGroup.singleton.any()
                ).sql())
        }
    }

    private func guarded<T: Sendable>(deadline: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        if let until = unavailableUntil.withLock({ $0 }), ContinuousClock.now < until {
            throw DatabaseUnavailable(reason: "PostgreSQL did not answer a moment ago")
        }
        // Serving a request, the request's (shorter) deadline.
        let deadline = DatabaseDeadline.request.map { min($0, deadline) } ?? deadline
        do {
            return try await Self.mappingUnavailable { try await Self.within(deadline, body) }
        } catch let error as DatabaseUnavailable {
            // Only a lost server pauses everyone; a busy pool answers this request and lets the next one queue.
            if error.connectionLost { unavailableUntil.withLock { $0 = ContinuousClock.now.advanced(by: Self.pause) } }
            throw error
        }
    }

    /// `body`'s result, or `DatabaseUnavailable` once `deadline` has passed, whichever comes first. The body runs in a
    /// task of its own, so that a wait that does not end on cancellation cannot hold the caller. The timer is one of
    /// NIO's scheduled tasks, removed from its event loop as soon as the body is done. (A `Task.sleep` is no timer to
    /// cancel: cancelled, its task and its dispatch timer stay until the deadline — at 2,400 reads a second and 120 s,
    /// a quarter of a million of them and 100 MB of a node's memory.)
    static func within<T: Sendable>(_ deadline: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let once = ClaimOnce()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let work = Task {
                let result: Result<T, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                if once.claimCancellingTimer() { continuation.resume(with: result) }
            }
            let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: TimeAmount(deadline)) {
                if once.claim() {
                    work.cancel()
                    continuation.resume(
                        throwing: DatabaseUnavailable(reason: "PostgreSQL did not answer within \(deadline)", connectionLost: false))
                }
            }
            once.setTimer(timer)
        }
    }

    /// Connection failures (the server down, restarting or refusing connections, a connection cut mid-request) become
    /// `DatabaseUnavailable`; errors of the request itself pass through.
    static func mappingUnavailable<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            let connectionCodes: [PSQLError.Code] = [
                .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
            ]
            // SQL states of class 08 (connection), 53 (resources: disk full, too many connections), 57 (shut down).
            let state = error.serverInfo?[.sqlState] ?? ""
            if connectionCodes.contains(error.code) || ["08", "53", "57"].contains(String(state.prefix(2))) {
                throw DatabaseUnavailable(reason: "PostgreSQL: \(error.code) \(state)")
            }
            throw error
        } catch is ConnectionPoolTimeoutError {
            throw DatabaseUnavailable(reason: "PostgreSQL: every connection busy", connectionLost: false)
        } catch  where error is IOError || error is ChannelError || error is NIOConnectionError {
            throw DatabaseUnavailable(reason: "PostgreSQL: \(error)")
        }
    }

    public func statistics() -> DatabaseStatistics { gate.statistics() }

    /// The deployment's change channel: announced through the pool, heard on a connection of its own.
    public var changeFeed: PostgresChangeFeed {
        PostgresChangeFeed(
            backend: self, configuration: configuration, channel: PostgresChangeFeed.channel(schema: schema), logger: logger)
    }

    public func close() async throws {
        try await pool.shutdownAsync()
    }
}

/// The race between an operation and its deadline's timer: only the first claim wins, and the operation's win takes
/// the timer off its event loop.
final class ClaimOnce: Sendable {
    private struct State {
        var done = false
        var timer: Scheduled<Void>?
    }

    private let state = Mutex(State())

    /// True for the first claim only (the timer's, when it fires first).
    func claim() -> Bool {
        state.withLock { state in
            defer { state.done = true }; return !state.done
        }
    }

    /// `claim()` for the operation: when it wins, the timer is cancelled too.
    func claimCancellingTimer() -> Bool {
        let (won, timer) = state.withLock { state in
            defer { state.done = true }
            return (!state.done, state.timer)
        }
        if won { timer?.cancel() }
        return won
    }

    /// Records the timer, or cancels it at once when the race is already decided.
    func setTimer(_ timer: Scheduled<Void>) {
        let decided = state.withLock { state in
            state.timer = timer
            return state.done
        }
        if decided { timer.cancel() }
    }
}
