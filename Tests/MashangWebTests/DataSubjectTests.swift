import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// A person asks for a copy of their data (PIPL arts. 44–45): the joint centre's supervisor exports, by phone,
/// everything held about them — their tickets, the register records naming their phone, their legal-day bookings —
/// and nothing of anyone else; the export is audited and refused to everyone else.
struct DataSubjectTests {
    static let phone = "13812345678", other = "13900001111"

    /// The person's booking on the court's legal reception day, and with `other` another person's in the same slot.
    static func bookLegalDay(_ web: WebClient, other: Bool) async throws -> ReceptionBooking {
        let slot = try await web.database.reception.addSlot(
            ReceptionSlot(
                id: 0, month: "2026-03", judge: "孙法官", organization: "qianjiang-court", starts: "09:00", ends: "11:30",
                place: "接访室", capacity: 5, booked: 0))
        let booking = try await web.database.reception.book(
            slot: slot.id, name: "王华", phone: Self.phone, topic: "加班工资", code: "AAAA5678", at: Fixtures.now)
        if other {
            _ = try await web.database.reception.book(
                slot: slot.id, name: "李四", phone: Self.other, topic: "工伤认定", code: "BBBB1111", at: Fixtures.now)
        }
        return booking
    }

    @Test func theExportHoldsAllOfOnePersonsRecordsAndNothingOfAnyoneElses() async throws {
        try await WebHarness.run { web in
            let intake = try await web.token("joint.intake")
            func ticket(_ name: String, _ phone: String, _ description: String) async throws -> String {
                let made = try await web.request(
                    .post, "/api/v1/tickets",
                    body: [
                        "channel": "hotline", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1",
                        "description": description, "requester": ["name": name, "phone": phone, "idNumber": "420105198001011230"],
                    ], token: intake)
                return try #require(made["number"] as? String, "\(made.json)")
            }
            // The same person writes the phone three ways; the other person once.
            let mine = [
                try await ticket("王华", Self.phone, "三栋顶楼屋顶漏水，雨天滴水严重"),
                try await ticket("王华", "+86 138-1234-5678", "楼道灯坏了一个月"),
                try #require(try await web.submitLeak()["number"] as? String),
            ]
            let theirs = try await ticket("李四", Self.other, "小区门口路面塌陷")
            let assistance = try await web.token("jh.assistance")
            var household = try #require(RegisterWebTests.newRecord(.household, organization: "jianghan-oilfield"))
            household["phone"] = "138 1234 5678"
            let myHousehold = try #require(
                try await web.request(.post, "/api/v1/households", body: ["fields": household], token: assistance)["id"] as? Int)
            household["phone"] = Self.other
            household["name"] = "李四"
            _ = try await web.request(.post, "/api/v1/households", body: ["fields": household], token: assistance)
            let booking = try await Self.bookLegalDay(web, other: true)

            let supervisor = try await web.signIn("joint.supervisor")
            let page = try await web.page(.get, "/staff/privacy", cookie: supervisor)
            #expect(page.status == .ok && page.html.contains("id=\"privacy-link\""))
            let csrf = try #require(page.csrf)
            let export = try await web.page(
                .post, "/staff/privacy/export", form: [("_csrf", csrf), ("phone", "138-1234-5678"), ("reason", "本人书面申请 2026-001")],
                cookie: supervisor)
            #expect(export.status == .ok)
            #expect(export.headers[.contentDisposition] == "attachment; filename=\"mashang-personal-data-20260302.json\"")
            #expect(export.headers[.cacheControl] == "no-store")
            let file = try #require(try JSONSerialization.jsonObject(with: Data(export.html.utf8)) as? [String: Any])
            #expect(file["format"] as? String == "mashang-data-subject-v1" && file["phone"] as? String == Self.phone)
            let tickets = try #require(file["tickets"] as? [[String: Any]])
            let numbers = tickets.compactMap { ($0["state"] as? [String: Any])?["number"] as? String }
            #expect(Set(numbers) == Set(mine) && numbers.count == 3)
            // Their own contact in clear, with every event of each history.
            #expect(export.html.contains("420105198001011230") && export.html.contains("王华"))
            #expect(tickets.allSatisfy { ($0["events"] as? [Any])?.isEmpty == false })
            let records = try #require(file["registerRecords"] as? [[String: Any]])
            #expect(records.compactMap { $0["id"] as? Int } == [myHousehold])
            let bookings = try #require(file["receptionBookings"] as? [[String: Any]])
            #expect(bookings.compactMap { $0["id"] as? Int64 ?? ($0["id"] as? Int).map(Int64.init) } == [booking.id])
            // Nothing of the other person.
            for trace in [Self.other, "李四", theirs, "BBBB1111", "工伤认定", "小区门口路面塌陷"] {
                #expect(!export.html.contains(trace), "the export holds \(trace)")
            }
            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "privacy.export"))
            #expect(audit.count == 1 && audit.first?.subject == "138****5678" && audit.first?.actor == "joint.supervisor")
            #expect(audit.first?.detail == "本人书面申请 2026-001; 3 tickets, 1 register records, 1 bookings")
            #expect(audit.allSatisfy { !$0.detail.contains(Self.phone) })
        }
    }

    @Test func badInputIsNamedAndOthersAreRefused() async throws {
        try await WebHarness.run { web in
            let supervisor = try await web.signIn("joint.supervisor")
            let csrf = try #require(try await web.page(.get, "/staff/privacy", cookie: supervisor).csrf)
            let untouched = try await web.page(.post, "/staff/privacy/export", form: [("_csrf", csrf)], cookie: supervisor)
            #expect(untouched.status == .unprocessableContent)
            #expect(untouched.text(id: "privacy-error")?.contains("手机号码") == true)
            let bad = try await web.page(
                .post, "/staff/privacy/export", form: [("_csrf", csrf), ("phone", "12345"), ("reason", "申请")], cookie: supervisor)
            #expect(bad.status == .unprocessableContent && bad.contains("value=\"12345\""))
            let noReason = try await web.page(
                .post, "/staff/privacy/export", form: [("_csrf", csrf), ("phone", Self.phone)], cookie: supervisor)
            #expect(noReason.status == .unprocessableContent && noReason.text(id: "privacy-error")?.contains("原因") == true)
            let forged = try await web.page(
                .post, "/staff/privacy/export", form: [("_csrf", "x"), ("phone", Self.phone), ("reason", "申请")], cookie: supervisor)
            #expect(forged.status == .forbidden)
            // Another organisation's supervisor, the joint centre's other roles and the administrators: refused.
            for username in ["gh.supervisor", "joint.dispatcher", "joint.admin", "joint.auditAdmin"] {
                let cookie = try await web.signIn(username)
                #expect(try await web.page(.get, "/staff/privacy", cookie: cookie).status == .forbidden, "\(username)")
                let home = try await web.page(
                    .get, username == "joint.auditAdmin" ? "/staff/admin/audit" : "/staff/admin/rules", cookie: cookie)
                let desk = try await web.page(.get, "/staff", cookie: cookie)
                let theirs = try #require(desk.csrf ?? home.csrf)
                let refused = try await web.page(
                    .post, "/staff/privacy/export", form: [("_csrf", theirs), ("phone", Self.phone), ("reason", "申请")], cookie: cookie)
                #expect(refused.status == .forbidden, "\(username)")
            }
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "privacy.export")).isEmpty)
        }
    }

    @Test func erasureAnonymisesTheirTicketsAndBookingsAndKeepsTheHistoriesVerified() async throws {
        try await WebHarness.run { web in
            let mine = try #require(try await web.submitLeak()["number"] as? String)
            let theirs = try await web.request(
                .post, "/api/v1/tickets",
                body: [
                    "channel": "hotline", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1",
                    "description": "小区门口路面塌陷", "requester": ["name": "李四", "phone": Self.other],
                ], token: try await web.token("joint.intake"))
            let other = try #require(theirs["number"] as? String)
            let booking = try await Self.bookLegalDay(web, other: false)
            // A mediation between them, and a household registered with the person's phone.
            let mediator = try await web.token("joint.mediator")
            let dispute = try await RegisterWebTests.disputeTicket(web)
            let mediation = try #require(
                try await web.request(
                    .post, "/api/v1/mediations", body: ["fields": ["ticket": dispute, "title": "漏水纠纷", "summary": "楼上漏水"]],
                    token: mediator)["id"] as? Int)
            for (side, name, phone) in [("applicant", "王华", "138-1234-5678"), ("respondent", "李四", Self.other)] {
                let party = try await web.request(
                    .post, "/api/v1/mediations/\(mediation)/entries",
                    body: ["entry": "party", "fields": ["side": side, "name": name, "phone": phone]], token: mediator)
                #expect(party.status == .ok || party.status == .created, "\(party.json)")
            }
            var household = try #require(RegisterWebTests.newRecord(.household, organization: "jianghan-oilfield"))
            household["phone"] = Self.phone
            let householdID = try #require(
                try await web.request(
                    .post, "/api/v1/households", body: ["fields": household], token: try await web.token("jh.assistance"))[
                        "id"] as? Int)

            let supervisor = try await web.signIn("joint.supervisor")
            let csrf = try #require(try await web.page(.get, "/staff/privacy", cookie: supervisor).csrf)
            // Untouched, then without the confirmation: refused, nothing erased.
            let untouched = try await web.page(.post, "/staff/privacy/erase", form: [("_csrf", csrf)], cookie: supervisor)
            #expect(untouched.status == .unprocessableContent && untouched.text(id: "erase-error") != nil)
            #expect(untouched.text(id: "privacy-error") == nil)
            let unconfirmed = try await web.page(
                .post, "/staff/privacy/erase", form: [("_csrf", csrf), ("phone", Self.phone), ("reason", "本人申请删除")], cookie: supervisor)
            #expect(unconfirmed.status == .unprocessableContent && unconfirmed.text(id: "erase-error")?.contains("确认") == true)
            #expect(try await web.database.tickets.ticket(number: mine)?.state.requester.phone == Self.phone)

            let erased = try await web.page(
                .post, "/staff/privacy/erase",
                form: [("_csrf", csrf), ("phone", "138 1234 5678"), ("reason", "本人申请删除 2026-002"), ("confirm", "yes")],
                cookie: supervisor)
            #expect(erased.status == .ok)
            #expect(erased.text(id: "privacy-done") == "已删除：1 件诉求中的个人信息（\(mine)），1 个接访日预约，2 条台账记录中的个人信息。")
            let ticket = try #require(try await web.database.tickets.ticket(number: mine))
            #expect(ticket.state.requester == Requester())
            guard case .requesterAnonymised(let attestation) = ticket.events.last?.change else {
                Issue.record("no erasure in the history")
                return
            }
            #expect(attestation.reason == .erasure && attestation.note == "本人申请删除 2026-002")
            #expect(try await web.database.integrity.verifyTicket(number: mine)?.problem == nil)
            #expect(try await web.database.tickets.ticket(number: other)?.state.requester.phone == Self.other)
            let page = try await web.page(.get, "/staff/tickets/\(mine)", cookie: supervisor)
            #expect(page.contains("应本人申请，诉求人的姓名和联系方式已删除（匿名化）") && !page.contains("138****5678"))
            let (stored, _) = try #require(try await web.database.reception.booking(id: booking.id))
            #expect(stored.name.isEmpty && stored.phone.isEmpty && stored.status == .booked)
            // Their party entry and the household's own data are gone; the other party keeps theirs.
            let parties = try #require(try await web.database.registers.record(Int64(mediation), kind: .mediation)).history
                .filter { $0.kind == .entry && $0.name == "party" }
            #expect(parties.map { $0.fields["name"]?.text } == [nil, "李四"])
            #expect(parties.last?.fields["phone"]?.text == Self.other && parties.first?.fields["side"] != nil)
            let erasedHousehold = try #require(try await web.database.registers.record(Int64(householdID), kind: .household))
            #expect(erasedHousehold.fields["name"] == nil && erasedHousehold.fields["phone"] == nil)
            #expect(erasedHousehold.history.allSatisfy { $0.fields["phone"] == nil && $0.fields["address"] == nil })
            // A copy asked for afterwards holds nothing.
            let export = try await web.page(
                .post, "/staff/privacy/export", form: [("_csrf", csrf), ("phone", Self.phone), ("reason", "复核")], cookie: supervisor)
            let file = try #require(try JSONSerialization.jsonObject(with: Data(export.html.utf8)) as? [String: Any])
            #expect((file["tickets"] as? [Any])?.isEmpty == true && (file["receptionBookings"] as? [Any])?.isEmpty == true)
            #expect((file["registerRecords"] as? [Any])?.isEmpty == true)
            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "privacy.erase"))
            #expect(
                audit.count == 1
                    && audit.first?.detail
                        == "本人申请删除 2026-002; tickets \(mine); 1 bookings; records mediation/\(mediation) household/\(householdID)"
            )
        }
    }

    @Test func aCorrectionRewritesTheirContactEverywhereAndTheChainsStillVerify() async throws {
        try await WebHarness.run { web in
            let first = try #require(try await web.submitLeak()["number"] as? String)
            let second = try #require(try await web.submitLeak(key: "second")["number"] as? String)
            let supervisor = try await web.signIn("joint.supervisor")
            let csrf = try #require(try await web.page(.get, "/staff/privacy", cookie: supervisor).csrf)
            let untouched = try await web.page(.post, "/staff/privacy/correct", form: [("_csrf", csrf)], cookie: supervisor)
            #expect(untouched.status == .unprocessableContent && untouched.text(id: "correct-error") != nil)
            let nothingNew = try await web.page(
                .post, "/staff/privacy/correct", form: [("_csrf", csrf), ("phone", Self.phone), ("reason", "本人申请更正")],
                cookie: supervisor)
            #expect(nothingNew.text(id: "correct-error")?.contains("更正后的手机号") == true)
            let badPhone = try await web.page(
                .post, "/staff/privacy/correct",
                form: [("_csrf", csrf), ("phone", Self.phone), ("newPhone", "123"), ("reason", "本人申请更正")], cookie: supervisor)
            #expect(badPhone.status == .unprocessableContent && badPhone.contains("value=\"123\""))
            #expect(try await web.database.tickets.ticket(number: first)?.state.requester.phone == Self.phone)

            let done = try await web.page(
                .post, "/staff/privacy/correct",
                form: [
                    ("_csrf", csrf), ("phone", Self.phone), ("newName", "王桦"), ("newPhone", "137 0000 9999"), ("reason", "本人申请更正 2026-004"),
                ],
                cookie: supervisor)
            #expect(done.status == .ok)
            #expect(done.text(id: "privacy-done") == "已更正：2 件诉求（\(first)、\(second)）。")
            for number in [first, second] {
                let ticket = try #require(try await web.database.tickets.ticket(number: number))
                #expect(ticket.state.requester.name == "王桦" && ticket.state.requester.phone == "13700009999")
                #expect(try await web.database.integrity.verifyTicket(number: number)?.problem == nil)
            }
            let digest = { (phone: String) in web.database.stores.phoneDigest(phone) }
            #expect(try await web.database.tickets.tickets(matching: TicketQuery(phoneDigest: digest("13700009999"))).total == 2)
            #expect(try await web.database.tickets.tickets(matching: TicketQuery(phoneDigest: digest(Self.phone))).total == 0)
            let page = try await web.page(.get, "/staff/tickets/\(first)", cookie: supervisor)
            #expect(page.contains("应本人申请，诉求人的姓名或联系方式已更正") && page.contains("137****9999"))
            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "privacy.correct"))
            #expect(audit.first?.detail == "本人申请更正 2026-004; name, phone → 137****9999; tickets \(first) \(second)")
        }
    }
}
