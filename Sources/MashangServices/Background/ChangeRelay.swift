import Foundation
import Logging
import MashangCore
import ServiceLifecycle
import Synchronization

/// Shares ticket changes between the nodes of one deployment, so that a dispatch board on any node hears every
/// node's changes. This node's changes go out as one notice per batch (`node|number,number,…`: a burst of intakes
/// costs a few notices, not one each); notices from other nodes reach this node's boards. When the channel is lost,
/// it listens again with a growing pause, and boards are told to reload (changes in between were not heard).
public struct ChangeRelay: Service {
    public let feed: any ChangeFeed
    public let changes: TicketChanges
    public let node: String
    public let logger: Logger
    private let listening = Flag()

    /// Whether this node hears the channel now.
    public var isListening: Bool { listening.value.load(ordering: .sequentiallyConsistent) }

    private final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    public init(feed: any ChangeFeed, changes: TicketChanges, node: String = UUID().uuidString, logger: Logger) {
        self.feed = feed
        self.changes = changes
        self.node = node
        self.logger = logger
    }

    public func run() async throws {
        changes.startRelaying()
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await listen() }
                group.addTask { await send() }
            }
        }
    }

    private func listen() async {
        var pause: Duration = .seconds(1)
        var heardBefore = false
        while !Task.isCancelled {
            let reconnecting = heardBefore
            do {
                try await feed.listen(
                    ready: { [listening, changes] in
                        listening.value.store(true, ordering: .sequentiallyConsistent)
                        if reconnecting { changes.deliver(TicketChanges.everything) }
                    },
                    receive: { payload in receive(payload) })
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled { break }
                logger.warning("change channel lost; listening again", metadata: ["error": "\(error)", "pause": "\(pause)"])
            }
            if listening.value.exchange(false, ordering: .sequentiallyConsistent) {
                heardBefore = true
                pause = .seconds(1)
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(30))
        }
        listening.value.store(false, ordering: .sequentiallyConsistent)
    }

    private func receive(_ payload: String) {
        guard let bar = payload.firstIndex(of: "|"), payload[..<bar] != node else { return }
        for number in payload[payload.index(after: bar)...].split(separator: ",") { changes.deliver(String(number)) }
    }

    /// Sends what changed here, a batch at a time: while one notice is on its way, later changes gather for the next.
    private func send() async {
        for await _ in changes.signals {
            for payload in Self.payloads(node: node, numbers: changes.takePending()) {
                do {
                    try await feed.announce(payload)
                } catch {
                    // The change is in the database; boards elsewhere see it on their next reload.
                    logger.warning("could not announce ticket changes", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// `node|n1,n2,…` notices of at most `limit` bytes each (PostgreSQL refuses a payload of 8,000 bytes or more).
    static func payloads(node: String, numbers: [String], limit: Int = 7_900) -> [String] {
        var payloads: [String] = []
        var current = ""
        for number in numbers {
            if !current.isEmpty && current.utf8.count + number.utf8.count + 1 > limit {
                payloads.append(current)
                current = ""
            }
            current += (current.isEmpty ? node + "|" : ",") + number
        }
        if !current.isEmpty { payloads.append(current) }
        return payloads
    }
}
