import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// When the disk is full (here: SQLite's page limit, the same SQLITE_FULL a full disk gives), a request is refused
/// with 503 and `Retry-After` in the user's language, nothing is half-written, and everything works again once
/// there is space.
struct StorageFailureTests {
    static func setPageLimit(_ database: MashangDatabase, extra: Int?) async throws {
        try await database.backend.write { sql in
            let pages = try await sql.raw("PRAGMA page_count").first()!.decode(column: "page_count", as: Int.self)
            try await sql.raw("PRAGMA max_page_count = \(unsafeRaw: String(extra.map { pages + $0 } ?? 1_073_741_823))").run()
        }
    }

    /// SQLite's own page limit: on SQLite whichever database the rest of the web suite runs on.
    @Test func aFullDiskRefusesWithRetryAfterWritesNothingAndRecovers() async throws {
        try await WebHarness.run(postgres: false) { web in
            #expect(try await web.submitLeak().status == .created)
            try await Self.setPageLimit(web.database, extra: 0)
            var bigger = 0
            for index in 0..<40 {
                // Each request carries enough text to need new pages.
                let response = try await web.request(
                    .post, "/api/v1/intake",
                    body: [
                        "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak",
                        "description": String(repeating: "屋顶漏水严重", count: 300),
                        "requester": ["name": "王华", "phone": "1381234\(String(format: "%04d", index))"],
                    ])
                if response.status == .serviceUnavailable {
                    #expect(response.headers[.retryAfter] == "5")
                    #expect(response.errorMessage == "服务暂时不可用，请稍后再试。")
                    bigger += 1
                    break
                }
                #expect(response.status == .created)
            }
            #expect(bigger == 1, "the page limit was never reached")
            let before = try await web.database.tickets.tickets(matching: TicketQuery()).total
            let english = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak",
                    "description": String(repeating: "漏水", count: 900), "requester": ["name": "王华", "phone": "13912345678"],
                ], language: "en")
            #expect(
                english.status == .serviceUnavailable
                    && english.errorMessage == "The service is unavailable for the moment. Please try again later.")
            #expect(try await web.database.tickets.tickets(matching: TicketQuery()).total == before)
            // Reads go on while writes cannot.
            #expect(try await web.request(.get, "/api/v1/tickets?pageSize=5", token: try await web.token("joint.dispatcher")).status == .ok)

            try await Self.setPageLimit(web.database, extra: nil)
            #expect(try await web.submitLeak().status == .created)
            #expect(try await web.database.tickets.tickets(matching: TicketQuery()).total == before + 1)
        }
    }
}
