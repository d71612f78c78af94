import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// 企法联合专题接访日 over HTTP: the schedule, a resident's booking with intake's anti-abuse rules, lookup and
/// cancellation, attendance from the day on, and the consultation's law-related ticket counted on the dashboard.
struct LegalDayWebTests {
    static func book(_ web: WebClient, slot: Int, name: String = "林晓", phone: String, topic: String = "单位拖欠加班工资") async throws
        -> HTMLResponse
    {
        try await web.page(.post, "/legal-day", form: [("slot", String(slot)), ("name", name), ("phone", phone), ("topic", topic)])
    }

    @Test func aResidentBooksAndTheConsultationBecomesALawRelatedTicket() async throws {
        let clock = MovableClock()  // Monday 2 March 2026; the reception day is Friday the 20th
        try await WebHarness.run(clock: { clock.now }) { web in
            #expect(try await web.page(.get, "/legal-day").text(id: "not-open") != nil)
            var supervisor = try await web.token("joint.supervisor")
            let slotBody: [String: Any] = [
                "month": "2026-03", "judge": "孙法官", "organization": "qianjiang-court", "starts": "09:00", "ends": "11:30",
                "place": "接访室", "capacity": 2,
            ]
            #expect(
                try await web.request(.post, "/api/v1/legal-day/slots", body: slotBody, token: try await web.token("gh.handler")).status
                    == .forbidden)
            let slot = try await web.request(.post, "/api/v1/legal-day/slots", body: slotBody, token: supervisor)
            #expect(slot.status == .created, "\(slot.json)")
            let slotID = try #require(slot["id"] as? Int)

            let page = try await web.page(.get, "/legal-day")
            #expect(page.text(id: "legal-day-date")?.hasPrefix("2026-03-20") == true)
            let badPhone = try await Self.book(web, slot: slotID, phone: "12345")
            #expect(badPhone.status == .unprocessableContent && badPhone.text(id: "phone-error") != nil)
            let booked = try await Self.book(web, slot: slotID, phone: "13971602345")
            #expect(booked.status == .created)
            let code = try #require(booked.text(id: "booking-code"))
            #expect(code.count == 8 && booked.contains("林*") && !booked.contains("13971602345"))
            // The same phone holds one booking a month; retrying again and again hits intake's per-phone limit.
            let again = try await Self.book(web, slot: slotID, phone: "139 7160 2345")
            #expect(again.status == .conflict && again.text(id: "booking-refused") == "该手机号本月已有预约。")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 { statuses.append(try await Self.book(web, slot: slotID, phone: "13971602345").status) }
            #expect(statuses.last == .tooManyRequests)
            let second = try await Self.book(web, slot: slotID, name: "王芳", phone: "13971602346")
            #expect(second.status == .created)
            let secondCode = try #require(second.text(id: "booking-code"))
            let full = try await Self.book(web, slot: slotID, name: "李娜", phone: "13971602347")
            #expect(full.status == .conflict && full.text(id: "booking-refused") == "该时段名额已满，请选择其他时段。")

            // Lookup needs the code and the phone's last four digits; cancelling frees the place.
            #expect(try await web.page(.post, "/legal-day/booking", form: [("code", code), ("tail", "0000")]).status == .notFound)
            let found = try await web.page(.post, "/legal-day/booking", form: [("code", code.lowercased()), ("tail", "2345")])
            #expect(found.status == .ok && found.text(id: "booking-status") == "已预约")
            let cancelled = try await web.page(.post, "/legal-day/booking/cancel", form: [("code", code), ("tail", "2345")])
            #expect(cancelled.text(id: "booking-status") == "已取消")
            #expect(try await Self.book(web, slot: slotID, name: "李娜", phone: "13971602347").status == .created)

            // The roster (API: masked); attendance only from the day on.
            let day = try await web.request(.get, "/api/v1/legal-day?month=2026-03", token: supervisor)
            #expect(day["day"] as? String == "2026-03-20")
            let bookings = try #require(day["bookings"] as? [[String: Any]])
            #expect(bookings.count == 3 && bookings.allSatisfy { ($0["phone"] as? String)?.contains("****") == true })
            let attending = try #require(bookings.first { $0["status"] as? String == "booked" }?["id"] as? Int)
            let early = try await web.request(
                .post, "/api/v1/legal-day/bookings/\(attending)/attendance", body: ["status": "attended"], token: supervisor)
            #expect(early.status == .conflict && early.errorCode == "reception_early")
            clock.advance(18 * 86_400)
            supervisor = try await web.token("joint.supervisor")  // the first token has expired by the day
            #expect(
                try await web.request(
                    .post, "/api/v1/legal-day/bookings/\(attending)/attendance", body: ["status": "attended"],
                    token: supervisor
                ).status == .ok)
            let ticket = try await web.request(
                .post, "/api/v1/legal-day/bookings/\(attending)/ticket",
                body: [
                    "kind": "consultation", "category": "housing.leak", "area": "jiangzuan-grid1",
                ], token: supervisor)
            #expect(ticket.status == .created, "\(ticket.json)")
            let number = try #require(ticket["ticket"] as? String)
            let stored = try #require(try await web.database.tickets.ticket(number: number))
            #expect(
                stored.state.channel == .legalDay && stored.state.lawRelated && stored.state.requester.phone?.hasPrefix("1397160") == true)
            // Once only.
            #expect(
                try await web.request(.post, "/api/v1/legal-day/bookings/\(attending)/ticket", body: [:], token: supervisor).status
                    == .conflict)
            let figures = try await web.request(.get, "/api/v1/mechanism/figures", token: try await web.token("joint.leader"))
            #expect(figures["lawRelated"] as? Int == 1 && (figures["bookings"] as? [String: Int])?["attended"] == 1)
            let dashboard = try await web.page(.get, "/staff/dashboard", cookie: try await web.signIn("joint.leader"))
            #expect(dashboard.contains("id=\"mechanism-lawRelated\""))
            // The roster page shows names to those who run the day, and the look is audited.
            let roster = try await web.page(.get, "/staff/legal-day?month=2026-03", cookie: try await web.signIn("joint.intake"))
            #expect(roster.contains("李娜"))
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "legalDay.roster")).count == 1)
            #expect(try await web.page(.get, "/staff/legal-day", cookie: try await web.signIn("gh.handler")).status == .forbidden)
            // After the day a booking can no longer be cancelled, and stays as it was.
            clock.advance(86_400)
            let late = try await web.page(.post, "/legal-day/booking/cancel", form: [("code", secondCode), ("tail", "2346")])
            #expect(late.status == .conflict && late.text(id: "booking-message") == "本次接访日已过或已取消，不能预约或取消。")
            #expect(late.text(id: "booking-status") != "已取消")
        }
    }

    @Test func aMonthMovedOrCancelledByTheJointCentre() async throws {
        try await WebHarness.run { web in
            let cookie = try await web.signIn("joint.supervisor")
            let page = try await web.page(.get, "/staff/legal-day?month=2026-03", cookie: cookie)
            let csrf = try #require(page.csrf)
            #expect(page.text(id: "staff-legal-day")?.hasPrefix("2026-03-20") == true)
            let moved = try await web.page(
                .post, "/staff/legal-day/day", form: [("_csrf", csrf), ("month", "2026-03"), ("mode", "moved"), ("date", "2026-03-25")],
                cookie: cookie)
            #expect(moved.status == .seeOther)
            #expect(
                try await web.page(.get, "/staff/legal-day?month=2026-03", cookie: cookie).text(id: "staff-legal-day")?.hasPrefix(
                    "2026-03-25") == true)
            // A date outside the month is refused and changes nothing.
            let outside = try await web.page(
                .post, "/staff/legal-day/day", form: [("_csrf", csrf), ("month", "2026-03"), ("mode", "moved"), ("date", "2026-04-02")],
                cookie: cookie)
            #expect(outside.status == .unprocessableContent)
            #expect(outside.text(id: "staff-legal-day")?.hasPrefix("2026-03-25") == true)
            _ = try await web.page(
                .post, "/staff/legal-day/day", form: [("_csrf", csrf), ("month", "2026-03"), ("mode", "cancelled")], cookie: cookie)
            #expect(try await web.page(.get, "/staff/legal-day?month=2026-03", cookie: cookie).text(id: "staff-legal-day") == "本月接访日已取消")
            // The public page then offers April's day (the 20th is a Monday).
            #expect(try await web.page(.get, "/legal-day").text(id: "legal-day-date")?.hasPrefix("2026-04-20") == true)
            let handler = try await web.signIn("joint.handler")
            #expect(
                try await web.page(
                    .post, "/staff/legal-day/day", form: [("_csrf", "x"), ("month", "2026-03"), ("mode", "rule")], cookie: handler
                ).status == .forbidden)
            #expect(
                try await web.request(.get, "/api/v1/legal-day?month=2026-13", token: try await web.token("joint.supervisor")).status
                    == .unprocessableContent)
        }
    }
}
