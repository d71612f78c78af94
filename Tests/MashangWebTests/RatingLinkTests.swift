import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import Testing

/// The reply's text message carries a one-time link that opens the rating form without the number or the tracking
/// code, rates once, and then (or after 30 days) says it no longer works.
struct RatingLinkTests {
    /// A consenting requester's ticket taken to a reply through the API, and the reply's message sent: its link's token.
    static func repliedWithLink(_ web: WebClient, _ clock: MovableClock, sender: RecordingSender) async throws -> (
        number: String, token: String
    ) {
        let receipt = try await web.page(.post, "/m/jiangzuan-gate", form: PublicPagesTests.leak + [("smsConsent", "1")])
        let number = try #require(receipt.text(id: "ticket-number"))
        let government = try await web.token("gh.dispatcher")
        _ = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: try await web.token("joint.dispatcher"))
        _ = try await web.act(number, "acknowledge", as: government)
        _ = try await web.act(number, "reply", ["text": "已安排维修队更换防水层", "contactMethod": "phone"], as: government)
        let dependencies = try await AppDependencies.load(stores: web.database.stores, clock: { clock.now })
        try await MessageDispatcher(dependencies: dependencies, senders: [sender], publicURL: "https://mashang.example.cn").deliverOnce()
        let reply = try #require(sender.sent.last { $0.purpose == .replied })
        let link = try #require(reply.values["rateURL"])
        #expect(link.hasPrefix("https://mashang.example.cn/r/") && reply.text.contains(link))
        return (number, String(link.dropFirst("https://mashang.example.cn/r/".count)))
    }

    @Test func theLinkOpensTheRatingFormAndRatesOnce() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let (number, token) = try await Self.repliedWithLink(web, clock, sender: RecordingSender())
            let page = try await web.page(.get, "/r/\(token)")
            #expect(page.status == .ok && page.text(id: "status") == "已答复")
            #expect(page.contains("action=\"/r/\(token)\"") && !page.contains("name=\"code\""))
            #expect(page.contains("已安排维修队更换防水层"))

            // Sent untouched: the choice is asked for, nothing changes.
            let untouched = try await web.page(.post, "/r/\(token)", form: [])
            #expect(untouched.status == .unprocessableContent)
            #expect(try #require(try await web.database.tickets.ticket(number: number)).state.status == .replied)

            let rated = try await web.page(.post, "/r/\(token)", form: [("satisfaction", "satisfied")])
            #expect(rated.status == .ok && rated.text(id: "rated") != nil)
            #expect(try #require(try await web.database.tickets.ticket(number: number)).state.status == .closed)

            // Once used, the link says so; a link nobody was sent is not found.
            let again = try await web.page(.get, "/r/\(token)")
            #expect(again.status == .gone && again.contains("评价链接已失效"))
            #expect(try await web.page(.post, "/r/\(token)", form: [("satisfaction", "unsatisfied"), ("reason", "x")]).status == .gone)
            #expect(try await web.page(.get, "/r/0123456789abcdef0123456789abcdef").status == .notFound)
        }
    }

    @Test func aLinkExpiresAfterThirtyDaysAndOnlyTheLastSentWorks() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let (number, token) = try await Self.repliedWithLink(web, clock, sender: RecordingSender())
            // The same reply's message sent again (an administrator's resend) carries a new link; the first stops.
            let reply = try #require(try await web.database.outbox.messages(ofTicket: number).last { $0.message.purpose == .replied })
            let newer = try await RatingLinks.issue(for: reply, in: web.database.outbox, at: clock.now)
            #expect(try await web.page(.get, "/r/\(token)").status == .notFound)
            #expect(try await web.page(.get, "/r/\(newer)").status == .ok)
            clock.advance(RatingLinks.lifetime + 1)
            #expect(try await web.page(.get, "/r/\(newer)").status == .gone)
            // The table holds digests, not working links.
            #expect(try await web.database.outbox.ratingLink(digest: newer) == nil)
            #expect(try await web.database.outbox.ratingLink(digest: RatingLinks.digest(newer))?.ticket == number)
        }
    }
}
