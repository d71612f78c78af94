import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MashangChannels
import MashangCore
import MashangServices
import MashangStore
import NIOCore

/// The outbox's delivery rate: `count` requesters who agreed to text messages, their "received" messages sent by one
/// dispatcher through the Alibaba Cloud adapter (signed requests) to a gateway on this machine that answers after
/// `latency` ms (0: at once; a provider across the network takes tens of ms); every message read from the outbox, its
/// phone opened from the sealed contact, marked sending and marked sent.
struct MessagesBenchmark {
    let count: Int
    let latency: Int
    let directory: String
    let logger: Logger

    func run() async throws -> Measurement {
        let database = try await freshDatabase(in: directory, logger: logger)
        try await database.reference.replaceReferenceData(DemoReference.referenceData, rules: DemoReference.rules)
        let actor = EventActor(username: "bench", organization: "joint")
        let now = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<16 {
                group.addTask {
                    for index in stride(from: worker, to: count, by: 16) {
                        let draft = TicketDraft(
                            channel: .qr, kind: .complaint, category: "housing.leak", area: "jiangzuan-grid1",
                            intakePoint: "jiangzuan-gate",
                            urgency: .normal, description: "三栋顶楼屋顶漏水 \(index)",
                            requester: Requester(name: "居民", phone: String(format: "139%08d", index)), trackingCode: "ABCD2345",
                            holder: "joint", suggestedOrganization: nil, suggestedDepartment: nil, contactConsent: ContactConsent(sms: true)
                        )
                        _ = try await database.tickets.create(draft, by: actor, at: now, idempotencyKey: nil)
                    }
                }
            }
            try await group.waitForAll()
        }
        let router = Router()
        let latency = self.latency
        router.get("/") { _, _ in
            if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: #"{"Code":"OK","Message":"OK","BizId":"bench"}"#)))
        }
        let gateway = Application(router: router)
        var rules = DeliveryRules()
        rules.quietFrom = 0
        rules.quietUntil = 0
        rules.dailyCap = .max
        let fixedRules = rules
        let templates = Dictionary(uniqueKeysWithValues: MessagePurpose.allCases.map { ($0, "SMS_\($0.rawValue)") })
        let (sent, elapsed) = try await gateway.test(.live) { client in
            let sender = AliyunSMS(
                account: .init(
                    accessKeyID: "bench", accessKeySecret: "bench-secret", signName: "码上就办", templates: templates,
                    endpoint: URL(string: "http://127.0.0.1:\(client.port!)/")!))
            let dependencies = try await AppDependencies.load(stores: database.stores, clock: { Date() })
            let dispatcher = MessageDispatcher(
                dependencies: dependencies, senders: [sender], rules: fixedRules, publicURL: "https://mashang.example.cn", logger: logger)
            return try await measure {
                var sent = 0
                while true {
                    let (claimed, report) = try await dispatcher.deliverOnce()
                    sent += report.sent
                    if claimed == 0 { break }
                }
                return sent
            }
        }
        let left = try await database.outbox.pendingCount()
        try await database.close()
        try? FileManager.default.removeItem(atPath: directory)
        return Measurement(
            name: "outbox messages delivered / s (SQLite, gateway \(latency) ms)",
            value: String(format: "%.0f", Double(sent) / elapsed.seconds),
            target: "—",
            notes:
                "\(sent) of \(count) received-messages to a local fake Alibaba Cloud gateway, one dispatcher (up to \(MessageDispatcher.concurrentRecipients) recipients at once), signed GETs; \(String(format: "%.1f", elapsed.seconds)) s; \(left) left pending"
        )
    }
}
