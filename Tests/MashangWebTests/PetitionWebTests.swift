import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// 信访事项 through the API and the pages: registration by the joint centre only, the acceptance decision with its
/// limit on the calendar, the 处理意见书 as the reply, 复查 recorded and decided, a repeat petition found by the server,
/// the printed notices (the joint centre's, audited), the petitioner's timeline, and the figures with their drill-down.
struct PetitionWebTests {
    static func deadline(_ ticket: JSONResponse, _ kind: String) -> [String: Any]? {
        (ticket["deadlines"] as? [[String: Any]])?.last { $0["kind"] as? String == kind }
    }

    @Test func aPetitionFromRegistrationToItsReviewAndItsFigures() async throws {
        let clock = MovableClock()  // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            var dispatcher = try await web.token("joint.dispatcher")
            // Only the joint centre's dispatchers and supervisors register; bad input names its field and writes nothing.
            #expect(
                try await web.act(number, "register-petition", ["reason": "书面信访"], as: try await web.token("joint.intake")).status
                    == .forbidden)
            let untouched = try await web.act(number, "register-petition", [:], as: dispatcher)
            #expect(untouched.status == .unprocessableContent && untouched.errorFields.compactMap { $0["field"] } == ["reason"])
            let registered = try await web.act(number, "register-petition", ["reason": "群众来信，反映屋顶漏水", "leapfrog": true], as: dispatcher)
            #expect(registered.status == .ok, "\(registered.json)")
            let registration = (registered["petition"] as? [String: Any])?["registration"] as? [String: Any]
            #expect(registration?["leapfrog"] as? Bool == true && registration?["repeatOf"] == nil)
            // 03-02 + 15 = 03-17, a Tuesday: due at midnight after it, China time.
            #expect(Self.deadline(registered, "petitionAcceptance")?["due"] as? String == "2026-03-17T16:00:00Z")

            let forwarded = try await web.act(number, "decide-petition", ["outcome": "forwarded", "note": "属法院管辖"], as: dispatcher)
            #expect(forwarded.status == .unprocessableContent && forwarded.errorFields.compactMap { $0["field"] } == ["forwardedTo"])
            // Each refused field is named as the form labels it, in the user's language.
            #expect(forwarded.errorFields.first?["message"] == "“转送机关”为必填项。", "\(forwarded.json)")
            let noOutcome = try await web.act(number, "decide-petition", ["note": "受理"], as: dispatcher, language: "en")
            #expect(noOutcome.errorFields.first?["message"]?.contains("decision") == true, "\(noOutcome.json)")
            let undecided = try await web.act(number, "request-review", ["reason": "不服"], as: dispatcher)
            #expect(
                undecided.status == .conflict
                    && ((undecided["error"] as? [String: Any])?["message"] as? String)?.contains("尚未作出受理决定") == true, "\(undecided.json)")
            clock.advance(86_400)
            // Tokens last 12 hours: new ones after each day the clock moves.
            dispatcher = try await web.token("joint.dispatcher")
            let accepted = try await web.act(number, "decide-petition", ["outcome": "accepted", "note": "依法予以受理。"], as: dispatcher)
            #expect(accepted.status == .ok)
            // 03-03 + 60 = 05-02, in the Labour Day holiday (05-01…05-05): the period ends on Wednesday 05-06.
            #expect(Self.deadline(accepted, "petitionHandling")?["due"] as? String == "2026-05-06T16:00:00Z")
            #expect(Self.deadline(accepted, "petitionAcceptance")?["standing"] as? String == "met")

            #expect(try await web.act(number, "extend-petition", ["days": 10, "reason": "需会商"], as: dispatcher).status == .forbidden)
            // The joint centre's supervisor extends it: 03-03 + 60 + 10 = 05-12, a Tuesday.
            let extended = try await web.act(
                number, "extend-petition", ["days": 10, "reason": "需多部门会商"], as: try await web.token("joint.supervisor"))
            #expect(Self.deadline(extended, "petitionHandling")?["due"] as? String == "2026-05-12T16:00:00Z", "\(extended.json)")
            #expect(
                try await web.act(number, "dispatch", ["organization": "guanghua-street", "department": "gh-construction"], as: dispatcher)
                    .status == .ok)
            var government = try await web.token("gh.dispatcher")
            #expect(try await web.act(number, "acknowledge", as: government).status == .ok)
            // The unit handles the petition but registers and records none of its steps.
            #expect(try await web.act(number, "request-review", ["reason": "不服"], as: government).status == .forbidden)
            clock.advance(5 * 86_400)
            government = try await web.token("gh.dispatcher")
            #expect(try await web.act(number, "reply", ["text": "经现场核查，已更换防水层。", "contactMethod": "letter"], as: government).status == .ok)
            clock.advance(10 * 86_400)
            dispatcher = try await web.token("joint.dispatcher")
            let supervisor = try await web.token("joint.supervisor")
            #expect(try await web.act(number, "request-review", ["reason": "对处理意见不服，请求复查"], as: dispatcher).status == .ok)
            #expect(
                try await web.act(number, "decide-review", ["upheld": false, "reviewer": "潜江市信访局", "opinion": "维持"], as: dispatcher)
                    .status == .forbidden)
            let reviewed = try await web.act(
                number, "decide-review", ["upheld": false, "reviewer": "潜江市信访局", "opinion": "责成光华街道重新核查并赔偿损失。"], as: supervisor)
            #expect(reviewed.status == .ok, "\(reviewed.json)")

            // The same person on the same matter again: a repeat, found by the server.
            let second = try #require(try await web.submitLeak()["number"] as? String)
            let again = try await web.act(second, "register-petition", ["reason": "再次来信"], as: dispatcher)
            #expect(((again["petition"] as? [String: Any])?["registration"] as? [String: Any])?["repeatOf"] as? String == number)

            // The notices: the joint centre's to print, each an audit line; the unit may not, and a step not reached is none.
            let cookie = try await web.signIn("joint.dispatcher")
            let notice = try await web.page(.get, "/staff/tickets/\(number)/petition-notices/review", cookie: cookie)
            #expect(notice.status == .ok && notice.text(id: "notice-title") == "信访事项复查意见书")
            #expect(notice.contains("王华") && notice.contains("责成光华街道重新核查并赔偿损失。") && notice.contains("撤销或变更原处理意见"))
            let extensionNotice = try await web.page(.get, "/staff/tickets/\(number)/petition-notices/extension", cookie: cookie)
            #expect(extensionNotice.text(id: "notice-title") == "信访事项延期办理告知书" && extensionNotice.contains("延长 10 日，至 2026-05-12"))
            let opinion = try await web.page(.get, "/staff/tickets/\(number)/petition-notices/opinion", cookie: cookie)
            #expect(opinion.text(id: "notice-title") == "信访事项处理意见书" && opinion.contains("经现场核查，已更换防水层。"))
            let acceptance = try await web.page(
                .get, "/staff/tickets/\(number)/petition-notices/acceptance", language: "en", cookie: cookie)
            #expect(acceptance.text(id: "notice-title") == "Notice of acceptance of a petition")
            #expect(
                try await web.page(.get, "/staff/tickets/\(number)/petition-notices/reexamination", cookie: cookie).status == .notFound)
            #expect(
                try await web.page(
                    .get, "/staff/tickets/\(number)/petition-notices/opinion", cookie: try await web.signIn("gh.dispatcher")
                ).status == .forbidden)
            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "petition.notice"))
            #expect(
                Set(audit.map(\.detail)) == ["acceptance", "extension", "opinion", "review"] && audit.count == 4
                    && audit.allSatisfy { $0.subject == number })
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: cookie)
            #expect(
                page.text(id: "petition-stage") == "已复查" && page.contains(">处理意见书</a>"),
                "\(page.html.components(separatedBy: "id=\"petition\"").last!.prefix(800).replacingOccurrences(of: "\n", with: " "))")

            // The petitioner's timeline tells every step, with the reviewing body's opinion.
            let track = try await web.page(.post, "/track", form: [("number", number), ("code", "5678")])
            #expect(track.contains("您的诉求已登记为信访事项") && track.contains("信访事项已受理") && track.contains("潜江市信访局复查意见：撤销或变更原处理意见"))

            // The figures: two petitions this year, one repeat, one 越级, one review of one answer (100 %), revised.
            let leader = try await web.signIn("joint.leader")
            let figures = try await web.page(.get, "/staff/petitions?year=2026", cookie: leader)
            #expect(
                figures.status == .ok && figures.text(id: "petitions-same-period") == "2" && figures.text(id: "petitions-yoy") == "—",
                "\(figures.status) \(figures.html.components(separatedBy: "<main").last!.prefix(1500).replacingOccurrences(of: "\n", with: " "))"
            )
            for (row, expected) in [("repeated", "1"), ("leapfrog", "1"), ("firstTime", "1"), ("reviewRevised", "1"), ("undecided", "1")] {
                #expect(figures.html.contains("id=\"figure-\(row)\"><th scope=\"row\">") && figures.rowCount(row) == expected, "\(row)")
            }
            #expect(figures.contains("100.0%"))
            let drilled = try await web.page(.get, "/staff/petitions?year=2026&measure=repeated", cookie: leader)
            #expect(drilled.contains("/staff/tickets/\(second)\"") && !drilled.contains("/staff/tickets/\(number)\""))
            #expect(try await web.page(.get, "/staff/petitions?year=2026&measure=nothing", cookie: leader).status == .unprocessableContent)
            #expect(try await web.page(.get, "/staff/petitions", cookie: try await web.signIn("gh.leader")).status == .forbidden)
        }
    }
}

extension HTMLResponse {
    /// The count cell of a petition figure's row (`figure-<code>`).
    fileprivate func rowCount(_ code: String) -> String? {
        guard let row = html.range(of: "id=\"figure-\(code)\"") else { return nil }
        let rest = html[row.upperBound...]
        guard let link = rest.range(of: "#petition-records\">"), let end = rest[link.upperBound...].range(of: "</a>") else { return nil }
        return String(rest[link.upperBound..<end.lowerBound])
    }
}
