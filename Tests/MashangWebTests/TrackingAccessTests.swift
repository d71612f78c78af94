import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// `/track` and its rating: only the requester (who holds the tracking code) rates, guesses are limited per address
/// and per ticket, and every failed attempt on a ticket is an audit line.
struct TrackingAccessTests {
    /// A leak reported by QR and answered by the government; returns the number and the tracking code.
    private func answeredLeak(_ web: WebClient) async throws -> (number: String, code: String) {
        let receipt = try await web.page(.post, "/m/jiangzuan-gate", form: PublicPagesTests.leak)
        let number = try #require(receipt.text(id: "ticket-number")), code = try #require(receipt.text(id: "tracking-code"))
        let joint = try await web.token("joint.dispatcher"), government = try await web.token("gh.dispatcher")
        _ = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint)
        _ = try await web.act(number, "acknowledge", as: government)
        _ = try await web.act(number, "reply", ["text": "已安排维修队更换防水层", "contactMethod": "phone"], as: government)
        return (number, code)
    }

    private func failures(_ web: WebClient, _ number: String) async throws -> [AuditEntry] {
        try await web.database.audit.entries(matching: AuditQuery(action: "track.failed")).filter { $0.subject == number }
    }

    @Test func thePhonesLastDigitsShowTheProgressButOnlyTheTrackingCodeRates() async throws {
        try await WebHarness.run { web in
            let (number, code) = try await answeredLeak(web)
            let byPhone = try await web.page(.post, "/track", form: [("number", number), ("code", "5678")])
            #expect(byPhone.text(id: "status") == "已答复")
            #expect(!byPhone.contains(#"action="/track/rate""#))
            #expect(byPhone.text(id: "rate-needs-code")?.contains("查询码") == true)

            // A rating sent with the phone's digits is refused like a wrong code, changes nothing and is audited.
            let forged = try await web.page(
                .post, "/track/rate", form: [("number", number), ("code", "5678"), ("satisfaction", "satisfied")])
            #expect(forged.status == .notFound)
            #expect(try await web.database.tickets.ticket(number: number)?.state.status == .replied)
            #expect(try await failures(web, number).map(\.detail) == ["rate"])

            let byCode = try await web.page(.post, "/track", form: [("number", number), ("code", code.lowercased())])
            #expect(byCode.contains(#"action="/track/rate""#) && byCode.text(id: "rate-needs-code") == nil)
            let rated = try await web.page(.post, "/track/rate", form: [("number", number), ("code", code), ("satisfaction", "satisfied")])
            #expect(rated.text(id: "status") == "已办结")
            #expect(try await web.database.tickets.ticket(number: number)?.state.followUps.last?.selfRecorded == false)
        }
    }

    @Test func guessesOnOneTicketAreLimitedAndAuditedButItsCodeStillOpensIt() async throws {
        try await WebHarness.run { web in
            let (number, code) = try await answeredLeak(web)
            for guess in ["0000", "1111", "2222", "3333", "4444"] {
                #expect(try await web.page(.post, "/track", form: [("number", number), ("code", guess)]).status == .notFound)
            }
            // Past five failures even the right four digits are refused, in the reader's language.
            let blocked = try await web.page(.post, "/track", form: [("number", number), ("code", "5678")])
            #expect(blocked.status == .tooManyRequests)
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(blocked.contains("操作太频繁"))
            let english = try await web.page(.post, "/track", form: [("number", number), ("code", "5678")], language: "en")
            #expect(english.status == .tooManyRequests && english.contains("Too many attempts"))
            #expect(try await web.page(.post, "/track", form: [("number", number), ("code", code)]).text(id: "status") == "已答复")
            let lines = try await failures(web, number)
            #expect(lines.count == 7)
            #expect(lines.filter { $0.detail == "lookup-blocked" }.count == 2)
            #expect(lines.allSatisfy { $0.actor == "public" && !$0.address.isEmpty })
        }
    }

    @Test func anAddressThatKeepsGuessingIsStopped() async throws {
        try await WebHarness.run { web in
            let (number, code) = try await answeredLeak(web)
            for index in 1...10 {
                let missing = try await web.page(
                    .post, "/track", form: [("number", String(format: "MS-2026-%06d", 900 + index)), ("code", "ABCDEFGH")])
                #expect(missing.status == .notFound)
            }
            let stopped = try await web.page(.post, "/track", form: [("number", number), ("code", code)])
            #expect(stopped.status == .tooManyRequests)
            #expect(stopped.headers[.retryAfter] != nil)
            let rating = try await web.page(
                .post, "/track/rate", form: [("number", number), ("code", code), ("satisfaction", "satisfied")])
            #expect(rating.status == .tooManyRequests)
            #expect(try await web.database.tickets.ticket(number: number)?.state.status == .replied)
        }
    }

    @Test func aMergedRequesterIsToldTheAnswerAndRatesIt() async throws {
        try await WebHarness.run { web in
            let first = try await web.page(.post, "/m/jiangzuan-gate", form: PublicPagesTests.leak)
            let second = try await web.page(
                .post, "/m/jiangzuan-school",
                form: [
                    ("category", "housing.leak"), ("kind", "complaint"),
                    ("description", "五栋屋顶也漏水"), ("name", "李梅"), ("phone", "13900001111"),
                ])
            let main = try #require(first.text(id: "ticket-number"))
            let merged = try #require(second.text(id: "ticket-number")), code = try #require(second.text(id: "tracking-code"))
            let joint = try await web.token("joint.dispatcher"), government = try await web.token("gh.dispatcher")
            #expect(try await web.act(merged, "merge", ["into": main], as: joint).status == .ok)
            _ = try await web.act(main, "dispatch", ["organization": "guanghua-street"], as: joint)
            _ = try await web.act(main, "acknowledge", as: government)
            _ = try await web.act(main, "reply", ["text": "已统一更换两栋楼的防水层", "contactMethod": "visit"], as: government)

            let status = try await web.page(.post, "/track", form: [("number", merged), ("code", code)])
            #expect(status.text(id: "status") == "已答复")
            #expect(status.contains("与 \(main) 合并办理，一并答复") && status.contains("已统一更换两栋楼的防水层"))
            #expect(status.contains(#"action="/track/rate""#))
            let rated = try await web.page(.post, "/track/rate", form: [("number", merged), ("code", code), ("satisfaction", "satisfied")])
            #expect(rated.text(id: "status") == "已办结")
        }
    }
}
