import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// Notifications reach the people whose role a ticket's events concern, are counted unread on every page, and are
/// marked read per user.
struct InboxTests {
    @Test func aDispatchReachesTheOrganisationsCoordinatorsAndTheDepartment() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            #expect(
                try await web.act(
                    number, "dispatch", ["organization": "guanghua-street", "department": "gh-construction"],
                    as: try await web.token("joint.dispatcher")
                ).status == .ok)
            let dispatcher = try await web.signIn("gh.dispatcher")
            let desk = try await web.page(.get, "/staff", cookie: dispatcher)
            #expect(desk.text(id: "unread-count") == "1")
            let inbox = try await web.page(.get, "/staff/inbox", cookie: dispatcher)
            #expect(inbox.contains("新派单：\(number) 派给广华街道办事处"))
            // Not for an organisation that is not involved.
            let outsider = try await web.page(.get, "/staff/inbox", cookie: try await web.signIn("jh.dispatcher"))
            #expect(outsider.text(id: "inbox-empty") == "暂无通知。")
            #expect(outsider.text(id: "unread-count") == nil)

            // The department's handler through the API; reading marks only that user's copy.
            let handler = try await web.token("gh.handler")
            var list = try await web.request(.get, "/api/v1/notifications", token: handler)
            #expect(list["unread"] as? Int == 1)
            let id = try #require((list["items"] as? [[String: Any]])?.first?["id"] as? Int)
            // Someone outside the audience cannot mark it.
            #expect(
                try await web.request(.post, "/api/v1/notifications/read", body: ["ids": [id]], token: try await web.token("jh.dispatcher"))
                    .status == .noContent)
            #expect(try await web.request(.get, "/api/v1/notifications", token: handler)["unread"] as? Int == 1)
            #expect(try await web.request(.post, "/api/v1/notifications/read", body: ["ids": [id]], token: handler).status == .noContent)
            list = try await web.request(.get, "/api/v1/notifications", token: handler)
            #expect(list["unread"] as? Int == 0)
            #expect((list["items"] as? [[String: Any]])?.first?["read"] as? Bool == true)
            #expect(try await web.page(.get, "/staff", cookie: dispatcher).text(id: "unread-count") == "1")

            // The page's "mark all read" (with CSRF).
            let csrf = try #require(inbox.csrf)
            #expect(
                try await web.page(.post, "/staff/inbox/read", form: [("_csrf", csrf), ("ids", String(id))], cookie: dispatcher).status
                    == .seeOther)
            #expect(try await web.page(.get, "/staff", cookie: dispatcher).text(id: "unread-count") == nil)
        }
    }

    @Test func aMissedLimitSendsASupervisionNoticeToTheJointCentresSupervisors() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            #expect(
                try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: try await web.token("joint.dispatcher"))
                    .status == .ok)
            clock.advance(3 * 86_400)
            _ = try await DeadlineSweeper(dependencies: try await AppDependencies.load(stores: web.database.stores, clock: { clock.now }))
                .sweepOnce()
            let supervisor = try await web.request(.get, "/api/v1/notifications", token: try await web.token("joint.supervisor"))
            let texts = (supervisor["items"] as? [[String: Any]])?.compactMap { $0["text"] as? String } ?? []
            #expect(texts == ["督办单：\(number) 签收已超期（广华街道办事处）"])
            let government = try await web.request(.get, "/api/v1/notifications", token: try await web.token("gh.supervisor"))
            #expect((government["items"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["overdue", "dispatched"])
        }
    }
}
