import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// A request outside every member's competence, referred by the joint centre through the API and the confirming page:
/// it stays visible, the resident's tracking page says where it went (never the letter), and it is told by message.
struct ReferralWebTests {
    @Test func theJointCentreRefersARequestBeyondTheMechanism() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let body: [String: Any] = [
                "body": "潜江市12345政务服务便民热线", "contact": "12345", "letter": "该事项属市级部门职责（内部意见：不属本中心）",
            ]
            // A member organisation may not; bad input changes nothing.
            #expect(try await web.act(number, "refer", body, as: try await web.token("gh.dispatcher")).status == .notFound)
            let joint = try await web.token("joint.dispatcher")
            let empty = try await web.act(number, "refer", [:], as: joint)
            #expect(empty.status == .unprocessableContent)
            #expect(Set(empty.errorFields.compactMap { $0["field"] }) == ["body", "letter"])

            // Through the page: the confirmation first, then the referral.
            let cookie = try await web.signIn("joint.dispatcher")
            let csrf = try #require(try await web.page(.get, "/staff/tickets/\(number)", cookie: cookie).csrf)
            let form = [("_csrf", csrf), ("body", "潜江市12345政务服务便民热线"), ("contact", "12345"), ("letter", "该事项属市级部门职责（内部意见：不属本中心）")]
            let confirm = try await web.page(.post, "/staff/tickets/\(number)/refer", form: form, cookie: cookie)
            #expect(confirm.status == .ok && confirm.contains("确认转交机制外"))
            #expect(try await web.request(.get, "/api/v1/tickets/\(number)", token: joint)["status"] as? String == "received")
            let done = try await web.page(.post, "/staff/tickets/\(number)/refer", form: form + [("confirm", "yes")], cookie: cookie)
            #expect(done.status == .seeOther)

            let ticket = try await web.request(.get, "/api/v1/tickets/\(number)", token: joint)
            #expect(ticket["status"] as? String == "referred")
            #expect((ticket["referral"] as? [String: Any])?["body"] as? String == "潜江市12345政务服务便民热线")
            // Still listed, under its own status.
            let listed = try await web.request(.get, "/api/v1/tickets?status=referred", token: joint)
            #expect((listed["items"] as? [[String: Any]])?.compactMap { $0["number"] as? String } == [number])
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: cookie)
            #expect(page.text(id: "status") == "已转机制外" && page.contains("内部意见"))

            let track = try await web.page(.post, "/track", form: [("number", number), ("code", "5678")])
            #expect(track.contains("已转交潜江市12345政务服务便民热线办理（联系方式：12345）"))
            #expect(!track.contains("内部意见"))
            let told = try await web.database.outbox.messages(ofTicket: number).map(\.message.purpose)
            #expect(told.contains(.referred))
            // The dashboard's tier table counts it apart: received, never resolved.
            try await web.database.figures.refreshAll()
            let dashboard = try await web.page(
                .get, "/staff/dashboard?from=2026-03-01&to=2026-03-02", cookie: try await web.signIn("joint.leader"))
            #expect(dashboard.contains("另有 1 件转交机制外办理（矛盾上交），不计入解决。"))
        }
    }
}
