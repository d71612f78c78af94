import Foundation
import HTTPTypes
import MashangCore
import MashangTesting
import Testing

/// PIPL: what anyone can open without signing in discloses nothing about a person. A requester's name, phone and
/// identity number, and the name and phone of someone who booked the legal reception day, appear on no public page or
/// public API in either language; the requester's own tracking page shows them masked at most.
struct PublicDisclosureTests {
    static let name = "欧阳明轩", phone = "13812349876", idNumber = "11010519491231002X"
    static let guest = "司马静怡", guestPhone = "13971609876"

    @Test func publicPagesAndAPIsDiscloseNothingPersonal() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let intake = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak",
                    "description": "三栋顶楼屋顶漏水，雨天滴水严重",
                    "requester": ["name": Self.name, "phone": Self.phone, "idNumber": Self.idNumber],
                ])
            let number = try #require(intake["number"] as? String)
            let code = try #require(intake["trackingCode"] as? String, "\(intake.json)")
            let joint = try await web.token("joint.dispatcher"), government = try await web.token("gh.dispatcher")
            _ = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint)
            _ = try await web.act(number, "acknowledge", as: government)
            _ = try await web.act(number, "reply", ["text": "已安排维修队更换防水层", "contactMethod": "phone"], as: government)
            let slot = try await web.request(
                .post, "/api/v1/legal-day/slots",
                body: [
                    "month": "2026-03", "judge": "孙法官", "organization": "qianjiang-court", "starts": "09:00", "ends": "11:30",
                    "place": "接访室", "capacity": 2,
                ], token: try await web.token("joint.supervisor"))
            let slotID = try #require(slot["id"] as? Int)
            #expect(try await LegalDayWebTests.book(web, slot: slotID, name: Self.guest, phone: Self.guestPhone).status == .created)

            // The person is in the system: the handling chain sees them, on request.
            let revealed = try await web.request(.post, "/api/v1/tickets/\(number)/contact", token: joint)
            #expect(revealed["phone"] as? String == Self.phone && revealed["idNumber"] as? String == Self.idNumber)

            let everywhere = [Self.name, Self.phone, Self.idNumber, Self.guest, Self.guestPhone, "1381234", "9876"]
            let publicPaths = [
                "/m/jiangzuan-gate", "/figures", "/guide", "/guide?q=漏水", "/legal-day", "/legal-day/booking", "/track",
                "/open311/v2/requests.json", "/open311/v2/requests.xml", "/open311/v2/requests/\(number).json",
                "/open311/v2/requests/\(number).xml", "/api/v1/categories", "/api/v1/intake-points",
            ]
            for language in ["zh-Hans", "en"] {
                for path in publicPaths {
                    let page = try await web.page(.get, path, language: language)
                    #expect(page.status == .ok, "\(path)")
                    for secret in everywhere + ["欧阳*", "司马*", "欧*", "司*"] {
                        #expect(!page.html.contains(secret), "\(path) (\(language)) shows \(secret)")
                    }
                }
                // The requester's own page, opened with the tracking code: the status and the answer, no identity.
                let own = try await web.page(.post, "/track", form: [("number", number), ("code", code)], language: language)
                #expect(own.status == .ok && own.contains("已安排维修队更换防水层"))
                for secret in everywhere { #expect(!own.html.contains(secret), "the tracking page (\(language)) shows \(secret)") }
            }
        }
    }
}
