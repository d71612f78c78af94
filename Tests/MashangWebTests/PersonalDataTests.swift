import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// Requesters' phones and identity numbers: sealed at rest, masked in every answer, revealed to the handling chain
/// only on request and with an audit line, searchable by keyed hash.
struct PersonalDataTests {
    static let idNumber = "11010519491231002X"

    func submit(_ web: WebClient, phone: String = "138 1234 5678", idNumber: String? = Self.idNumber) async throws -> String {
        var requester: [String: Any] = ["name": "王华", "phone": phone]
        if let idNumber { requester["idNumber"] = idNumber }
        let response = try await web.request(
            .post, "/api/v1/intake",
            body: [
                "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak",
                "description": "三栋顶楼屋顶漏水，雨天滴水严重", "requester": requester,
            ])
        #expect(response.status == .created, "\(response.json)")
        return try #require(response["number"] as? String)
    }

    @Test func contactsAreSealedAtRestAndMaskedInEveryAnswer() async throws {
        try await WebHarness.run { web in
            let number = try await submit(web)
            // At rest: neither the phone nor the ID number appears anywhere in the ticket's rows.
            let stored = try await web.database.backend.read { database in
                let events = try await database.raw("SELECT payload FROM ticket_events").all()
                    .map { try $0.decode(column: "payload", as: String.self) }
                let row = try #require(
                    try await database.raw("SELECT requester_phone, requester_phone_hash FROM tickets WHERE number = \(bind: number)")
                        .first())
                return (
                    events, try row.decode(column: "requester_phone", as: String?.self),
                    try row.decode(column: "requester_phone_hash", as: String?.self)
                )
            }
            #expect(!stored.0.joined().contains("13812345678") && !stored.0.joined().contains("5678"))
            #expect(!stored.0.joined().contains("1949123"))
            #expect(stored.0.joined().contains("enc1:"))
            #expect(stored.1 == nil)
            #expect(stored.2 == Fixtures.cipher.phoneDigest("13812345678"))

            // In answers: masked in the state and in the creation event, for every reader.
            let token = try await web.token("joint.dispatcher")
            let detail = try await web.request(.get, "/api/v1/tickets/\(number)", token: token)
            let requester = try #require(detail["requester"] as? [String: Any])
            #expect(requester["phone"] as? String == "138****5678")
            #expect(requester["idNumber"] as? String == "110***********002X")
            #expect(requester["name"] as? String == "王*")
            let body = String(decoding: try JSONSerialization.data(withJSONObject: detail.json), as: UTF8.self)
            #expect(!body.contains("13812345678") && !body.contains(Self.idNumber))
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.dispatcher"))
            #expect(page.text(id: "requester") == "王* · 138****5678 · 110***********002X")
            #expect(!page.contains("13812345678"))
        }
    }

    @Test func theHandlingChainRevealsTheContactAndEachRevealIsAudited() async throws {
        try await WebHarness.run { web in
            let number = try await submit(web)
            let dispatcher = try await web.token("joint.dispatcher")
            let revealed = try await web.request(.post, "/api/v1/tickets/\(number)/contact", token: dispatcher)
            #expect(revealed.status == .ok)
            #expect(revealed["phone"] as? String == "13812345678")
            #expect(revealed["idNumber"] as? String == Self.idNumber)
            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "contact.reveal"))
            #expect(audit.count == 1)
            #expect(audit.first?.actor == "joint.dispatcher" && audit.first?.subject == number && audit.first?.address.isEmpty == false)

            // A leader sees the ticket but not the contact; another organisation does not see the ticket at all.
            let leader = try await web.request(.post, "/api/v1/tickets/\(number)/contact", token: try await web.token("joint.leader"))
            #expect(leader.status == .forbidden)
            let outsider = try await web.request(.post, "/api/v1/tickets/\(number)/contact", token: try await web.token("jh.dispatcher"))
            #expect(outsider.status == .notFound)
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "contact.reveal")).count == 1)

            // The staff page: masked, a "show contact" button, the clear contact after pressing it (with CSRF).
            let cookie = try await web.signIn("joint.intake")
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: cookie)
            #expect(page.contains("id=\"reveal-contact\""))
            let csrf = try #require(page.html.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1)
            #expect(
                try await web.page(.post, "/staff/tickets/\(number)/contact", form: [("_csrf", "forged")], cookie: cookie).status
                    == .forbidden)
            let shown = try await web.page(.post, "/staff/tickets/\(number)/contact", form: [("_csrf", String(csrf))], cookie: cookie)
            #expect(shown.status == .ok)
            #expect(shown.text(id: "requester") == "王华 · 13812345678 · \(Self.idNumber)")
            #expect(shown.headers[.cacheControl] == "no-store")
            let reveals = try await web.database.audit.entries(matching: AuditQuery(action: "contact.reveal"))
            #expect(reveals.map(\.actor) == ["joint.intake", "joint.dispatcher"])
            let leaderPage = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.leader"))
            #expect(!leaderPage.contains("id=\"reveal-contact\""))
        }
    }

    @Test func anonymousTicketsHaveNoContactToReveal() async throws {
        try await WebHarness.run { web in
            let response = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "security.hazard",
                    "description": "小区门口有人聚众赌博",
                ])
            #expect(response.status == .created, "\(response.json)")
            let number = try #require(response["number"] as? String)
            let revealed = try await web.request(.post, "/api/v1/tickets/\(number)/contact", token: try await web.token("joint.dispatcher"))
            #expect(revealed.status == .notFound)
            #expect(revealed.errorCode == "no_contact")
        }
    }

    @Test func phoneSearchMatchesTheKeyedHashHoweverThePhoneIsWritten() async throws {
        try await WebHarness.run { web in
            let number = try await submit(web, phone: "13812345678", idNumber: nil)
            _ = try await submit(web, phone: "13900001111", idNumber: nil)
            let token = try await web.token("joint.dispatcher")
            for spelling in ["138-1234-5678", "+86 138 1234 5678", "13812345678"] {
                let encoded = spelling.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let page = try await web.request(.get, "/api/v1/tickets?phone=\(encoded)", token: token)
                let numbers = (page["items"] as? [[String: Any]])?.compactMap { $0["number"] as? String }
                #expect(numbers == [number], "\(spelling)")
            }
            let invalid = try await web.request(.get, "/api/v1/tickets?phone=12", token: token)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.errorFields.first?["field"] == "phone")
        }
    }

    @Test func anInvalidIdentityNumberIsRefusedByName() async throws {
        try await WebHarness.run { web in
            let response = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak", "description": "屋顶漏水",
                    "requester": ["name": "王华", "phone": "13812345678", "idNumber": "110105194912310021"],
                ])
            #expect(response.status == .unprocessableContent)
            #expect(response.errorFields.map { $0["field"] } == ["requester.idNumber"])
            #expect(response.errorFields.first?["message"] == "“身份证号”格式不正确。")
        }
    }
}
