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
            #expect(staff.contains("转办告知 · 短信：未发送：未配置该发送通道"))
        }
    }
}

/// The administrators' list of messages to requesters and its resend button.
struct MessagesAdminTests {
    @Test func aFailedMessageIsSentAgainAndOneWithoutConsentCannotBe() async throws {
        try await WebHarness.run { web in
            let agreed = try #require(
                try await web.page(.post, "/m/jiangzuan-gate", form: PublicPagesTests.leak + [("smsConsent", "1")]).text(
                    id: "ticket-number"))
            let refused = try #require(
                try await web.page(
                    .post, "/m/jiangzuan-gate", form: PublicPagesTests.leak.map { ($0.0, $0.0 == "description" ? "路灯坏了" : $0.1) }
                )
                .text(id: "ticket-number"))
            let failed = try #require(try await web.database.outbox.messages(ofTicket: agreed).first)
            try await web.database.outbox.markFailed(failed.id, error: "gateway said 503", retryAt: nil)
            let withheld = try #require(try await web.database.outbox.messages(ofTicket: refused).first)

            let admin = try await web.signIn("joint.admin")
            let page = try await web.page(.get, "/staff/admin/messages?status=dead", cookie: admin)
            #expect(page.status == .ok && page.contains("gateway said 503") && page.contains("/staff/admin/messages/\(failed.id)/resend"))
            #expect(!page.contains("message-\(withheld.id)\""))
            let all = try await web.page(.get, "/staff/admin/messages", cookie: admin)
            #expect(all.contains("未发送：诉求人未同意短信或微信通知") && !all.contains("/staff/admin/messages/\(withheld.id)/resend"))
            let csrf = try #require(all.csrf)

            let resent = try await web.page(.post, "/staff/admin/messages/\(failed.id)/resend", form: [("_csrf", csrf)], cookie: admin)
            #expect(resent.status == .seeOther)
            #expect(try await web.database.outbox.messages(ofTicket: agreed).first?.status == .pending)
            #expect(
                try await web.database.audit.entries(matching: AuditQuery(action: "message.resend", limit: 5)).map(\.detail) == [
                    String(failed.id)
                ])
            let refusedResend = try await web.page(
                .post, "/staff/admin/messages/\(withheld.id)/resend", form: [("_csrf", csrf)], cookie: admin)
            #expect(refusedResend.status == .conflict && refusedResend.contains("这条消息不能重发"))
            #expect(try await web.database.outbox.messages(ofTicket: refused).first?.status == .withheld)

            // Only the joint centre's administrators: a supervisor is refused, and a form without its token changes nothing.
            let supervisor = try await web.signIn("joint.supervisor")
            #expect(try await web.page(.get, "/staff/admin/messages", cookie: supervisor).status == .forbidden)
            try await web.database.outbox.markFailed(failed.id, error: "again", retryAt: nil)
            #expect(try await web.page(.post, "/staff/admin/messages/\(failed.id)/resend", form: [], cookie: admin).status == .forbidden)
            #expect(try await web.database.outbox.messages(ofTicket: agreed).first?.status == .dead)
        }
    }
}
