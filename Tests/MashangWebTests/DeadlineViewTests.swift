import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// Staff see each ticket's time limits, with their standing as the clock moves, in the API and on the page; an
/// administrator's change of the limits applies at once.
struct DeadlineViewTests {
    @Test func deadlinesShowTheirStandingAsTheClockMoves() async throws {
        let clock = MovableClock()  // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let token = try await web.token("joint.dispatcher")
            #expect(
                try await web.act(number, "dispatch", ["organization": "guanghua-street", "department": "gh-construction"], as: token)
                    .status == .ok)
            func signFor() async throws -> [String: Any] {
                // A fresh token each time: the clock moves past a token's 12-hour life.
                let detail = try await web.request(.get, "/api/v1/tickets/\(number)", token: try await web.token("joint.dispatcher"))
                return try #require((detail["deadlines"] as? [[String: Any]])?.first, "\(detail.status) \(detail.json)")
            }
            var deadline = try await signFor()
            #expect(deadline["kind"] as? String == "signFor" && deadline["organization"] as? String == "guanghua-street")
            // 10:00 + 8 working hours: 2 h before lunch, 3.5 h after, 2.5 h on Tuesday morning.
            #expect(deadline["due"] as? String == "2026-03-03T03:00:00Z")
            #expect(deadline["standing"] as? String == "running")

            clock.advance(24 * 3600 + 1800)  // Tuesday 10:30, past 80 %
            #expect(try await signFor()["standing"] as? String == "warning")
            let cookie = try await web.signIn("joint.dispatcher")
            var page = try await web.page(.get, "/staff/tickets/\(number)", cookie: cookie)
            #expect(page.contains("deadline-warning") && page.contains("即将到期") && page.contains("2026-03-03 11:00"))

            clock.advance(3600)  // Tuesday 11:30
            deadline = try await signFor()
            #expect(deadline["standing"] as? String == "overdue")
            // An hour unused ended the page session (30 minutes idle): sign in again.
            page = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.dispatcher"))
            #expect(page.contains("已超期"))

            // Signing for late: met late, and the first-contact and resolve limits start.
            #expect(try await web.act(number, "acknowledge", as: try await web.token("gh.dispatcher")).status == .ok)
            let all = try #require(
                try await web.request(.get, "/api/v1/tickets/\(number)", token: try await web.token("joint.dispatcher"))["deadlines"]
                    as? [[String: Any]])
            #expect(all.map { $0["kind"] as? String } == ["signFor", "firstContact", "resolve"])
            #expect(all.map { $0["standing"] as? String } == ["metLate", "running", "running"])
        }
    }

    @Test func anAdministratorsNewLimitAppliesAtOnce() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let token = try await web.token("joint.dispatcher")
            #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: token).status == .ok)
            let admin = try await web.signIn("joint.admin")
            let csrf = try #require(try await web.page(.get, "/staff/admin/calendar", cookie: admin).csrf)
            #expect(
                try await web.page(
                    .post, "/staff/admin/calendar/limits",
                    form: [
                        ("_csrf", csrf), ("kind", "complaint"), ("urgency", "normal"),
                        ("signForHours", "2"), ("firstContactHours", "4"), ("resolveDays", "2"), ("warnShare", "50%"),
                    ], cookie: admin
                ).status == .seeOther)
            let detail = try await web.request(.get, "/api/v1/tickets/\(number)", token: token)
            let deadline = try #require((detail["deadlines"] as? [[String: Any]])?.first)
            #expect(deadline["due"] as? String == "2026-03-02T04:00:00Z")  // 12:00 China time
            #expect(deadline["warnAt"] as? String == "2026-03-02T03:00:00Z")
        }
    }
}

struct ExtensionFlowTests {
    @Test func theUnitAsksForMoreTimeAndTheJointCentresSupervisorDecides() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.token("joint.dispatcher"), government = try await web.token("gh.dispatcher")
            #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint).status == .ok)
            #expect(try await web.act(number, "acknowledge", as: government).status == .ok)
            let asked = try await web.act(
                number, "request-extension", ["deadline": "resolve", "until": "2026-03-20", "reason": "需等待防水材料到货"], as: government)
            #expect(asked.status == .ok)
            #expect(
                try await web.act(
                    number, "request-extension", ["deadline": "resolve", "until": "2026-03-25", "reason": "再延"], as: government
                ).status == .conflict)
            // The unit's own supervisor may not approve its request; the joint centre's may.
            #expect(
                try await web.act(number, "decide-extension", ["approve": true], as: try await web.token("gh.supervisor")).status
                    == .forbidden)
            let refusedWithoutReason = try await web.act(
                number, "decide-extension", ["approve": false], as: try await web.token("joint.supervisor"))
            #expect(refusedWithoutReason.status == .unprocessableContent)
            let decided = try await web.act(
                number, "decide-extension", ["approve": true, "note": "同意"], as: try await web.token("joint.supervisor"))
            #expect(decided.status == .ok)
            let resolve = (decided["deadlines"] as? [[String: Any]])?.first { $0["kind"] as? String == "resolve" }
            #expect(resolve?["due"] as? String == "2026-03-20T09:30:00Z")  // Friday 03-20 17:30 China time
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.supervisor"))
            #expect(page.contains("同意办结延期至 2026-03-20") && page.contains("申请办结延期至 2026-03-20"))
        }
    }
}
