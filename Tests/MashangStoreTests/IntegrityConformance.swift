import Foundation
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// The hash chains on each database: an untouched history verifies, and each way of changing the stored rows behind
/// the application's back — altering, deleting, inserting, even rewriting a chain consistently — is found and named.
enum IntegrityConformance {
    static let cases: [StoreCase] =
        [
            StoreCase(name: "an untouched history verifies and its days close once", run: untouched),
            StoreCase(name: "rows written before the chains are chained when the database opens", run: legacyRows),
            StoreCase(name: "the audit log and the day digests refuse updates and deletes", run: appendOnly),
            StoreCase(name: "old audit days are purged, recorded and attested, and verify tells a purge from a deletion", run: purge),
        ]
        + tampering.map { scenario in
            StoreCase(name: "verify finds \(scenario.name)") { database in try await found(scenario, database) }
        }

    static let day0 = ChinaDay(Fixtures.now)
    static let day1 = day0.adding(1)

    /// Two tickets over two days (four events) and five audit lines, both days closed.
    struct History {
        var first: String
        var second: String
        var auditIDs: [Int64]
    }

    static func history(_ database: MashangDatabase) async throws -> History {
        let first = try await database.tickets.create(Fixtures.draft(), by: actor, at: day0.at(10 * 3600), idempotencyKey: nil)
            .ticket.state.number
        let dispatchedAt = day0.at(11 * 3600)
        _ = try await database.tickets.apply(to: first, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: dispatchedAt) {
            state, _ in
            try TicketLifecycle.decide(
                .dispatch(organization: "guanghua-street", department: "gh-construction", assisting: [], note: nil), on: state,
                by: Fixtures.jointDispatcher, context: DecisionContext(reference: Fixtures.reference, now: dispatchedAt))
        }
        _ = try await database.tickets.apply(
            to: first, mergeTarget: nil, by: Fixtures.governmentDispatcher.eventActor, at: day1.at(9 * 3600)
        ) { _, _ in .acknowledged }
        let second = try await database.tickets.create(Fixtures.draft(), by: actor, at: day1.at(10 * 3600), idempotencyKey: nil)
            .ticket.state.number
        for (index, at) in [day0.at(8 * 3600), day0.at(12 * 3600), day0.at(20 * 3600), day1.at(8 * 3600), day1.at(23 * 3600)]
            .enumerated()
        {
            try await database.audit.append(
                AuditEntry(at: at, actor: "admin", organization: "joint", action: "user.add", subject: "u\(index)", address: "127.0.0.1"))
        }
        let closed = try await database.integrity.closeDays(through: day1, at: day1.at(24 * 3600 + 600))
        #expect(closed.map(\.day) == [day0.description, day1.description])
        let ids = try await database.backend.read { db in
            try await db.raw("SELECT id FROM audit_log ORDER BY id").all().map { try $0.decode(column: "id", as: Int64.self) }
        }
        return History(first: first, second: second, auditIDs: ids)
    }

    static let actor = EventActor(username: "desk", organization: "joint")

    static func untouched(_ database: MashangDatabase) async throws {
        let history = try await history(database)
        let report = try await database.integrity.verify(from: nil)
        #expect(report.problems == [])
        #expect(report.tickets == 2)
        #expect(report.events == 4)
        #expect(report.auditLines == 5)
        #expect(report.closedDays == 2)
        #expect(report.lastDay?.day == day1.description)
        #expect(report.lastDay?.events == 2)
        #expect(report.lastDay?.auditLines == 2)
        // Closing again closes nothing; a later day closes chained to the last.
        #expect(try await database.integrity.closeDays(through: day1, at: Date()).isEmpty)
        let next = try await database.integrity.closeDays(through: day1.adding(1), at: Date())
        #expect(next.map(\.previous) == [report.lastDay?.digest])
        #expect(next.first?.events == 0)
        // From a day, only that day's chains and digests are walked.
        let fromSecond = try await database.integrity.verify(from: day1)
        #expect(fromSecond.problems == [])
        #expect(fromSecond.tickets == 2)
        #expect(fromSecond.auditLines == 2)
        #expect(fromSecond.closedDays == 2)
        let check = try await database.integrity.verifyTicket(number: history.first)
        #expect(check?.events == 3)
        #expect(check?.problem == nil)
        #expect(check?.head.count == 64)
        #expect(try await database.integrity.verifyTicket(number: "MS-2026-999999") == nil)
    }

    /// Rows as a version before the chains wrote them (no chain columns) are chained on opening, then verify.
    static func legacyRows(_ database: MashangDatabase) async throws {
        let history = try await history(database)
        try await unprotect(database)
        try await run(database, "UPDATE ticket_events SET content_digest = NULL, prev_hash = NULL, hash = NULL")
        try await run(database, "UPDATE audit_log SET day = NULL, prev_hash = NULL, hash = NULL")
        try await run(database, "DELETE FROM day_digests")
        try await run(database, "DELETE FROM store_tasks WHERE name = 'chain_legacy_rows'")
        // Chaining waits for the legacy contacts to be sealed (a fresh PostgreSQL schema in tests never ran it).
        try await run(database, "INSERT INTO store_tasks (name, done_at) VALUES ('seal_legacy_contacts', 0) ON CONFLICT (name) DO NOTHING")
        #expect(try await database.integrity.verify(from: nil).problems.first?.kind == .inserted)
        #expect(try await database.integrity.chainLegacyRows() == 9)
        #expect(try await database.integrity.chainLegacyRows() == 0)
        _ = try await database.integrity.closeDays(through: day1, at: Date())
        #expect(try await database.integrity.verify(from: nil).problems == [])
        #expect(try await database.integrity.verifyTicket(number: history.second)?.problem == nil)
    }

    /// One way of changing the stored rows directly, and what verify must say first.
    struct Tampering: Sendable {
        var name: String
        var change: @Sendable (MashangDatabase, History) async throws -> Void
        var kind: IntegrityProblem.Kind
        var record: @Sendable (History) -> String
    }

    static let tampering: [Tampering] = [
        Tampering(
            name: "an event's payload altered",
            change: { database, history in
                try await run(
                    database,
                    "UPDATE ticket_events SET payload = REPLACE(payload, 'gh-construction', 'gh-water') WHERE sequence = 2 AND ticket_id = \(try await id(history.first, database))"
                )
            }, kind: .altered, record: { "ticket \($0.first) event 2" }),
        Tampering(
            name: "an event's actor altered",
            change: { database, history in
                try await run(
                    database,
                    "UPDATE ticket_events SET actor = 'someone-else' WHERE sequence = 3 AND ticket_id = \(try await id(history.first, database))"
                )
            }, kind: .altered, record: { "ticket \($0.first) event 3" }),
        Tampering(
            name: "an event deleted from the middle",
            change: { database, history in
                try await run(
                    database, "DELETE FROM ticket_events WHERE sequence = 2 AND ticket_id = \(try await id(history.first, database))")
            }, kind: .deleted, record: { "ticket \($0.first) event 2" }),
        Tampering(
            name: "the last event deleted and the version wound back",
            change: { database, history in
                let id = try await id(history.first, database)
                try await run(database, "DELETE FROM ticket_events WHERE sequence = 3 AND ticket_id = \(id)")
                try await run(database, "UPDATE tickets SET version = 2 WHERE id = \(id)")
            }, kind: .dayChanged, record: { _ in "day \(day1)" }),
        Tampering(
            name: "an event inserted at the end without the version",
            change: { database, history in try await insertEvent(database, history.second, bumpVersion: false) },
            kind: .inserted, record: { "ticket \($0.second) event 2" }),
        Tampering(
            name: "an event inserted at the end with a correct hash and version",
            change: { database, history in try await insertEvent(database, history.second, bumpVersion: true) },
            kind: .dayChanged, record: { _ in "day \(day1)" }),
        Tampering(
            name: "a whole history rewritten with recomputed hashes",
            change: { database, history in
                let id = try await id(history.first, database)
                try await run(database, "UPDATE ticket_events SET actor = 'someone-else' WHERE sequence = 2 AND ticket_id = \(id)")
                try await rechain(database, ticketID: id, number: history.first)
            }, kind: .dayChanged, record: { _ in "day \(day0)" }),
        Tampering(
            name: "an audit line altered",
            change: { database, history in
                try await run(database, "UPDATE audit_log SET subject = 'nobody' WHERE id = \(history.auditIDs[1])")
            }, kind: .altered, record: { "audit line \($0.auditIDs[1]) (\(day0))" }),
        Tampering(
            name: "an audit line deleted from the middle of its day",
            change: { database, history in try await run(database, "DELETE FROM audit_log WHERE id = \(history.auditIDs[1])") },
            kind: .deleted, record: { "before audit line \($0.auditIDs[2]) (\(day0))" }),
        Tampering(
            name: "an audit day's last line deleted",
            change: { database, history in try await run(database, "DELETE FROM audit_log WHERE id = \(history.auditIDs[4])") },
            kind: .dayChanged, record: { _ in "day \(day1)" }),
        Tampering(
            name: "an audit line inserted without a hash",
            change: { database, _ in
                try await run(
                    database,
                    """
                    INSERT INTO audit_log (at, actor, organization, action, subject, address, detail, day)
                    VALUES (\(StoreTimeMilliseconds.of(day0.at(13 * 3600))), 'admin', 'joint', 'user.add', 'ghost', '127.0.0.1', '', '\(day0)')
                    """)
            }, kind: .inserted, record: { "audit line \($0.auditIDs[4] + 1) (\(day0))" }),
        Tampering(
            name: "a closed day's digest deleted",
            change: { database, _ in try await run(database, "DELETE FROM day_digests WHERE day = '\(day0)'") },
            kind: .dayChanged, record: { _ in "day \(day1)" }),
    ]

    static func found(_ scenario: Tampering, _ database: MashangDatabase) async throws {
        let history = try await history(database)
        #expect(try await database.integrity.verify(from: nil).problems == [])
        try await unprotect(database)
        try await scenario.change(database, history)
        let report = try await database.integrity.verify(from: nil)
        let first = try #require(report.problems.first, "\(scenario.name) went unnoticed")
        #expect(first.kind == scenario.kind, "\(first)")
        #expect(first.record == scenario.record(history), "\(first)")
    }

    /// A line of today cannot be changed or deleted, nor can a closed day; a line older than the legal minimum of 183
    /// days can be deleted (the retention purge).
    static func appendOnly(_ database: MashangDatabase) async throws {
        _ = try await history(database)
        try await database.audit.append(
            AuditEntry(at: Date(), actor: "admin", organization: nil, action: "user.add", subject: "today", address: "127.0.0.1"))
        for statement in [
            "UPDATE audit_log SET subject = 'nobody' WHERE subject = 'today'", "DELETE FROM audit_log WHERE subject = 'today'",
            "UPDATE day_digests SET events = 0", "DELETE FROM day_digests",
        ] {
            await #expect(throws: (any Error).self, "\(statement)") { try await run(database, statement) }
        }
        if database.backend.flavor == .postgres {
            await #expect(throws: (any Error).self) { try await run(database, "TRUNCATE audit_log") }
        }
        let lines = try await database.audit.entries(matching: AuditQuery())
        #expect(lines.count == 6 && lines.first?.subject == "today")
        // The fixtures' lines are from March 2026, past the minimum by the real clock: the purge may take them.
        try await run(database, "DELETE FROM audit_log WHERE at < \(StoreTimeMilliseconds.of(Date().addingTimeInterval(-200 * 86_400)))")
        #expect(try await database.audit.entries(matching: AuditQuery()).map(\.subject) == ["today"])
    }

    static func purge(_ database: MashangDatabase) async throws {
        _ = try await history(database)
        let purge = try await database.integrity.purgeAudit(through: day0, at: Date())
        #expect(purge == AuditPurge(throughDay: day0.description, lines: 3))
        #expect(try await database.audit.entries(matching: AuditQuery()).map(\.action) == ["audit.purge", "user.add", "user.add"])
        let report = try await database.integrity.verify(from: nil)
        #expect(report.problems == [] && report.closedDays == 2 && report.auditLines == 3)
        #expect(try await database.integrity.purgeAudit(through: day0, at: Date()) == nil)
        // A closed day younger than the legal minimum is refused, whatever its lines.
        let yesterday = ChinaDay(Date()).adding(-1)
        _ = try await database.integrity.closeDays(through: yesterday, at: Date())
        await #expect(throws: (any Error).self) { _ = try await database.integrity.purgeAudit(through: yesterday, at: Date()) }
        #expect(try await database.integrity.verify(from: nil).problems == [])

        // A line slipped into a purged day, and day 1's lines deleted with a purge row written by hand (no attesting line).
        try await run(
            database,
            "INSERT INTO audit_log (at, actor, action, subject, address, detail, day, prev_hash, hash) VALUES (\(StoreTimeMilliseconds.of(day0.at(9 * 3600))), 'x', 'user.add', 'late', '-', '', '\(day0)', '', 'h')"
        )
        try await run(database, "DELETE FROM audit_log WHERE day = '\(day1)'")
        try await run(database, "INSERT INTO audit_purges (through_day, lines, purged_at) VALUES ('\(day1)', 2, 0)")
        let forged = try await database.integrity.verify(from: nil)
        #expect(forged.problems.map(\.kind) == [.deleted, .altered, .inserted], "\(forged.problems)")
        #expect(forged.problems.first?.record == "audit lines through \(day1)")
        #expect(forged.problems.last?.record == "day \(day0)")
    }

    // MARK: - Direct SQL, as someone with database access would write it

    /// Drops the append-only triggers first, as an insider with the owner's rights could.
    static func unprotect(_ database: MashangDatabase) async throws {
        let statements =
            database.backend.flavor == .sqlite
            ? ["audit_log_no_update", "audit_log_kept", "day_digests_no_update", "day_digests_kept"].map { "DROP TRIGGER \($0)" }
            : [
                "DROP TRIGGER audit_log_append_only ON audit_log", "DROP TRIGGER audit_log_no_truncate ON audit_log",
                "DROP TRIGGER day_digests_append_only ON day_digests",
            ]
        for statement in statements { try await run(database, statement) }
    }

    static func run(_ database: MashangDatabase, _ sql: String) async throws {
        try await database.backend.write { db in try await db.raw(SQLQueryString(sql)).run() }
    }

    static func id(_ number: String, _ database: MashangDatabase) async throws -> Int64 {
        try await database.backend.read { db in
            try await db.raw("SELECT id FROM tickets WHERE number = \(bind: number)").first()!.decode(column: "id", as: Int64.self)
        }
    }

    /// Appends an event to a ticket's chain the way the documented algorithm says, as an insider could.
    static func insertEvent(_ database: MashangDatabase, _ number: String, bumpVersion: Bool) async throws {
        let id = try await id(number, database)
        let head = try await database.integrity.verifyTicket(number: number)!.head
        let payload = #"{"type":"acknowledged"}"#
        let at = StoreTimeMilliseconds.of(day1.at(15 * 3600))
        let digest = ChainHash.content(payload)
        let hash = ChainHash.event(
            prev: head, number: number, sequence: 2, type: "acknowledged", actor: "gh", actorOrg: "guanghua-street", occurredAt: at,
            contentDigest: digest)
        try await database.backend.write { db in
            try await db.raw(
                """
                INSERT INTO ticket_events (ticket_id, sequence, type, actor, actor_org, occurred_at, payload, content_digest, prev_hash, hash)
                VALUES (\(bind: id), 2, 'acknowledged', 'gh', 'guanghua-street', \(bind: at), \(bind: payload), \(bind: digest),
                        \(bind: head), \(bind: hash))
                """
            ).run()
            if bumpVersion { try await db.raw("UPDATE tickets SET version = 2 WHERE id = \(bind: id)").run() }
        }
    }

    /// Recomputes a ticket's whole chain over its rows as they now stand.
    static func rechain(_ database: MashangDatabase, ticketID: Int64, number: String) async throws {
        try await database.backend.write { db in
            var previous = ""
            for row in try await db.raw(
                "SELECT sequence, type, actor, actor_org, occurred_at, payload FROM ticket_events WHERE ticket_id = \(bind: ticketID) ORDER BY sequence"
            ).all() {
                let sequence = try row.decode(column: "sequence", as: Int.self)
                let digest = ChainHash.content(try row.decode(column: "payload", as: String.self))
                let hash = ChainHash.event(
                    prev: previous, number: number, sequence: sequence, type: try row.decode(column: "type", as: String.self),
                    actor: try row.decode(column: "actor", as: String.self),
                    actorOrg: try row.decode(column: "actor_org", as: String?.self),
                    occurredAt: try row.decode(column: "occurred_at", as: Int64.self), contentDigest: digest)
                try await db.raw(
                    """
                    UPDATE ticket_events SET content_digest = \(bind: digest), prev_hash = \(bind: previous), hash = \(bind: hash)
                    WHERE ticket_id = \(bind: ticketID) AND sequence = \(bind: sequence)
                    """
                ).run()
                previous = hash
            }
        }
    }
}

/// Stored times are milliseconds since 1970.
enum StoreTimeMilliseconds {
    static func of(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
}
