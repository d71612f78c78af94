import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import Testing

/// 事事有回音 through the pages and the API: consent asked at intake and kept with its text version and language, the
/// public timeline saying that the requester was told (not what, not the number), the staff page saying what was sent
/// and what was not and why.
struct RequesterMessageWebTests {
    @Test func theQRFormRecordsConsentOnlyWhenTicked() async throws {
        try await WebHarness.run { web in
            let agreed = try await web.page(.post, "/m/jiangzuan-gate", form: PublicPagesTests.leak + [("smsConsent", "1")], language: "en")
            let number = try #require(agreed.text(id: "ticket-number"))
            let state = try #require(try await web.database.tickets.ticket(number: number)).state
            #expect(state.contactConsent == ContactConsent(sms: true, textVersion: ContactConsent.currentText, language: "en"))
            #expect(try await web.database.outbox.messages(ofTicket: number).map(\.status) == [.pending])

            let untouched = try await web.page(
                .post, "/m/jiangzuan-gate", form: PublicPagesTests.leak.map { ($0.0, $0.0 == "description" ? "三栋楼道灯坏了" : $0.1) })
            let other = try #require(untouched.text(id: "ticket-number"))
            #expect(try #require(try await web.database.tickets.ticket(number: other)).state.contactConsent?.sms == false)
            #expect(try await web.database.outbox.messages(ofTicket: other).map(\.withheld) == [.noConsent])
            // The form offers the choice, unticked.
            let form = try await web.page(.get, "/m/jiangzuan-gate")
            #expect(form.contains("name=\"smsConsent\" value=\"1\">") && form.contains("同意通过短信接收"))
        }
    }

    @Test func theAPIAndTheStaffDeskRecordConsentAndRefuseAnUnknownLanguage() async throws {
        try await WebHarness.run { web in
            let created = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak", "description": "三栋顶楼屋顶漏水",
                    "requester": ["name": "王华", "phone": "13812345678"], "smsConsent": true, "language": "en",
                ])
            let number = try #require(created["number"] as? String)
            #expect(try #require(try await web.database.tickets.ticket(number: number)).state.contactConsent?.language == "en")
            let refused = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak", "description": "三栋顶楼屋顶漏水",
                    "requester": ["name": "王华", "phone": "13812345678"], "smsConsent": true, "language": "fr",
                ])
            #expect(refused.status == .unprocessableContent)

            // Not asked (Open311 and the API without the field): nil, and no text message goes.
            let unasked = try #require(try await web.submitLeak()["number"] as? String)
            #expect(try #require(try await web.database.tickets.ticket(number: unasked)).state.contactConsent == nil)
            #expect(try await web.database.outbox.messages(ofTicket: unasked).map(\.withheld) == [.noConsent])
        }
    }

    @Test func theTimelineSaysTheRequesterWasToldAndTheStaffPageSaysWhatWasNot() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let receipt = try await web.page(.post, "/m/jiangzuan-gate", form: PublicPagesTests.leak + [("smsConsent", "1")])
            let number = try #require(receipt.text(id: "ticket-number"))
            let code = try #require(receipt.text(id: "tracking-code"))
            let sender = RecordingSender()
            let dependencies = try await AppDependencies.load(stores: web.database.stores, clock: { clock.now })
            try await MessageDispatcher(dependencies: dependencies, senders: [sender], publicURL: "https://mashang.example.cn")
                .deliverOnce()
            #expect(sender.sent.count == 1)

            _ = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: try await web.token("joint.dispatcher"))
            // No channel on this "node": the dispatch message is kept, not sent.
            try await MessageDispatcher(dependencies: dependencies, senders: [], publicURL: "https://mashang.example.cn").deliverOnce()

            let track = try await web.page(.post, "/track", form: [("number", number), ("code", code)])
            #expect(track.contains("已短信告知"))
            #expect(!track.contains("13812345678") && !track.contains("138****5678"))

            let staff = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.dispatcher"))
            #expect(staff.contains("告知诉求人"))
            #expect(staff.contains("受理告知 · 短信：已发送"))
            #expect(staff.contains("转办告知 · 短信：未发送：未配置短信通道"))
        }
    }
}
