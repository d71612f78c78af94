import Foundation
import Logging
import MashangCore
import MashangStore

/// Durable ticket creations per second: each ticket numbered, stored with its creation event, visibility party and
/// search terms, and committed (fsync'd, WAL, synchronous=FULL) before its caller is answered, with `concurrency`
/// submitters feeding the group-commit writer.
struct CreationBenchmark {
    let count: Int
    let concurrency: Int
    let directory: String
    let logger: Logger

    func run() async throws -> Measurement {
        let database = try await freshDatabase(in: directory, logger: logger)
        let reference = DemoReference.referenceData
        let rules = try DispatchRuleSet(rules: DemoReference.rules, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
        var generator = DemoTicketGenerator(reference: reference, rules: rules, seed: 1)
        let now = Date()
        // Drafts come from demo tickets so that descriptions, categories and requesters vary realistically.
        let drafts = try generator.generate(count: min(count, 5_000), from: now.addingTimeInterval(-86_400), to: now).map { ticket in
            TicketDraft(
                channel: ticket.state.channel, kind: ticket.state.kind, category: ticket.state.category, area: ticket.state.area,
                intakePoint: ticket.state.intakePoint, urgency: ticket.state.urgency, description: ticket.state.description,
                requester: ticket.state.requester, trackingCode: ticket.state.trackingCode, holder: "joint",
                suggestedOrganization: ticket.state.suggestedOrganization, suggestedDepartment: ticket.state.suggestedDepartment)
        }
        let store = database.tickets
        let actor = EventActor(username: "bench", organization: "joint")
        let perWorker = count / concurrency
        let (_, elapsed) = try await measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        for index in 0..<perWorker {
                            let draft = drafts[(worker * perWorker + index) % drafts.count]
                            _ = try await store.create(draft, by: actor, at: Date(), idempotencyKey: "bench:\(worker):\(index)")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let created = perWorker * concurrency
        let stored = try await store.tickets(matching: TicketQuery(pageSize: 1)).total
        try await database.close()
        try? FileManager.default.removeItem(atPath: directory)
        let rate = Double(created) / elapsed.seconds
        return Measurement(
            name: "tickets created / s (SQLite, durable)", value: String(format: "%.0f", rate), target: "≥ 5,000",
            notes:
                "\(created) tickets with idempotency keys, \(concurrency) concurrent submitters, \(String(format: "%.2f", elapsed.seconds)) s; \(stored >= 10_000 ? "10,000+" : String(stored)) read back"
        )
    }
}
