import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// 作风监督 through the pages and the API: a send-back the joint centre gives back is a bounce, missed limits are
/// overdue, near-identical replies on three tickets are flagged, every figure has its definition and its tickets.
struct ConductTests {
    @Test func bouncesOverdueLimitsAndBoilerplateRepliesAreCountedWithTheirTickets() async throws {
        let clock = MovableClock()  // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            let joint = try await web.token("joint.dispatcher"), government = try await web.token("gh.dispatcher")
            // A bounce: 光华街道 sends it back, the joint centre's binding decision gives it back.
            let bounced = try #require(try await web.submitLeak()["number"] as? String)
            #expect(try await web.act(bounced, "dispatch", ["organization": "guanghua-street"], as: joint).status == .ok)
            #expect(
                try await web.act(bounced, "send-back", ["reason": "notOurJurisdiction", "note": "不属本街道"], as: government).status == .ok)
            #expect(try await web.act(bounced, "dispatch", ["organization": "jianghan-oilfield"], as: joint).status == .ok)
            #expect(
                try await web.act(
                    bounced, "send-back", ["reason": "notOurJurisdiction", "note": "不属油田"], as: try await web.token("jh.dispatcher")
                ).status == .ok)
            let binding = try await web.act(bounced, "dispatch", ["organization": "guanghua-street"], as: joint)
            #expect(binding.status == .ok)
            // Three tickets answered with the same words, the third signed for a day late.
            var replied: [String] = []
            for index in 0..<3 {
                let number = try #require(try await web.submitLeak()["number"] as? String)
                #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint).status == .ok)
                if index == 2 { clock.advance(2 * 86_400) }
                let signer = try await web.token("gh.dispatcher")  // a fresh token: the clock may have moved past the last one
                #expect(try await web.act(number, "acknowledge", as: signer).status == .ok)
                #expect(
                    try await web.act(
                        number, "reply", ["text": "您反映的问题已收悉，我们将尽快处理，感谢您的理解与支持！", "contactMethod": "phone"],
                        as: signer
                    ).status == .ok)
                replied.append(number)
            }
            try await web.database.figures.refreshAll(at: clock.now)
            let leader = try await web.signIn("joint.leader")
            let page = try await web.page(.get, "/staff/conduct?from=2026-03-01&to=2026-03-05", cookie: leader)
            #expect(page.status == .ok)
            #expect(page.contains("本单位退回后，联合中心作出具有约束力的决定又派回本单位的工单数"))
            #expect(page.contains("href=\"/staff/tickets/\(bounced)\""))
            #expect(page.text(id: "no-boilerplate") == nil && page.contains("您反映的问题已收悉"))

            let report = try await web.request(
                .get, "/api/v1/conduct?from=2026-03-01&to=2026-03-05", token: try await web.token("joint.supervisor"))
            let units = try #require(report["units"] as? [[String: Any]])
            let street = try #require(units.first { $0["organization"] as? String == "guanghua-street" && $0["department"] == nil })
            let figures = try #require(street["figures"] as? [String: [String: Any]])
            #expect(figures["bounced"]?["tickets"] as? [String] == [bounced])
            #expect(figures["sentBack"]?["count"] as? Int == 1)
            // Late: the third reply's ticket (signed for two days late) and the bounced one (not yet signed for again).
            #expect(Set(figures["overdue"]?["tickets"] as? [String] ?? []) == [replied[2], bounced])
            let boilerplate = try #require(report["boilerplate"] as? [[String: Any]])
            #expect(Set(boilerplate.first?["tickets"] as? [String] ?? []) == Set(replied))
            #expect((report["definitions"] as? [String: String])?.count == ConductReport.Figure.allCases.count)

            // An organisation's leader sees that organisation only; a handler sees nothing.
            let own = try await web.request(.get, "/api/v1/conduct?from=2026-03-01&to=2026-03-05", token: try await web.token("jh.leader"))
            #expect((own["units"] as? [[String: Any]])?.allSatisfy { $0["organization"] as? String == "jianghan-oilfield" } == true)
            #expect(try await web.request(.get, "/api/v1/conduct", token: try await web.token("gh.handler")).status == .forbidden)
            #expect(
                try await web.request(.get, "/api/v1/conduct?from=2026-13-01", token: try await web.token("joint.leader")).status
                    == .unprocessableContent)
        }
    }
}

/// Conduct counts a limit that fell due in the period on a ticket nobody touched since before it (no sweeper needed),
/// and states what its figures are based on, with the changes not counted yet.
struct ConductBasisTests {
    @Test func aLimitDueInThePeriodOfAnUntouchedTicketIsOverdueAndThePageSaysItsBasis() async throws {
        let clock = MovableClock()  // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            let joint = try await web.token("joint.dispatcher"), government = try await web.token("gh.dispatcher")
            let number = try #require(try await web.submitLeak()["number"] as? String)
            #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint).status == .ok)
            #expect(try await web.act(number, "acknowledge", as: government).status == .ok)
            // Its resolve limit (5 working days) falls due inside the next 30 days; nothing happens to it meanwhile.
            clock.advance(35 * 86_400)
            // Before the refresher has looked, the page says so.
            let before = try await web.page(.get, "/staff/conduct", cookie: try await web.signIn("joint.leader"))
            #expect(before.text(id: "conduct-basis") == "依据全部工单的办理记录逐日汇总统计，没有数量上限。 另有 1 件工单的最新变化正在计入统计（通常几秒内完成）。")
            // The limit falls due without any event: the refresher's recheck counts it.
            try await web.database.figures.refreshAll(at: clock.now)
            let leader = try await web.token("joint.leader")
            let conduct = try await web.request(.get, "/api/v1/conduct", token: leader)
            let units = try #require(conduct["units"] as? [[String: Any]])
            let governmentRow = units.first {
                $0["organization"] as? String == "guanghua-street" && ($0["department"] == nil || $0["department"] is NSNull)
            }
            let overdue = (governmentRow?["figures"] as? [String: [String: Any]])?["overdue"]?["tickets"] as? [String]
            #expect(overdue == [number])
            let basis = try #require(conduct["basis"] as? [String: Int])
            #expect(
                basis["repliesCompared"] == 0 && basis["repliesInPeriod"] == 0
                    && basis["boilerplateLimit"] == ConductReport.boilerplateLimit)
            let page = try await web.page(.get, "/staff/conduct", cookie: try await web.signIn("joint.leader"))
            #expect(page.text(id: "conduct-basis") == "依据全部工单的办理记录逐日汇总统计，没有数量上限。")
        }
    }
}
