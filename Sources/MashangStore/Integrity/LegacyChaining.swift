import Foundation
import MashangCore
import SQLKit

extension SQLIntegrityStore {
    static let legacyChainingTask = "chain_legacy_rows"

    /// Chains ticket events and audit lines written before the chains existed (migration 0037), once: later starts
    /// find the task recorded in `store_tasks` and skip the scan. It waits for the legacy contact sealing, which
    /// rewrites old creation events, so that what is chained is what stays. Returns how many rows it chained.
    @discardableResult
    public func chainLegacyRows() async throws -> Int {
        let (finished, sealed) = try await backend.read { database in
            let tasks = try await database.raw("SELECT name FROM store_tasks").all().map { try $0.decode(column: "name", as: String.self) }
            return (tasks.contains(Self.legacyChainingTask), tasks.contains(SQLTicketStore.legacySealingTask))
        }
        guard !finished, sealed else { return 0 }
        var chained = 0
        while true {
            let count = try await backend.write { database -> Int in
                let ids = try await database.raw("SELECT DISTINCT ticket_id FROM ticket_events WHERE hash IS NULL LIMIT 200").all()
                    .map { try $0.decode(column: "ticket_id", as: Int64.self) }
                var count = 0
                for id in ids {
                    guard
                        let number = try await database.raw("SELECT number FROM tickets WHERE id = \(bind: id)").first()?
                            .decode(column: "number", as: String.self)
                    else { continue }
                    var previous = ""
                    for var event in try await database.raw(
                        "SELECT \(ChainedEvent.columns) FROM ticket_events WHERE ticket_id = \(bind: id) ORDER BY sequence"
                    ).all().map(ChainedEvent.init) {
                        event.contentDigest = ChainHash.content(event.payload)
                        event.prevHash = previous
                        let hash = event.recomputed(number: number)
                        try await database.raw(
                            """
                            UPDATE ticket_events SET content_digest = \(bind: event.contentDigest), prev_hash = \(bind: previous),
                                hash = \(bind: hash) WHERE ticket_id = \(bind: id) AND sequence = \(bind: event.sequence)
                            """
                        ).run()
                        previous = hash
                        count += 1
                    }
                }
                return ids.isEmpty ? -1 : count
            }
            if count < 0 { break }
            chained += count
        }
        while true {
            let count = try await backend.write { database -> Int in
                let lines = try await database.raw("SELECT * FROM audit_log WHERE hash IS NULL ORDER BY id LIMIT 2000").all()
                    .map(ChainedAuditLine.init)
                var heads: [String: String] = [:]
                for var line in lines {
                    let day = Self.day(ofMilliseconds: line.atMilliseconds)
                    let previous: String
                    if let head = heads[day] {
                        previous = head
                    } else {
                        previous =
                            try await database.raw("SELECT hash FROM audit_log WHERE day = \(bind: day) ORDER BY id DESC LIMIT 1").first()?
                            .decode(column: "hash", as: String?.self) ?? ""
                    }
                    line.day = day
                    line.prevHash = previous
                    let hash = line.recomputed()
                    try await database.raw(
                        """
                        UPDATE audit_log SET day = \(bind: day), prev_hash = \(bind: previous), hash = \(bind: hash) WHERE id = \(bind: line.id)
                        """
                    ).run()
                    heads[day] = hash
                }
                return lines.count
            }
            chained += count
            if count == 0 { break }
        }
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO store_tasks (name, done_at) VALUES (\(bind: Self.legacyChainingTask), \(bind: StoreTime.milliseconds(Date())))
                ON CONFLICT (name) DO NOTHING
                """
            ).run()
        }
        return chained
    }
}
