import Foundation
import MashangTesting
import SQLKit
import Testing

@testable import MashangStore

/// Every SQLite connection of a server keeps to its page-cache budget and maps none of the file, so the server's
/// resident size stays bounded however large the database grows.
struct SQLiteMemoryTests {
    @Test func everyConnectionKeepsToItsBudget() async throws {
        try await TestDatabases.withSQLite { database in
            let settings: @Sendable (any SQLDatabase) async throws -> [Int] = { db in
                var values: [Int] = []
                for pragma in ["cache_size", "mmap_size"] {
                    let row = try await db.raw("PRAGMA \(unsafeRaw: pragma)").first()
                    values.append(try row?.decode(column: pragma, as: Int.self) ?? .min)
                }
                return values
            }
            let writer = try await database.backend.write(settings)
            let reader = try await database.backend.read(settings)
            let inline = try await database.backend.lookup(settings)
            #expect(writer == [-32_768, 0])
            #expect(reader == [-16_384, 0])
            #expect(inline == [-16_384, 0])
        }
    }
}
