import Foundation
import Logging
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// A backup taken while tickets are being created restores into a fresh directory as a consistent database: every
/// ticket in the copy equals the original with all its events, and everything that existed before the backup began
/// is in it.
struct BackupTests {
    @Test func aBackupTakenUnderLoadRestoresEveryTicketAndEvent() async throws {
        try await TestDatabases.withSQLite { database in
            var generator = DemoTicketGenerator(reference: Fixtures.reference, rules: Fixtures.rules, seed: 7)
            let history = try generator.generate(count: 300, from: Fixtures.now.addingTimeInterval(-90 * 86_400), to: Fixtures.now)
            try await database.tickets.importTickets(history)
            let before = try await database.tickets.tickets(matching: TicketQuery(pageSize: 1)).total
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-backup-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let file = directory + "/copy.sqlite"

            // Tickets keep arriving while the copy is taken.
            let summary = try await withThrowingTaskGroup(of: BackupSummary?.self) { group in
                group.addTask {
                    for index in 0..<60 {
                        _ = try await database.tickets.create(
                            Fixtures.draft(description: "备份期间的诉求第\(index)件"), by: .publicRequester,
                            at: Fixtures.now, idempotencyKey: nil)
                    }
                    return nil
                }
                group.addTask {
                    try await Task.sleep(for: .milliseconds(20))
                    return try await DatabaseBackup.backup(database, to: file)
                }
                var summary: BackupSummary?
                for try await result in group { summary = summary ?? result }
                return try #require(summary)
            }
            #expect(summary.tickets >= before && summary.tickets <= before + 60 && summary.events > 0)
            let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600)
            await #expect(throws: BackupRefused.self) { _ = try await DatabaseBackup.backup(database, to: file) }

            let restoredDirectory = directory + "/restored"
            let restored = try await DatabaseBackup.restore(from: file, into: restoredDirectory, replacing: false)
            #expect(restored.tickets == summary.tickets)
            await #expect(throws: BackupRefused.self) {
                _ = try await DatabaseBackup.restore(from: file, into: restoredDirectory, replacing: false)
            }
            let copy = try await MashangDatabase.open(
                .sqlite(directory: restoredDirectory), cipher: Fixtures.cipher, logger: Logger(label: "test"))
            try await copy.closing { copy in
                let listed = try await copy.tickets.tickets(matching: TicketQuery(pageSize: 200))
                #expect(listed.total == summary.tickets)
                var page = 1, compared = 0
                while true {
                    let items = try await copy.tickets.tickets(matching: TicketQuery(page: page, pageSize: 200)).items
                    if items.isEmpty { break }
                    for item in items {
                        let original = try await database.tickets.ticket(number: item.number)
                        let copied = try await copy.tickets.ticket(number: item.number)
                        #expect(copied != nil && copied == original, "\(item.number) differs")
                        compared += 1
                    }
                    page += 1
                }
                #expect(compared == summary.tickets)
                // Every ticket received before the backup began is in the copy.
                for ticket in history {
                    #expect(try await copy.tickets.ticket(number: ticket.state.number)?.events.count == ticket.events.count)
                }
            }
        }
    }

    @Test func aFileThatIsNotAMashangDatabaseIsNotRestored() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mashang-backup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: directory + "/junk.sqlite"))
        await #expect(throws: BackupRefused.self) {
            _ = try await DatabaseBackup.restore(from: directory + "/junk.sqlite", into: directory + "/data", replacing: false)
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/data/mashang.sqlite"))
        await #expect(throws: BackupRefused.self) {
            _ = try await DatabaseBackup.restore(from: directory + "/missing.sqlite", into: directory + "/data", replacing: false)
        }
    }
}
