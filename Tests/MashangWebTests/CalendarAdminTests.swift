import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import Testing

/// The joint centre's administrators keep the working calendar: next year's holidays when the notice is published,
/// time limits per kind and urgency, office hours per organisation. Bad input is refused with the reason.
struct CalendarAdminTests {
    @Test func administratorsEnterNextYearsHolidaysFromTheNotice() async throws {
        try await WebHarness.run { web in
            let admin = try await web.signIn("joint.admin")
            let page = try await web.page(.get, "/staff/admin/calendar", cookie: admin)
            #expect(page.status == .ok)
            #expect(page.contains("2026-10-01") && page.contains("国庆节"))
            #expect(page.text(id: "holiday-source")?.contains("2026年部分节假日安排") == true)
            #expect(page.text(id: "missing-year") == "2027 年的放假安排尚未录入：该年只按周末计算非工作日。")
            let csrf = try #require(page.csrf)

            let unreadable = try await web.page(
                .post, "/staff/admin/calendar/holidays",
                form: [
                    ("_csrf", csrf), ("year", "2027"), ("source", "国务院办公厅通知"),
                    ("lines", "2027-01-01 放假 元旦\n2027-13-01 放假 错误\n2026-12-31 放假 去年"),
                ], cookie: admin)
            #expect(unreadable.status == .unprocessableContent)
            #expect(unreadable.text(id: "admin-error") == "第 2、3 行无法识别：每行为“日期 放假/上班 节日名”，日期须在所选年份内。")
            #expect(unreadable.contains("2027-13-01"))  // what was typed is kept
            let weekday = try await web.page(
                .post, "/staff/admin/calendar/holidays",
                form: [
                    ("_csrf", csrf), ("year", "2027"), ("source", "国务院办公厅通知"), ("lines", "2027-02-03 上班 春节"),
                ], cookie: admin)
            #expect(weekday.text(id: "admin-error") == "调休上班日必须是周六或周日。")
            let noSource = try await web.page(
                .post, "/staff/admin/calendar/holidays",
                form: [
                    ("_csrf", csrf), ("year", "2027"), ("source", ""), ("lines", "2027-01-01 放假 元旦"),
                ], cookie: admin)
            #expect(noSource.status == .unprocessableContent)
            #expect(try await web.database.calendar.holidayTable() == OfficialHolidays.table)

            let saved = try await web.page(
                .post, "/staff/admin/calendar/holidays",
                form: [
                    ("_csrf", csrf), ("year", "2027"), ("source", "国务院办公厅关于2027年部分节假日安排的通知"),
                    ("lines", "2027-01-01 放假 元旦\n\n2027-02-06 上班 春节\n2027-02-08 holiday 春节"),
                ], cookie: admin)
            #expect(saved.status == .seeOther)
            let table = try await web.database.calendar.holidayTable()
            #expect(table.years.contains(2027) && table.kind(of: ChinaDay("2027-02-06")!) == .workday)
            let after = try await web.page(.get, "/staff/admin/calendar?year=2027", cookie: admin)
            #expect(after.text(id: "missing-year") == nil)
            #expect(after.contains("2027-02-08"))
            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "calendar.holidays"))
            #expect(audit.first?.subject == "2027" && audit.first?.detail.hasPrefix("3 days") == true)
        }
    }

    @Test func timeLimitsAndOfficeHoursAreSetValidatedAndReset() async throws {
        try await WebHarness.run { web in
            let admin = try await web.signIn("joint.admin")
            let csrf = try #require(try await web.page(.get, "/staff/admin/calendar", cookie: admin).csrf)
            let limits: [(String, String)] = [
                ("_csrf", csrf), ("kind", "complaint"), ("urgency", "normal"), ("signForHours", "4"),
                ("firstContactHours", "8"), ("resolveDays", "3"), ("warnShare", "75%"),
            ]
            #expect(try await web.page(.post, "/staff/admin/calendar/limits", form: limits, cookie: admin).status == .seeOther)
            #expect(
                try await web.database.calendar.timePolicy().limits(.complaint, .normal)
                    == (try TimeLimits(signForHours: 4, firstContactHours: 8, resolveDays: 3, warnShare: 0.75)))
            let bad = try await web.page(
                .post, "/staff/admin/calendar/limits",
                form: [
                    ("_csrf", csrf), ("kind", "complaint"), ("urgency", "normal"),
                    ("signForHours", "-1"), ("firstContactHours", "8"), ("resolveDays", "0"), ("warnShare", "150%"),
                ], cookie: admin)
            #expect(bad.status == .unprocessableContent && bad.text(id: "admin-error")?.hasPrefix("时限不正确") == true)
            #expect(
                try await web.page(
                    .post, "/staff/admin/calendar/limits",
                    form: [("_csrf", csrf), ("kind", "complaint"), ("urgency", "normal"), ("reset", "1")],
                    cookie: admin
                ).status == .seeOther)
            #expect(try await web.database.calendar.timePolicy().overrides.isEmpty)

            #expect(
                try await web.page(
                    .post, "/staff/admin/calendar/hours",
                    form: [
                        ("_csrf", csrf), ("organization", "qianjiang-traffic-police"),
                        ("sessions", "00:00-24:00"),
                    ], cookie: admin
                ).status == .seeOther)
            #expect(try await web.database.calendar.officeHours()["qianjiang-traffic-police"]?.secondsPerDay == 86_400)
            let overlapping = try await web.page(
                .post, "/staff/admin/calendar/hours",
                form: [
                    ("_csrf", csrf), ("organization", "guanghua-street"),
                    ("sessions", "08:00-12:00, 11:00-13:00"),
                ], cookie: admin)
            #expect(overlapping.status == .unprocessableContent)
            let page = try await web.page(.get, "/staff/admin/calendar", cookie: admin)
            #expect(page.contains("00:00-24:00") && page.contains("08:30-12:00, 14:00-17:30 (默认)"))
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "calendar.hours")).count == 1)
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "calendar.limits")).count == 2)
            // The sweeper's whole-policy settings.
            #expect(
                try await web.page(
                    .post, "/staff/admin/calendar/supervision", form: [("_csrf", csrf), ("escalateAfterDays", "0"), ("followUpDays", "7")],
                    cookie: admin
                ).status == .unprocessableContent)
            #expect(
                try await web.page(
                    .post, "/staff/admin/calendar/supervision",
                    form: [("_csrf", csrf), ("escalateAfterDays", "3"), ("followUpDays", "10")],
                    cookie: admin
                ).status == .seeOther)
            let policy = try await web.database.calendar.timePolicy()
            // The petition setting is a checkbox: left unticked, a last day off no longer rolls on; ticked, it does.
            #expect(policy.escalateAfterDays == 3 && policy.followUpDays == 10 && !policy.petition.lastDayRolls)
            #expect(
                try await web.page(
                    .post, "/staff/admin/calendar/supervision",
                    form: [("_csrf", csrf), ("escalateAfterDays", "3"), ("followUpDays", "10"), ("petitionLastDayRolls", "yes")],
                    cookie: admin
                ).status == .seeOther)
            #expect(try await web.database.calendar.timePolicy().petition.lastDayRolls)
            let ticked = try await web.page(.get, "/staff/admin/calendar", cookie: admin)
            #expect(ticked.contains("name=\"petitionLastDayRolls\" value=\"yes\" checked"))

            // Only the joint centre's administrators.
            let organisationAdmin = try await web.signIn("gh.admin")
            #expect(try await web.page(.get, "/staff/admin/calendar", cookie: organisationAdmin).status == .forbidden)
            #expect(
                try await web.page(
                    .post, "/staff/admin/calendar/hours",
                    form: [
                        ("_csrf", csrf), ("organization", "guanghua-street"),
                        ("sessions", "09:00-17:00"),
                    ], cookie: organisationAdmin
                ).status == .forbidden)
        }
    }
}
