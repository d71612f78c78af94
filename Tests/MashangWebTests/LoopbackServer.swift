import NIOCore
import NIOPosix

/// A TCP server on a free loopback port for test doubles: each connection is handed to `connection` in a task of its
/// own while `body` runs with the port; the server closes when `body` ends.
enum LoopbackServer {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func serving(
        connection handle: @escaping @Sendable (Connection) async throws -> Void, _ body: (Int) async throws -> Void
    ) async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try Connection(wrappingChannelSynchronously: channel) }
            }
        let port = server.channel.localAddress!.port!
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await server.executeThenClose { connections in
                    try await withThrowingDiscardingTaskGroup { sessions in
                        for try await connection in connections { sessions.addTask { try? await handle(connection) } }
                    }
                }
            }
            try await body(port)
            group.cancelAll()
            server.channel.close(promise: nil)
        }
    }
}
