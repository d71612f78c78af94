import Foundation
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// `mashang verify` and the offline check of an export (`scripts/verify-export.py`), run as an operator and another
/// organisation would run them.
struct VerifyCommandTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/verify-export.py").path

    static func python(_ arguments: [String]) throws -> ChildProcess.Result {
        try ChildProcess.run("/usr/bin/env", ["python3", script] + arguments, environment: ProcessInfo.processInfo.environment, input: nil)
    }

    @Test func verifyNamesTheChangedRecordAndAnExportChecksOffline() async throws {
        try await CommandLineTests.withDataDirectory { directory in
            let database = try await CommandLineTests.prepare(directory)
            let end = Date(timeIntervalSince1970: 1_772_416_800)
            let tickets = try CommandLineTests.demoTickets(count: 30, seed: 5, days: 20, end: end)
            try await database.tickets.importTickets(tickets)
            for day in 0..<3 {
                try await database.audit.append(
                    AuditEntry(
                        at: end.addingTimeInterval(Double(day - 3) * 86_400), actor: "admin", organization: "joint", action: "user.add",
                        subject: "u\(day)", address: "127.0.0.1"))
            }
            _ = try await database.integrity.closeDays(through: ChinaDay(end).adding(-1), at: end)
            let long = try #require(tickets.max { $0.events.count < $1.events.count })
            let head = try #require(try await database.integrity.verifyTicket(number: long.state.number)).head
            // A requester anonymised (retention): the chain verifies, online and offline, by its attesting event.
            let anonymised = try #require(
                tickets.first { $0.state.closedAt != nil && $0.state.number != long.state.number && $0.state.requester.phone != nil })
            #expect(
                try await database.tickets.anonymiseRequester(
                    number: anonymised.state.number, reason: .retention, note: nil,
                    by: EventActor(username: "system:retention", organization: nil), at: end) != nil)
            try await database.close()

            let intact = try CommandLineTests.mashang(["verify", "--data", directory])
            #expect(intact.status == 0, "\(intact.output)")
            #expect(intact.output.contains("checked 30 tickets"))
            #expect(intact.output.contains("intact"))
            #expect(try CommandLineTests.mashang(["verify", "--data", directory, "--from", "2026-02-30"]).status != 0)

            let out = directory + "/out"
            #expect(try CommandLineTests.mashang(["export", "--what", "all", "--output", out, "--data", directory]).status == 0)
            let offline = try Self.python([out + "/tickets.jsonl", out + "/audit.jsonl", "--heads"])
            #expect(offline.status == 0, "\(offline.output)")
            #expect(offline.output.contains("\(long.state.number)\t\(long.events.count)\t\(head)"))
            #expect(offline.output.contains("and 3 audit lines"))
            // The copy altered: the offline check names the record.
            var lines = try String(contentsOfFile: out + "/tickets.jsonl", encoding: .utf8).split(separator: "\n").map(String.init)
            let erasedIndex = try #require(lines.firstIndex { $0.contains("\"number\":\"\(anonymised.state.number)\"") })
            var erased = try #require(try JSONSerialization.jsonObject(with: Data(lines[erasedIndex].utf8)) as? [String: Any])
            var erasedChain = try #require(erased["chain"] as? [[String: Any]])
            #expect(erasedChain.last?["type"] as? String == "requesterAnonymised")
            erasedChain[0]["payload"] = (erasedChain[0]["payload"] as? String ?? "").replacingOccurrences(
                of: #""requester":{}"#, with: #""requester":{"name":"王华"}"#)
            erased["chain"] = erasedChain
            var contactBack = lines
            contactBack[erasedIndex] = String(decoding: try JSONSerialization.data(withJSONObject: erased), as: UTF8.self)
            try (contactBack.joined(separator: "\n") + "\n").write(toFile: out + "/contact.jsonl", atomically: true, encoding: .utf8)
            let contact = try Self.python([out + "/contact.jsonl"])
            #expect(contact.status == 1)
            #expect(contact.output.contains("altered: ticket \(anonymised.state.number) event 1"), "\(contact.output)")
            let index = try #require(lines.firstIndex { $0.contains("\"number\":\"\(long.state.number)\"") })
            var record = try #require(try JSONSerialization.jsonObject(with: Data(lines[index].utf8)) as? [String: Any])
            var chain = try #require(record["chain"] as? [[String: Any]])
            chain[1]["actor"] = "someone-else"
            record["chain"] = chain
            lines[index] = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
            try (lines.joined(separator: "\n") + "\n").write(toFile: out + "/altered.jsonl", atomically: true, encoding: .utf8)
            let altered = try Self.python([out + "/altered.jsonl"])
            #expect(altered.status == 1)
            #expect(altered.output.contains("altered: ticket \(long.state.number) event 2"), "\(altered.output)")

            // The database altered behind the application's back: verify exits 1 naming the event.
            let reopened = try await CommandLineTests.open(directory)
            try await reopened.backend.write { db in
                try await db.raw(
                    """
                    UPDATE ticket_events SET actor = 'someone-else'
                    WHERE sequence = 2 AND ticket_id = (SELECT id FROM tickets WHERE number = \(bind: long.state.number))
                    """
                ).run()
            }
            try await reopened.close()
            let changed = try CommandLineTests.mashang(["verify", "--data", directory])
            #expect(changed.status == 1)
            #expect(changed.output.contains("altered: ticket \(long.state.number) event 2"), "\(changed.output)")
        }
    }
}
