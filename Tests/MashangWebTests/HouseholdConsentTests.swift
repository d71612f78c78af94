import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// A household that withdraws its consent (PIPL art. 47) is no longer followed, and its name, phone and address leave
/// the record and its history at once; what was done for it (visits, help, calls) and the figures stay.
struct HouseholdConsentTests {
    @Test func withdrawingConsentEndsTheHouseholdAndErasesItsPersonalData() async throws {
        try await WebHarness.run { web in
            let token = try await web.token("jh.assistance")
            var household = try #require(RegisterWebTests.newRecord(.household, organization: "jianghan-oilfield"))
            household["phone"] = "13797161001"
            household["address"] = "五七小区8栋"
            let id = try #require(
                try await web.request(.post, "/api/v1/households", body: ["fields": household], token: token)["id"] as? Int)
            let visit = try await web.request(
                .post, "/api/v1/households/\(id)/entries",
                body: ["entry": "visit", "fields": ["date": "2026-03-02", "visitors": "吴芳", "persons": 2, "findings": "身体尚好"]],
                token: token)
            #expect(visit.status == .ok || visit.status == .created, "\(visit.json)")
            let counted = try await web.database.mechanismFigures.counts(organization: nil, fromDay: nil, toDay: nil)

            // Without the reason: refused, nothing erased.
            let bare = try await web.request(
                .post, "/api/v1/households/\(id)/actions", body: ["action": "withdrawConsent", "fields": [:] as [String: Any]], token: token
            )
            #expect(bare.status == .unprocessableContent)
            #expect(try await web.request(.post, "/api/v1/households/\(id)/reveal", token: token).json.description.contains("13797161001"))

            let withdrawn = try await web.request(
                .post, "/api/v1/households/\(id)/actions",
                body: ["action": "withdrawConsent", "fields": ["reason": "本人书面撤回同意"]], token: token)
            #expect(withdrawn.status == .ok, "\(withdrawn.json)")
            #expect(withdrawn["status"] as? String == "ended")
            // Nothing personal is left: not in the answer, the reveal, or the stored rows (sealed or not).
            let revealed = try await web.request(.post, "/api/v1/households/\(id)/reveal", token: token)
            for trace in ["13797161001", "刘桂兰", "五七小区8栋"] {
                #expect(!withdrawn.json.description.contains(trace) && !revealed.json.description.contains(trace), "\(trace)")
            }
            let record = try #require(try await web.database.registers.record(Int64(id), kind: .household))
            for event in record.history {
                #expect(event.fields["name"] == nil && event.fields["phone"] == nil && event.fields["address"] == nil)
            }
            #expect(record.fields["name"] == nil && record.fields["area"] != nil && record.fields["type"] != nil)
            #expect(record.history.contains { $0.kind == .entry && $0.name == "visit" && $0.fields["findings"] != nil })
            // What was done for it is still counted.
            let now = try await web.database.mechanismFigures.counts(organization: nil, fromDay: nil, toDay: nil)
            #expect(
                now.entries == counted.entries && now.quantities == counted.quantities
                    && now.records["household"] == counted.records["household"])
            #expect(now.records["household.ended"] == (counted.records["household.ended"] ?? 0) + 1)
            // The person's copy no longer finds the household by the phone.
            let supervisor = try await web.signIn("joint.supervisor")
            let csrf = try #require(try await web.page(.get, "/staff/privacy", cookie: supervisor).csrf)
            let export = try await web.page(
                .post, "/staff/privacy/export", form: [("_csrf", csrf), ("phone", "13797161001"), ("reason", "复核")], cookie: supervisor)
            let file = try #require(try JSONSerialization.jsonObject(with: Data(export.html.utf8)) as? [String: Any])
            #expect((file["registerRecords"] as? [Any])?.isEmpty == true)
        }
    }
}
