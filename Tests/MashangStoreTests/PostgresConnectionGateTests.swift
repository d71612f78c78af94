import Foundation
import Logging
import MashangCore
import SQLKit
import Synchronization
import Testing

@testable import MashangStore

#if canImport(Glibc)
    import Glibc
#endif

/// A "PostgreSQL server" that takes TCP connections and never answers, as a stopped, hung or cut-off server does, or
/// takes none, as an unreachable host: no request waits on it for a connection longer than the connection deadline
/// (AsyncKit's pool alone kept the requests queued behind an attempt 30 s).
@Suite(.timeLimit(.minutes(1)))
struct PostgresConnectionGateTests {
    /// Listens on a loopback port; the kernel completes the handshakes, nobody reads or writes. With a backlog of 0 and
    /// one connection made (`fill()`), the kernel drops further handshakes: connecting hangs, as to an unreachable host.
    final class SilentServer: Sendable {
        let descriptor: Int32
        let port: Int

        init(backlog: Int32 = 64) throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.descriptor = descriptor
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(descriptor, pointer, length) == 0 && listen(descriptor, backlog) == 0
                        && getsockname(descriptor, pointer, &length) == 0
                }
            }
            try #require(bound)
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        /// A connection taking the backlog's one place; closed with the server.
        func fill() throws {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            try #require(connected)
        }

        deinit { close(descriptor) }
    }

    static var logger: Logger {
        var logger = Logger(label: "mashang-test")
        logger.logLevel = .critical
        return logger
    }

    /// How long each of `count` simultaneous reads took to be refused (nil: not refused as unavailable).
    static func refusals(_ backend: PostgresBackend, count: Int) async -> [Duration?] {
        await timedRefusals(backend, count: count).map(\.took)
    }

    /// Each read's start and how long it took to be refused (nil: not refused as unavailable).
    static func timedRefusals(_ backend: PostgresBackend, count: Int) async -> [(started: ContinuousClock.Instant, took: Duration?)] {
        await withTaskGroup(of: (ContinuousClock.Instant, Duration?).self) { group in
            for _ in 0..<count {
                group.addTask {
                    let started = ContinuousClock.now
                    do {
                        _ = try await backend.read { try await $0.raw("SELECT 1").run() }
                        return (started, nil)
                    } catch is DatabaseUnavailable {
                        return (started, ContinuousClock.now - started)
                    } catch {
                        return (started, nil)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append(($1.0, $1.1)) }
        }
    }

    @Test func requestsWaitingForAConnectionToASilentServerAreRefusedAtTheDeadline() async throws {
        let server = try SilentServer()
        // One connection per event loop: the first request of each loop starts an attempt, the others queue behind it.
        let backend = try PostgresBackend(
            url: "postgres://mashang:x@127.0.0.1:\(server.port)/mashang?sslmode=disable",
            connections: 1, connectionDeadline: .milliseconds(500), logger: Self.logger)
        let outcome = try await PostgresBackend.within(.seconds(15)) {
            let first = await Self.refusals(backend, count: 12)
            // Right after, during the backend's pause, new requests are refused at once. On a loaded machine the pause can
            // be over before a request starts: that one tries again and is refused at the deadline instead.
            let pausedUntil = backend.unavailableUntil.withLock { $0 }
            let pausing = await Self.timedRefusals(backend, count: 4)
            // After it they try again; the attempts that never got an answer ended at the deadline (not after
            // PostgresNIO's own 10 s), so new ones are made and end at the deadline too.
            try await Task.sleep(for: PostgresBackend.pause + .milliseconds(200))
            let again = await Self.refusals(backend, count: 4)
            return (first, pausing.map { request in (request.took, pausedUntil.map { request.started < $0 } ?? false) }, again)
        }
        #expect(outcome.0.allSatisfy { $0 != nil && $0! < .seconds(3) }, "\(outcome.0)")
        #expect(outcome.1.allSatisfy { took, paused in took != nil && took! < (paused ? .milliseconds(300) : .seconds(3)) }, "\(outcome.1)")
        #expect(outcome.2.allSatisfy { $0 != nil && $0! > .milliseconds(300) && $0! < .seconds(3) }, "\(outcome.2)")
        try await backend.close()
    }

    @Test func connectingToAServerThatTakesNoConnectionGivesUpAtTheDeadline() async throws {
        let server = try SilentServer(backlog: 0)
        try server.fill()
        let backend = try PostgresBackend(
            url: "postgres://mashang:x@127.0.0.1:\(server.port)/mashang?sslmode=disable",
            connections: 1, connectionDeadline: .milliseconds(400), logger: Self.logger)
        let outcome = try await PostgresBackend.within(.seconds(10)) {
            let first = await Self.refusals(backend, count: 6)
            // The attempts' TCP connects have timed out (PostgresNIO's own bound would be 10 s): the server is tried again.
            try await Task.sleep(for: PostgresBackend.pause + .milliseconds(600))
            return (first, await Self.refusals(backend, count: 2))
        }
        #expect(outcome.0.allSatisfy { $0 != nil && $0! < .seconds(3) }, "\(outcome.0)")
        #expect(outcome.1.allSatisfy { $0 != nil && $0! < .seconds(3) }, "\(outcome.1)")
        try await backend.close()
    }
}
