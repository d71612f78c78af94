import Foundation
import HTTPTypes
import Hummingbird
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

extension WebClient {
    /// Signs in through the login form, an administrator also through the code page (enrolling the first time);
    /// returns the session cookie.
    func signIn(_ username: String, password: String = WebHarness.password) async throws -> String {
        var response = try await page(.post, "/staff/login", form: [("username", username), ("password", password), ("next", "/staff")])
        #expect(response.status == .seeOther)
        if let location = response.headers[.location], location.hasPrefix("/staff/login/") {
            response = try await answerSecondFactor(username, at: location, challenge: try #require(response.cookie(Self.challenge)))
        }
        let cookie = try #require(response.cookie("mashang_session"), "no session for \(username)")
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
        return String(cookie.split(separator: ";")[0])
    }
}

extension HTMLResponse {
    /// The CSRF token the page's forms carry.
    var csrf: String? {
        guard let range = html.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }
}

struct StaffPagesTests {
    @Test func staffPagesNeedASessionAndTheLoginSaysWhenItFails() async throws {
        try await WebHarness.run { web in
            let anonymous = try await web.page(.get, "/staff/tickets")
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/staff/login?next=%2Fstaff%2Ftickets")
            let wrong = try await web.page(.post, "/staff/login", form: [("username", "gh.dispatcher"), ("password", "nope")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text(id: "login-error") == "用户名或密码不正确。")
            let offsite = try await web.page(
                .post, "/staff/login",
                form: [
                    ("username", "gh.dispatcher"), ("password", WebHarness.password),
                    ("next", "//evil.example/"),
                ])
            #expect(offsite.headers[.location] == "/staff")
            // A bearer token is for the API; it does not open the pages.
            #expect(try await web.page(.get, "/staff", cookie: "mashang_session=forged").status == .seeOther)
        }
    }

    @Test func theDeskCountsWhatWaitsForTheUsersOrganisation() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.signIn("joint.dispatcher")
            let desk = try await web.page(.get, "/staff", cookie: joint)
            #expect(desk.text(id: "count-toDispatch") == "1")
            #expect(desk.contains("/staff/tickets/\(number)"))
            #expect(desk.text(id: "signed-in-user") == "joint.dispatcher")
            let government = try await web.signIn("gh.dispatcher")
            #expect(try await web.page(.get, "/staff", cookie: government).text(id: "count-toDispatch") == "0")

            // In progress with a task due tomorrow: due soon; once the task is done: to reply.
            let jointToken = try await web.token("joint.dispatcher"), governmentToken = try await web.token("gh.dispatcher")
            _ = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: jointToken)
            _ = try await web.act(number, "acknowledge", as: governmentToken)
            _ = try await web.act(
                number, "tasks",
                [
                    "title": "核实", "department": "gh-construction", "responsiblePerson": "张伟",
                    "dueDate": "2026-03-03",
                ], as: governmentToken)
            var governmentDesk = try await web.page(.get, "/staff", cookie: government)
            #expect(governmentDesk.text(id: "count-dueSoon") == "1")
            #expect(governmentDesk.text(id: "count-toReply") == "0")
            #expect(governmentDesk.text(id: "count-overdue") == "0")
            _ = try await web.act(number, "tasks/1/complete", ["result": "已核实"], as: governmentToken)
            governmentDesk = try await web.page(.get, "/staff", cookie: government)
            #expect(governmentDesk.text(id: "count-dueSoon") == "0")
            #expect(governmentDesk.text(id: "count-toReply") == "1")
            let list = try await web.page(.get, "/staff/tickets?status=inProgress&due=none&sort=oldest", cookie: government)
            #expect(list.contains("/staff/tickets/\(number)"))
            #expect(try await web.page(.get, "/staff/tickets?due=someday", cookie: government).status == .unprocessableContent)
        }
    }

    @Test func theTicketPageOffersOnlyPermittedActionsAndCarriesThemOut() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.signIn("joint.dispatcher")
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: joint)
            #expect(page.text(id: "status") == "已受理")
            #expect(page.contains(#"id="action-dispatch""#) && page.contains(#"id="action-reject""#))
            #expect(!page.contains(#"id="action-acknowledge""#))
            #expect(!page.contains(#"id="action-answer""#))  // a complaint, not a consultation
            let csrf = try #require(page.csrf)

            let forged = try await web.page(
                .post, "/staff/tickets/\(number)/dispatch", form: [("_csrf", "wrong"), ("organization", "guanghua-street")],
                cookie: joint)
            #expect(forged.status == .forbidden)
            let invalid = try await web.page(
                .post, "/staff/tickets/\(number)/dispatch", form: [("_csrf", csrf), ("organization", "")],
                cookie: joint)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text(id: "action-error") == "“承办单位”为必填项。")
            let done = try await web.page(
                .post, "/staff/tickets/\(number)/dispatch",
                form: [
                    ("_csrf", csrf), ("organization", "guanghua-street"), ("department", "gh-construction"),
                    ("assisting", ""), ("note", ""),
                ], cookie: joint)
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/staff/tickets/\(number)?done=dispatch")
            let after = try await web.page(.get, "/staff/tickets/\(number)?done=dispatch", cookie: joint)
            #expect(after.text(id: "flash") == "已完成：派单")
            #expect(after.text(id: "status") == "已派单")
            #expect(after.text(id: "lead") == "广华街道办事处")

            let government = try await web.signIn("gh.dispatcher")
            let theirs = try await web.page(.get, "/staff/tickets/\(number)", cookie: government)
            #expect(theirs.contains(#"id="action-acknowledge""#) && theirs.contains(#"id="action-send-back""#))
            let refused = try await web.page(
                .post, "/staff/tickets/\(number)/reply",
                form: [
                    ("_csrf", try #require(theirs.csrf)),
                    ("text", "x"), ("contactMethod", "phone"),
                ],
                cookie: government)
            #expect(refused.status == .conflict)
            #expect(refused.text(id: "action-error") == "工单当前状态为“已派单”，不能执行“答复”。")
            let enterprise = try await web.signIn("jh.dispatcher")
            #expect(try await web.page(.get, "/staff/tickets/\(number)", cookie: enterprise).status == .notFound)
        }
    }

    @Test func theListFiltersSearchesAndExportsCSV() async throws {
        try await WebHarness.run { web in
            _ = try await web.submitLeak()
            let joint = try await web.signIn("joint.dispatcher")
            let query = "漏水".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let list = try await web.page(.get, "/staff/tickets?status=received&q=\(query)", cookie: joint)
            #expect(list.text(id: "total") == "共 1 件")
            #expect(list.contains("MS-2026-000001"))
            let none = try await web.page(.get, "/staff/tickets?status=closed", cookie: joint)
            #expect(none.text(id: "total") == "共 0 件")
            let bad = try await web.page(.get, "/staff/tickets?status=lost", cookie: joint)
            #expect(bad.status == .unprocessableContent)
            let csv = try await web.page(.get, "/staff/tickets.csv?status=received", cookie: joint)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.html.hasPrefix("\u{FEFF}\"工单编号\""))
            #expect(csv.html.contains("\"MS-2026-000001\",\"已受理\""))
            // A description that a spreadsheet would run as a formula is exported as text.
            _ = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "wuqi-gate", "kind": "complaint", "category": "property",
                    "description": "=HYPERLINK(\"x\") 电梯坏了", "requester": ["name": "李华", "phone": "13912345678"],
                ])
            let formula = try await web.page(.get, "/staff/tickets.csv", cookie: joint)
            #expect(formula.html.contains("\"'=HYPERLINK(\"\"x\"\") 电梯坏了\""))
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await WebHarness.run { web in
            let cookie = try await web.signIn("gh.leader")
            let desk = try await web.page(.get, "/staff", cookie: cookie)
            _ = try await web.page(.post, "/staff/logout", form: [("_csrf", try #require(desk.csrf))], cookie: cookie)
            #expect(try await web.page(.get, "/staff", cookie: cookie).status == .seeOther)
        }
    }
}

struct NewTicketPageTests {
    @Test func theDeskRecordsACallShowingSimilarOpenTicketsFirst() async throws {
        try await WebHarness.run { web in
            let existing = try #require(try await web.submitLeak()["number"] as? String)  // housing.leak at 江钻小区 grid 1
            let desk = try await web.signIn("joint.intake")
            let blank = try await web.page(.get, "/staff/new", cookie: desk)
            #expect(blank.status == .ok)
            #expect(blank.text(id: "similar-heading") == "同一地点同类的未办结工单")
            let csrf = try #require(blank.csrf)

            // Same category, another grid of the same community: the existing ticket is offered.
            let checked = try await web.page(.get, "/staff/new?check=1&category=housing&area=jiangzuan-grid2&channel=hotline", cookie: desk)
            #expect(checked.contains("/staff/tickets/\(existing)"))
            let fragment = try await web.page(.get, "/staff/similar?category=housing.leak&area=jiangzuan", cookie: desk)
            #expect(fragment.contains("/staff/tickets/\(existing)"))
            let elsewhere = try await web.page(.get, "/staff/similar?category=housing.leak&area=wuqi-grid1", cookie: desk)
            #expect(elsewhere.text(id: "no-similar") == "没有相似的未办结工单。")

            let invalid = try await web.page(
                .post, "/staff/new",
                form: [
                    ("_csrf", csrf), ("channel", "hotline"), ("kind", "help"),
                    ("category", "elderly"), ("area", "wuqi-grid1"), ("urgency", "normal"),
                    ("description", "独居老人需要助餐"), ("name", ""), ("phone", "555"),
                ],
                cookie: desk)
            #expect(invalid.status == .unprocessableContent)
            #expect(invalid.text(id: "new-phone-error") == "“联系电话”格式不正确。")
            #expect(invalid.contains("独居老人需要助餐"))
            let created = try await web.page(
                .post, "/staff/new",
                form: [
                    ("_csrf", csrf), ("channel", "hotline"), ("kind", "help"),
                    ("category", "elderly"), ("area", "wuqi-grid1"), ("urgency", "normal"),
                    ("description", "独居老人需要助餐"), ("name", "赵敏"), ("phone", "0728-6543210"),
                    ("idNumber", "11010519491231002x"),
                ],
                cookie: desk)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            #expect(location.hasPrefix("/staff/tickets/MS-2026-"))
            let page = try await web.page(.get, location, cookie: desk)
            #expect(page.text(id: "requester") == "赵* · 072****3210 · 110***********002X")
            let handler = try await web.signIn("gh.handler")
            #expect(try await web.page(.get, "/staff/new", cookie: handler).status == .forbidden)
        }
    }
}

struct DispatchBoardTests {
    @Test func theBoardListsWaitingTicketsByOrganisation() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.signIn("joint.dispatcher")
            let board = try await web.page(.get, "/staff/board", cookie: joint)
            #expect(board.status == .ok)
            #expect(board.contains(#"id="board-received""#) && board.contains("/staff/tickets/\(number)"))
            #expect(board.contains(#"id="board-guanghua-street""#))
            let fragment = try await web.page(.get, "/staff/board?fragment=1", cookie: joint)
            #expect(!fragment.contains("<html") && fragment.contains("/staff/tickets/\(number)"))
            let government = try await web.signIn("gh.dispatcher")
            let theirs = try await web.page(.get, "/staff/board", cookie: government)
            #expect(!theirs.contains(#"id="board-jianghan-oilfield""#))
        }
    }

    @Test func changesReachEverySubscriber() async throws {
        let changes = TicketChanges()
        let first = changes.subscribe()
        let second = changes.subscribe()
        #expect(changes.subscriberCount == 2)
        changes.publish("MS-2026-000001")
        var one = first.makeAsyncIterator(), two = second.makeAsyncIterator()
        #expect(await one.next() == "MS-2026-000001")
        #expect(await two.next() == "MS-2026-000001")
    }
}

struct AdminPagesTests {
    @Test func theRuleTesterExplainsWhereARequestGoesAndBadRuleSetsAreRefused() async throws {
        try await WebHarness.run { web in
            let admin = try await web.signIn("joint.admin")
            let tested = try await web.page(
                .get,
                "/staff/admin/rules?category=housing.leak&area=wuqi-grid1&kind=complaint&text="
                    + "单位宿舍漏水".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, cookie: admin)
            #expect(tested.text(id: "test-result") == "派给江汉油田基地发展中心（规则 housing-company-dorms）")
            #expect(!tested.contains(#"id="admin-message""#))
            let csrf = try #require(tested.csrf)

            let tie = try await web.page(
                .post, "/staff/admin/rules",
                form: [
                    ("_csrf", csrf), ("code", "property-2"), ("category", "property"),
                    ("area", ""), ("kind", ""), ("keywords", ""),
                    ("organization", "jianghan-oilfield"), ("department", ""),
                ], cookie: admin)
            #expect(tie.status == .unprocessableContent)
            #expect(tie.text(id: "admin-error") == "规则 property 与 property-2 条件相同却派往不同单位")

            let added = try await web.page(
                .post, "/staff/admin/rules",
                form: [
                    ("_csrf", csrf), ("code", "elderly-canteen-wuqi"),
                    ("category", "elderly.canteen"), ("area", "wuqi"), ("kind", ""),
                    ("keywords", ""), ("organization", "jianghan-oilfield"),
                    ("department", "jh-assistance"),
                ], cookie: admin)
            #expect(added.status == .seeOther)
            // The new rule routes intake at once.
            let routed = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "wuqi-gate", "kind": "help", "category": "elderly.canteen", "description": "社区食堂太远",
                    "requester": ["name": "王华", "phone": "13812345678"],
                ])
            #expect(routed["suggestedOrganization"] as? String == "jianghan-oilfield")
            let deleted = try await web.page(
                .post, "/staff/admin/rules/elderly-canteen-wuqi/delete", form: [("_csrf", csrf)], cookie: admin)
            #expect(deleted.status == .seeOther)
            #expect(!(try await web.page(.get, "/staff/admin/rules", cookie: admin)).contains(#"id="rule-elderly-canteen-wuqi""#))

            let organisationAdmin = try await web.signIn("gh.admin")
            #expect(try await web.page(.get, "/staff/admin/rules", cookie: organisationAdmin).status == .forbidden)
        }
    }

    @Test func securityAdministratorsAddAndDisableUsersOfTheirOrganisation() async throws {
        try await WebHarness.run { web in
            #expect(try await web.page(.get, "/staff/admin/users", cookie: try await web.signIn("gh.admin")).status == .forbidden)
            let admin = try await web.signIn("gh.securityAdmin")
            let page = try await web.page(.get, "/staff/admin/users", cookie: admin)
            #expect(!page.contains(#"<option value="admin">"#) && !page.contains(#"<option value="auditAdmin">"#))
            #expect(page.contains(#"id="user-gh.handler""#) && !page.contains(#"id="user-jh.handler""#))
            let csrf = try #require(page.csrf)
            let foreign = try await web.page(
                .post, "/staff/admin/users",
                form: [
                    ("_csrf", csrf), ("username", "jh.new"), ("password", "long-password"),
                    ("organization", "jianghan-oilfield"), ("role", "intake"), ("department", ""),
                ],
                cookie: admin)
            #expect(foreign.status == .unprocessableContent)
            let weak = try await web.page(
                .post, "/staff/admin/users",
                form: [
                    ("_csrf", csrf), ("username", "gh.li"), ("password", "abcdefghijk"),
                    ("organization", "guanghua-street"), ("role", "intake"), ("department", ""),
                ],
                cookie: admin)
            #expect(weak.status == .unprocessableContent)
            #expect(weak.contains("“密码”太简单"))
            // 三员分立: no administrator's account is made or switched off on this page.
            for role in ["admin", "securityAdmin", "auditAdmin"] {
                let elevated = try await web.page(
                    .post, "/staff/admin/users",
                    form: [
                        ("_csrf", csrf), ("username", "gh.boss"), ("password", "long-password"),
                        ("organization", "guanghua-street"), ("role", role), ("department", ""),
                    ],
                    cookie: admin)
                #expect(elevated.status == .unprocessableContent && elevated.contains("“角色”的取值在此处不允许"), "\(role)")
            }
            #expect(try await web.database.accounts.account(username: "gh.boss") == nil)
            let disableAdmin = try await web.page(.post, "/staff/admin/users/gh.admin/disable", form: [("_csrf", csrf)], cookie: admin)
            #expect(disableAdmin.status == .notFound)
            #expect(try await web.database.accounts.account(username: "gh.admin")?.active == true)
            let created = try await web.page(
                .post, "/staff/admin/users",
                form: [
                    ("_csrf", csrf), ("username", "gh.li"), ("password", "long-password"),
                    ("organization", "guanghua-street"), ("role", "handler"),
                    ("department", "gh-property"),
                ], cookie: admin)
            #expect(created.status == .seeOther)
            let session = try await web.signIn("gh.li", password: "long-password")
            #expect(try await web.page(.get, "/staff", cookie: session).status == .ok)
            let token =
                try await web.request(.post, "/api/v1/auth/token", body: ["username": "gh.li", "password": "long-password"])["token"]
                as? String
            #expect(try await web.request(.get, "/api/v1/me", token: token).status == .ok)
            _ = try await web.page(.post, "/staff/admin/users/gh.li/disable", form: [("_csrf", csrf)], cookie: admin)
            // Disabled: the open session and the API token stop working at once.
            #expect(try await web.page(.get, "/staff", cookie: session).status == .seeOther)
            #expect(try await web.request(.get, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test func theJointCentreAddsIntakePointsThatGetAFormAndAQRCode() async throws {
        try await WebHarness.run { web in
            let admin = try await web.signIn("joint.admin")
            let page = try await web.page(.get, "/staff/admin/points", cookie: admin)
            let csrf = try #require(page.csrf)
            let bad = try await web.page(
                .post, "/staff/admin/points",
                form: [
                    ("_csrf", csrf), ("code", "Bad Code"), ("name", ""), ("nameEn", "x"),
                    ("area", "wuqi"),
                ], cookie: admin)
            #expect(bad.status == .unprocessableContent)
            let added = try await web.page(
                .post, "/staff/admin/points",
                form: [
                    ("_csrf", csrf), ("code", "wuqi-canteen"), ("name", "五七小区社区食堂"),
                    ("nameEn", "Wuqi canteen"), ("area", "wuqi-grid2"),
                ], cookie: admin)
            #expect(added.status == .seeOther)
            #expect(try await web.page(.get, "/m/wuqi-canteen").text(id: "place") == "五七小区社区食堂 · 五七小区第二网格")
            #expect(try await web.page(.get, "/qr/wuqi-canteen.svg").status == .ok)
        }
    }
}

struct AdminStructureTests {
    @Test func theJointCentreAddsOrganisationsDepartmentsAndCategoriesThatTheRestOfTheSystemUses() async throws {
        try await WebHarness.run { web in
            let admin = try await web.signIn("joint.admin")
            let page = try await web.page(.get, "/staff/admin/structure", cookie: admin)
            #expect(page.contains(#"id="organizations-qianjiang-court""#))
            let csrf = try #require(page.csrf)
            let badKind = try await web.page(
                .post, "/staff/admin/structure/organizations",
                form: [("_csrf", csrf), ("code", "school"), ("name", "中学"), ("nameEn", "School"), ("parent", "joint")], cookie: admin)
            #expect(badKind.status == .unprocessableContent)
            let duplicate = try await web.page(
                .post, "/staff/admin/structure/departments",
                form: [("_csrf", csrf), ("code", "gh-property"), ("name", "x"), ("nameEn", "x"), ("parent", "guanghua-street")],
                cookie: admin)
            #expect(duplicate.status == .unprocessableContent)
            #expect(
                try await web.page(
                    .post, "/staff/admin/structure/departments",
                    form: [
                        ("_csrf", csrf), ("code", "gh-canteen"), ("name", "社区食堂办"), ("nameEn", "Canteen office"),
                        ("parent", "guanghua-street"),
                    ], cookie: admin
                ).status == .seeOther)
            #expect(
                try await web.page(
                    .post, "/staff/admin/structure/categories",
                    form: [
                        ("_csrf", csrf), ("code", "elderly.meals"), ("name", "老年助餐"), ("nameEn", "Meals for the elderly"),
                        ("parent", "elderly"),
                    ], cookie: admin
                ).status == .seeOther)
            let form = try await web.page(.get, "/m/wuqi-gate")
            #expect(form.contains(#"<option value="elderly.meals">老年助餐</option>"#))
            let departments = try await web.request(.get, "/api/v1/departments")
            #expect((departments["items"] as? [[String: Any]])?.contains { $0["code"] as? String == "gh-canteen" } == true)
        }
    }
}

struct AuditLogTests {
    @Test func signInsRuleChangesUserChangesAndExportsAreRecordedForTheAuditAdministrator() async throws {
        try await WebHarness.run { web in
            _ = try await web.request(.post, "/api/v1/auth/token", body: ["username": "gh.dispatcher", "password": "wrong"])
            let admin = try await web.signIn("joint.admin")
            let rules = try await web.page(.get, "/staff/admin/rules", cookie: admin)
            let csrf = try #require(rules.csrf)
            _ = try await web.page(.post, "/staff/admin/rules/traffic-road/delete", form: [("_csrf", csrf)], cookie: admin)
            _ = try await web.page(.get, "/staff/tickets.csv", cookie: admin)
            // The system administrator does not read the log of what it did: the audit administrator does.
            #expect(try await web.page(.get, "/staff/admin/audit", cookie: admin).status == .forbidden)
            let auditor = try await web.signIn("joint.auditAdmin")
            let log = try await web.page(.get, "/staff/admin/audit", cookie: auditor)
            #expect(log.status == .ok)
            for action in ["login.failure", "login.success", "rules.change", "export.csv"] {
                #expect(log.contains("<td>\(action)</td>"), "\(action)")
            }
            let failures = try await web.page(.get, "/staff/admin/audit?action=login.failure", cookie: auditor)
            #expect(failures.contains("<td>gh.dispatcher</td>") && !failures.contains("<td>rules.change</td>"))
            let csv = try await web.page(.get, "/staff/admin/audit?format=csv&action=rules.change", cookie: auditor)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.html.contains("\"rules.change\""))
            let organisationAdmin = try await web.signIn("gh.admin")
            #expect(try await web.page(.get, "/staff/admin/audit", cookie: organisationAdmin).status == .forbidden)
        }
    }
}
