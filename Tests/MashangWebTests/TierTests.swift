import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// 分级化解: a request counts at the level of the unit that resolved it, units' levels are set by administrators, and
/// the tier table opens exactly the tickets it counts.
struct TierTests {
    /// A leak dispatched to a department of 光华街道, answered and rated; returns its number.
    private func resolved(_ web: WebClient, department: String) async throws -> String {
        let joint = try await web.token("joint.dispatcher"), government = try await web.token("gh.dispatcher")
        let number = try #require(try await web.submitLeak()["number"] as? String)
        #expect(
            try await web.act(number, "dispatch", ["organization": "guanghua-street", "department": department], as: joint).status == .ok)
        #expect(try await web.act(number, "acknowledge", as: government).status == .ok)
        #expect(try await web.act(number, "reply", ["text": "已处理", "contactMethod": "phone"], as: government).status == .ok)
        #expect(
            try await web.act(number, "follow-up", ["satisfaction": "satisfied"], as: try await web.token("joint.intake")).status == .ok)
        return number
    }

    private func tiers(_ web: WebClient) async throws -> [String: Int] {
        try await web.database.figures.refreshAll(at: Fixtures.now)
        let api = try await web.request(.get, "/api/v1/figures?from=2026-03-01&to=2026-03-31", token: try await web.token("joint.leader"))
        let byTier = (api["byDimension"] as? [String: [String: [String: Int]]])?["tier"] ?? [:]
        return byTier.compactMapValues { $0["closed"] }.filter { $0.value > 0 }
    }

    @Test func aRequestCountsAtTheLevelOfTheUnitThatResolvedItAndAdministratorsSetLevels() async throws {
        try await WebHarness.run { web in
            let station = try await resolved(web, department: "gh-environment")
            let office = try await resolved(web, department: "gh-construction")
            // Dispatching did not lift the station's request out of the grassroots.
            #expect(try await tiers(web) == ["grassroots": 1, "organization": 1])
            let leader = try await web.token("joint.leader")
            let grassroots = try await web.request(
                .get, "/api/v1/figures/tickets?from=2026-03-01&to=2026-03-31&dimension=tier&value=grassroots&measure=closed",
                token: leader)
            #expect((grassroots["items"] as? [[String: Any]])?.compactMap { $0["number"] as? String } == [station])
            let admin = try await web.signIn("joint.admin")
            let page = try await web.page(.get, "/staff/tickets/\(office)", cookie: admin)
            #expect(page.contains("单位"))

            // The administrator makes 城建办 a grassroots unit: the ticket it resolved is counted again.
            let structure = try await web.page(.get, "/staff/admin/structure", cookie: admin)
            let row = try #require(structure.html.range(of: #"id="level-gh-environment""#))
            #expect(structure.html[row.upperBound...].prefix(200).contains("<td>基层</td>"))
            let csrf = try #require(structure.csrf)
            let refused = try await web.page(
                .post, "/staff/admin/structure/level", form: [("_csrf", csrf), ("unit", "gh-construction"), ("level", "top")],
                cookie: admin)
            #expect(refused.status == .unprocessableContent && refused.contains("层级"))
            let set = try await web.page(
                .post, "/staff/admin/structure/level", form: [("_csrf", csrf), ("unit", "gh-construction"), ("level", "grassroots")],
                cookie: admin)
            #expect(set.status == .seeOther)
            #expect(try await tiers(web) == ["grassroots": 2])
            #expect(
                try await web.database.audit.entries(matching: AuditQuery(action: "reference.level")).map(\.subject) == ["gh-construction"])
            // Back to its organisation's level.
            _ = try await web.page(
                .post, "/staff/admin/structure/level", form: [("_csrf", csrf), ("unit", "gh-construction"), ("level", "inherit")],
                cookie: admin)
            #expect(try await tiers(web) == ["grassroots": 1, "organization": 1])
            // Only the joint centre's administrators set levels.
            let other = try await web.signIn("gh.admin")
            let forbidden = try await web.page(
                .post, "/staff/admin/structure/level", form: [("_csrf", csrf), ("unit", "gh-construction"), ("level", "joint")],
                cookie: other)
            #expect(forbidden.status == .forbidden || forbidden.status == .seeOther)
            #expect(try await tiers(web) == ["grassroots": 1, "organization": 1])
        }
    }
}
