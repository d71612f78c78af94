import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// 计时中止 through the API, the pages and the sweeper: the unit asks, the joint centre's supervisor decides, the limits
/// stand still, the requester sees the category (never the note), and the sweeper resumes the clock on its day.
struct PauseFlowTests {
    @Test func aPausedClockFromRequestToResumption() async throws {
        let clock = MovableClock()  // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            #expect(
                try await web.act(
                    number, "dispatch", ["organization": "guanghua-street", "department": "gh-construction"],
                    as: try await web.token("joint.dispatcher")
                ).status == .ok)
            let government = try await web.token("gh.dispatcher")
            #expect(try await web.act(number, "acknowledge", as: government).status == .ok)
            // Signed for Monday 10:00: resolve due five working days later, Monday 03-09 17:30.
            func resolveDue(_ ticket: JSONResponse) -> String? {
                (ticket["deadlines"] as? [[String: Any]])?.first { $0["kind"] as? String == "resolve" }?["due"] as? String
            }
            let before = try await web.request(.get, "/api/v1/tickets/\(number)", token: government)
            #expect(resolveDue(before) == "2026-03-09T09:30:00Z")

            // Bad input first: each refused with its field named, nothing written.
            let untouched = try await web.act(number, "request-pause", [:], as: government)
            #expect(untouched.status == .unprocessableContent)
            let named = Set(untouched.errorFields.compactMap { $0["field"] })
            #expect(named == ["reason", "resumeOn"], "\(untouched.json)")
            let tooFar = try await web.act(
                number, "request-pause", ["reason": "appraisal", "resumeOn": "2026-06-30", "note": "等待鉴定"], as: government)
            #expect(
                tooFar.status == .unprocessableContent && tooFar.errorFields.contains { $0["message"]?.contains("最多中止 60 天") == true },
                "\(tooFar.json)")
            #expect(
                try await web.request(.get, "/api/v1/tickets/\(number)", token: government)["version"] as? Int == before["version"] as? Int)

            clock.advance(24 * 3600)  // Tuesday 10:00
            let asked = try await web.act(
                number, "request-pause", ["reason": "appraisal", "resumeOn": "2026-03-09", "note": "等待房屋安全鉴定（鉴定机构：某某公司）"],
                as: try await web.token("gh.dispatcher"))
            #expect(asked.status == .ok, "\(asked.json)")
            #expect((asked["pendingPause"] as? [String: Any])?["reason"] as? String == "appraisal")
            // The unit's own supervisor may not approve; the joint centre's may, and a refusal would need a note.
            #expect(
                try await web.act(number, "decide-pause", ["approve": true], as: try await web.token("gh.supervisor")).status == .forbidden)
            let jointSupervisor = try await web.token("joint.supervisor")
            #expect(try await web.act(number, "decide-pause", ["approve": false], as: jointSupervisor).status == .unprocessableContent)
            clock.advance(3600)  // Tuesday 11:00
            let approved = try await web.act(number, "decide-pause", ["approve": true], as: jointSupervisor)
            #expect(approved.status == .ok)
            #expect((approved["pause"] as? [String: Any])?["resumeOn"] as? String == "2026-03-09")
            // Paused Tuesday 11:00 with 4.5 + 3 × 7 + 7 = 32.5 working hours left; from Monday 03-09 00:00 that runs
            // through Thursday 03-12 and 4.5 hours on Friday 03-13: due Friday 15:00.
            #expect(resolveDue(approved) == "2026-03-13T07:00:00Z")
            let extending = try await web.act(
                number, "request-extension", ["deadline": "resolve", "until": "2026-03-20", "reason": "再延"],
                as: try await web.token("gh.dispatcher"))
            #expect(extending.status == .conflict && extending.errorMessage == "该工单已中止计时，请先恢复计时。", "\(extending.json)")

            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("gh.dispatcher"))
            #expect(page.text(id: "pause-notice")?.contains("等待第三方鉴定评估") == true)
            #expect(page.contains("同意中止计时（等待第三方鉴定评估），最迟 2026-03-09 恢复") && page.contains("恢复计时"))
            let track = try await web.page(.post, "/track", form: [("number", number), ("code", "5678")])
            #expect(track.contains("暂停计时：等待第三方鉴定评估，最迟 2026-03-09 恢复办理"))
            #expect(!track.contains("某某公司"))

            // No warning while paused; on the expected day the sweeper resumes the clock, once.
            let dependencies = try await AppDependencies.load(stores: web.database.stores, clock: { clock.now })
            let sweeper = DeadlineSweeper(dependencies: dependencies)
            clock.advance(5 * 86_400)  // Sunday 03-08 11:00
            _ = try await sweeper.sweepOnce()
            var ticket = try #require(try await web.database.tickets.ticket(number: number))
            #expect(ticket.state.pause != nil)
            #expect(!ticket.events.contains { if case .deadlineWarned = $0.change { true } else { false } })
            clock.advance(14 * 3600)  // Monday 03-09 01:00
            _ = try await sweeper.sweepOnce()
            _ = try await sweeper.sweepOnce()
            ticket = try #require(try await web.database.tickets.ticket(number: number))
            #expect(ticket.state.pause == nil)
            #expect(ticket.events.filter { if case .resumed(let r) = $0.change { r.cause == .scheduled } else { false } }.count == 1)
            // The requester was told of both, in the order they happened.
            let told = try await web.database.outbox.messages(ofTicket: number).map(\.message.purpose)
            #expect(told.filter { $0 == .paused || $0 == .resumed } == [.paused, .resumed])
        }
    }
}
