import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// What a requester is told before giving their name and phone (PIPL arts. 14 and 17) is a versioned notice: the form
/// links to it and sends its version back, the request keeps the version with its SMS consent, the staff page shows
/// both, and API clients may state the version they showed — only one the server knows.
struct PrivacyNoticeTests {
    @Test func theNoticeIsPublicVersionedAndSaysHowLongContactsAreKept() async throws {
        var configuration = AppConfiguration()
        configuration.contactRetentionYears = 5
        try await WebHarness.run(configuration: configuration) { web in
            let chinese = try await web.page(.get, "/privacy")
            #expect(chinese.status == .ok && chinese.text(id: "notice-version") == "版本 \(PrivacyNotice.current)")
            #expect(chinese.contains("诉求办结满 5 年后") && chinese.contains("查阅、复制、更正或删除"))
            let english = try await web.page(.get, "/privacy", language: "en")
            #expect(english.contains("5 years after your request is closed") && english.contains("Version \(PrivacyNotice.current)"))
        }
    }

    @Test func theFormRecordsTheNoticeItShowedAndTheStaffPageShowsIt() async throws {
        try await WebHarness.run { web in
            let form = try await web.page(.get, "/m/jiangzuan-gate")
            #expect(form.contains("name=\"privacyNotice\" value=\"\(PrivacyNotice.current)\"") && form.contains("href=\"/privacy\""))
            let receipt = try await web.page(
                .post, "/m/jiangzuan-gate",
                form: PublicPagesTests.leak + [("smsConsent", "1"), ("privacyNotice", PrivacyNotice.current)])
            let number = try #require(receipt.text(id: "ticket-number"))
            let ticket = try #require(try await web.database.tickets.ticket(number: number))
            guard case .created(let created) = ticket.events.first?.change else {
                Issue.record("no creation event")
                return
            }
            #expect(created.draft.privacyNotice == PrivacyNotice.current && created.draft.contactConsent?.sms == true)
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.dispatcher"))
            #expect(
                page.text(id: "consent")
                    == "已告知个人信息处理规则（\(PrivacyNotice.current)） · 同意短信通知（\(ContactConsent.currentText)）")
            // A form from before the notice was versioned records none, and the page says nothing it does not know.
            let older = try await web.page(
                .post, "/m/jiangzuan-gate", form: [("description", "楼道灯坏了一个月")] + PublicPagesTests.leak.filter { $0.0 != "description" })
            let olderNumber = try #require(older.text(id: "ticket-number"))
            let olderPage = try await web.page(.get, "/staff/tickets/\(olderNumber)", cookie: try await web.signIn("joint.dispatcher"))
            #expect(olderPage.text(id: "consent") == "未同意短信通知（\(ContactConsent.currentText)）")
        }
    }

    @Test func anAPIClientMayStateAKnownVersionOnly() async throws {
        try await WebHarness.run { web in
            var body: [String: Any] = [
                "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak",
                "description": "三栋顶楼屋顶漏水，雨天滴水严重", "requester": ["name": "王华", "phone": "13812345678"],
                "privacyNotice": "2020-01-privacy-0",
            ]
            let refused = try await web.request(.post, "/api/v1/intake", body: body)
            #expect(refused.status == .unprocessableContent)
            let problem = (refused.json["error"] as? [String: Any])?["fields"] as? [[String: Any]]
            #expect(problem?.first?["field"] as? String == "privacyNotice")
            #expect(problem?.first?["message"] as? String == "“个人信息处理规则版本”格式不正确。")
            body["privacyNotice"] = PrivacyNotice.current
            let made = try await web.request(.post, "/api/v1/intake", body: body)
            #expect(made.status == .created)
            let ticket = try #require(try await web.database.tickets.ticket(number: made["number"] as? String ?? ""))
            guard case .created(let created) = ticket.events.first?.change else { return }
            #expect(created.draft.privacyNotice == PrivacyNotice.current)
        }
    }
}
