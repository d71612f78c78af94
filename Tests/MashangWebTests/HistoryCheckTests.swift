import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// The ticket page recomputes the ticket's hash chain: "history verified" while it holds, and the changed record,
/// in the reader's language, once someone has altered the stored history.
struct HistoryCheckTests {
    @Test func theTicketPageStatesWhetherItsHistoryIsUnchanged() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let cookie = try await web.signIn("joint.dispatcher")
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: cookie)
            let check = try #require(page.text(id: "history-check"))
            #expect(check.hasPrefix("历史记录已校验：1 条记录的哈希链完整"), "\(check)")
            let head = try #require(try await web.database.integrity.verifyTicket(number: number)).head
            #expect(check.contains(String(head.prefix(12))))
            #expect(page.contains("title=\"\(head)\""))

            try await web.database.backend.write { db in
                try await db.raw(
                    """
                    UPDATE ticket_events SET occurred_at = occurred_at - 86400000
                    WHERE sequence = 1 AND ticket_id = (SELECT id FROM tickets WHERE number = \(bind: number))
                    """
                ).run()
            }
            let altered = try #require(try await web.page(.get, "/staff/tickets/\(number)", cookie: cookie).text(id: "history-check"))
            #expect(altered.hasPrefix("历史记录校验未通过：altered: ticket \(number) event 1"), "\(altered)")
            let english = try #require(
                try await web.page(.get, "/staff/tickets/\(number)", language: "en", cookie: cookie).text(id: "history-check"))
            #expect(english.hasPrefix("History check failed: altered: ticket \(number) event 1"), "\(english)")
        }
    }
}
