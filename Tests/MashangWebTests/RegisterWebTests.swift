import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import SQLKit
import Testing

/// The registers over HTTP: a mediation case from API to agreement and the ticket's history, the register matrix
/// walked cell by cell, refusals in the user's language that change nothing, personal data masked and its reveals
/// audited, tickets raised from records (once per submission), and the records' pages.
struct RegisterWebTests {
    static func disputeTicket(_ web: WebClient, organization: String = "guanghua-street") async throws -> String {
        let created = try await web.request(
            .post, "/api/v1/tickets",
            body: [
                "channel": "walkIn", "kind": "dispute", "category": "housing.leak", "area": "jiangzuan-grid1", "description": "楼上漏水，邻里纠纷",
                "requester": ["name": "王建华", "phone": "13871601200"],
            ], token: try await web.token("joint.dispatcher"))
        let number = try #require(created["number"] as? String, "\(created.json)")
        let dispatched = try await web.act(number, "dispatch", ["organization": organization], as: try await web.token("joint.dispatcher"))
        #expect(dispatched.status == .ok, "\(dispatched.json)")
        return number
    }

    @Test func aMediationCaseRunsFromADisputeTicketToAnAgreementInTheTicketsHistory() async throws {
        try await WebHarness.run { web in
            let number = try await Self.disputeTicket(web)
            let mediator = try await web.token("court.mediator")
            // The joint centre's mediator opens the case (the court's cannot see the ticket); the court's mediator works it.
            #expect(
                try await web.request(
                    .post, "/api/v1/mediations", body: ["fields": ["ticket": number, "title": "漏水纠纷", "summary": "楼上漏水"]],
                    token: mediator
                ).status == .unprocessableContent)
            let opened = try await web.request(
                .post, "/api/v1/mediations", body: ["fields": ["ticket": number, "title": "漏水纠纷", "summary": "楼上漏水"]],
                token: try await web.token("joint.mediator"))
            #expect(opened.status == .created, "\(opened.json)")
            let id = try #require(opened["id"] as? Int)
            #expect(opened["organization"] as? String == "guanghua-street")
            // The lead organisation sees the case; an uninvolved one does not.
            #expect(try await web.request(.get, "/api/v1/mediations/\(id)", token: try await web.token("gh.dispatcher")).status == .ok)
            #expect(
                try await web.request(.get, "/api/v1/mediations/\(id)", token: try await web.token("jh.dispatcher")).status == .notFound)
            // A ticket of another kind cannot open one.
            let complaint = try await web.request(
                .post, "/api/v1/tickets",
                body: [
                    "channel": "walkIn", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1", "description": "屋顶漏水",
                    "requester": ["name": "王华", "phone": "13812345678"],
                ], token: try await web.token("joint.dispatcher"))
            let refused = try await web.request(
                .post, "/api/v1/mediations",
                body: ["fields": ["ticket": complaint["number"] as? String ?? "", "title": "x", "summary": "y"]],
                token: try await web.token("joint.mediator"))
            #expect(refused.status == .unprocessableContent && refused.errorFields.first?["field"] == "ticket")

            func entry(_ name: String, _ fields: [String: Any]) async throws -> JSONResponse {
                try await web.request(.post, "/api/v1/mediations/\(id)/entries", body: ["entry": name, "fields": fields], token: mediator)
            }
            let agreement: [String: Any] = ["action": "agree", "fields": ["terms": "赔偿两千元", "signedOn": "2026-03-02"]]
            let early = try await web.request(.post, "/api/v1/mediations/\(id)/actions", body: agreement, token: mediator)
            #expect(early.status == .conflict && early.errorCode == "register_missing" && early.errorMessage == "请先登记申请人。")
            #expect(try await entry("party", ["side": "applicant", "name": "王建华", "phone": "13871601200"]).status == .created)
            #expect(try await entry("party", ["side": "respondent", "name": "刘志明"]).status == .created)
            #expect(try await entry("mediator", ["type": "judge", "name": "孙法官", "organization": "qianjiang-court"]).status == .created)
            let session = try await entry("session", ["date": "2026-03-02", "place": "调解室", "attendees": "双方", "minutes": "释法明理"])
            #expect(session.status == .created)
            // Personal data is masked in every answer but the reveal, which is audited.
            let history = try #require(session["history"] as? [[String: Any]])
            #expect((history[1]["fields"] as? [String: Any])?["name"] as? String == "王**")
            #expect((history[1]["fields"] as? [String: Any])?["phone"] as? String == "138****1200")
            let agreed = try await web.request(.post, "/api/v1/mediations/\(id)/actions", body: agreement, token: mediator)
            #expect(agreed.status == .ok && agreed["status"] as? String == "agreed")
            let twice = try await web.request(.post, "/api/v1/mediations/\(id)/actions", body: agreement, token: mediator)
            #expect(twice.status == .conflict && twice.errorCode == "register_status")
            let revealed = try await web.request(.post, "/api/v1/mediations/\(id)/reveal", token: mediator)
            #expect(((revealed["history"] as? [[String: Any]])?[1]["fields"] as? [String: Any])?["name"] as? String == "王建华")
            #expect(
                try await web.request(.post, "/api/v1/mediations/\(id)/reveal", token: try await web.token("gh.leader")).status
                    == .forbidden)
            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "register.mediation.reveal"))
            #expect(audit.count == 1 && audit.first?.actor == "court.mediator" && audit.first?.subject == "mediation/\(id)")

            // Every step is in the ticket's history, and the ticket is law-related.
            let ticket = try #require(try await web.database.tickets.ticket(number: number))
            let notes = ticket.events.compactMap { event -> String? in
                if case .registerNoted(let note) = event.change { return note.what }
                return nil
            }
            #expect(notes == ["opened", "session", "agree"])
            #expect(ticket.state.lawRelated)

            // The printable agreement names the parties in clear, and opening it is an audited reveal.
            let cookie = try await web.signIn("court.mediator")
            let page = try await web.page(.get, "/staff/mediations/\(id)/agreement", cookie: cookie)
            #expect(page.status == .ok && page.contains("王建华") && page.contains("刘志明") && page.contains("赔偿两千元"))
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "register.mediation.reveal")).count == 2)
            let staffPage = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("gh.dispatcher"))
            #expect(staffPage.contains("调解达成协议（调解案件 \(id)）"))
        }
    }

    /// A valid new record of each register for a user of `organization`.
    static func newRecord(_ kind: RegisterKind, organization: String) -> [String: Any]? {
        switch kind {
        case .mediation: nil
        case .risk:
            [
                "title": "积水点", "type": "flood", "area": "jiangzuan-grid1", "place": "下穿通道", "level": "low", "owners": [organization],
                "measures": "设专人值守",
            ]
        case .sentiment: nil
        case .household:
            [
                "name": "刘桂兰", "address": "五七小区", "area": "jiangzuan-grid1", "type": "elderlyAlone", "consent": "yes",
                "consentOn": "2026-03-01",
            ]
        case .commendation: ["form": "banner", "receivedOn": "2026-03-01", "giver": "居民", "organization": organization, "praised": "吴芳"]
        case .outreach:
            [
                "type": "legalTalk", "topic": "民法典", "date": "2026-03-10", "place": "文化中心", "speakers": "孙法官",
                "organization": organization,
            ]
        }
    }

    @Test func theRegisterMatrixIsEnforcedCellByCellOverHTTP() async throws {
        try await WebHarness.run { web in
            for (organization, prefix) in [("joint", "joint"), ("guanghua-street", "gh")] {
                // The audit administrator exists at the joint centre only.
                for role in Role.allCases where role != .auditAdmin || organization == "joint" {
                    let token = try await web.token("\(prefix).\(role.rawValue)")
                    for kind in RegisterKind.allCases {
                        let list = try await web.request(.get, "/api/v1/\(kind.path)", token: token)
                        let mayView = RegisterPolicy.grant(.view, role: role, register: kind) != .none
                        #expect(list.status == (mayView ? .ok : .forbidden), "\(prefix).\(role) lists \(kind): \(list.status)")
                        guard let fields = Self.newRecord(kind, organization: organization) else { continue }
                        let created = try await web.request(.post, "/api/v1/\(kind.path)", body: ["fields": fields], token: token)
                        let mayCreate = RegisterPolicy.grant(.create, role: role, register: kind) != .none
                        #expect(
                            created.status == (mayCreate ? .created : .forbidden),
                            "\(prefix).\(role) creates \(kind): \(created.status) \(created.json)")
                        if mayCreate, let id = created["id"] as? Int {
                            // What a user created, they see; the other organisation's coordinators do not (the joint centre's do).
                            #expect(
                                try await web.request(.get, "/api/v1/\(kind.path)/\(id)", token: token).status
                                    == (mayView ? .ok : .notFound))
                            let other = try await web.request(
                                .get, "/api/v1/\(kind.path)/\(id)", token: try await web.token("jh.dispatcher"))
                            #expect(other.status == .notFound, "\(kind) \(id) seen by jh.dispatcher")
                        }
                    }
                }
            }
        }
    }

    @Test func badInputIsRefusedByNameInTheUsersLanguageAndChangesNothing() async throws {
        try await WebHarness.run { web in
            let token = try await web.token("gh.dispatcher")
            let bad: [String: Any] = [
                "fields": [
                    "title": "", "type": "volcano", "area": "jiangzuan-grid1", "place": "下穿通道", "level": "low",
                    "owners": ["guanghua-street"], "measures": "值守", "colour": "red",
                ]
            ]
            let chinese = try await web.request(.post, "/api/v1/risks", body: bad, token: token)
            #expect(chinese.status == .unprocessableContent)
            let messages = Dictionary(uniqueKeysWithValues: chinese.errorFields.map { ($0["field"] ?? "", $0["message"] ?? "") })
            #expect(messages["title"] == "“隐患名称”为必填项。")
            #expect(messages["type"] == "“类别”格式不正确。")
            #expect(messages["colour"] != nil)
            let english = try await web.request(.post, "/api/v1/risks", body: bad, token: token, language: "en")
            #expect(english.errorFields.first { $0["field"] == "title" }?["message"]?.contains("title") == true)
            // Another organisation's risk cannot be registered by a unit; malformed bodies are 400.
            let foreign = try await web.request(
                .post, "/api/v1/risks", body: ["fields": Self.newRecord(.risk, organization: "jianghan-oilfield")!], token: token)
            #expect(foreign.status == .unprocessableContent && foreign.errorFields.first?["code"] == "notAllowed")
            #expect(
                try await web.request(.post, "/api/v1/risks", raw: #"{"fields": {"title": {"x": 1}}}"#, token: token).status == .badRequest)
            #expect(try await web.request(.get, "/api/v1/risks?limit=0", token: token).status == .unprocessableContent)
            #expect(try await web.request(.get, "/api/v1/risks?status=burning", token: token).status == .unprocessableContent)
            let stored = try await web.database.backend.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM register_records").first()?.decode(column: "n", as: Int.self)
            }
            #expect(stored == 0)
        }
    }

    @Test func aConcernBecomesOneTicketHoweverOftenItIsSubmitted() async throws {
        try await WebHarness.run { web in
            let token = try await web.token("gh.dispatcher")
            let report = try await web.request(
                .post, "/api/v1/sentiment-reports",
                body: [
                    "fields": [
                        "unit": "guanghua-street", "period": "2026-02", "topics": ["housing"], "mood": "attention", "concerns": "加装电梯进度慢",
                        "reporter": "综治办 王强",
                    ]
                ], token: token)
            #expect(report.status == .created, "\(report.json)")
            let id = try #require(report["id"] as? Int)
            let again = try await web.request(
                .post, "/api/v1/sentiment-reports",
                body: [
                    "fields": [
                        "unit": "guanghua-street", "period": "2026-02", "topics": ["wages"], "mood": "stable", "reporter": "王强",
                    ]
                ], token: token)
            #expect(again.status == .conflict && again.errorMessage == "该单位本月的快报已报送，不能重复报送。")
            let body: [String: Any] = [
                "kind": "suggestion", "category": "property.elevator", "area": "jiangzuan-grid1",
                "description": "快报反映：加装电梯进度慢", "phone": "13971605678",
            ]
            let first = try await web.request(.post, "/api/v1/sentiment-reports/\(id)/tickets", body: body, token: token)
            #expect(first.status == .created, "\(first.json)")
            let number = try #require(first["ticket"] as? String)
            let second = try await web.request(.post, "/api/v1/sentiment-reports/\(id)/tickets", body: body, token: token)
            #expect(second["ticket"] as? String == number)
            let record = try #require(try await web.database.registers.record(Int64(id), kind: .sentiment))
            #expect(record.history.filter { $0.kind == .ticket }.count == 1 && record.tickets == [number])
            let ticket = try #require(try await web.database.tickets.ticket(number: number))
            #expect(ticket.state.channel == .sentimentReport && ticket.state.requester.name == "综治办 王强")
            // A channel the register does not use is refused; a register without channels has no such route.
            let wrong = try await web.request(
                .post, "/api/v1/sentiment-reports/\(id)/tickets", body: body.merging(["channel": "qr"]) { $1 }, token: token)
            #expect(wrong.status == .unprocessableContent)
            #expect(try await web.request(.post, "/api/v1/risks/\(id)/tickets", body: body, token: token).status == .notFound)
        }
    }

    @Test func theRecordPagesShowMaskedDataAndFormsThatRefuseInPlace() async throws {
        try await WebHarness.run { web in
            let cookie = try await web.signIn("jh.assistance")
            let form = try await web.page(.get, "/staff/households/new", cookie: cookie)
            let csrf = try #require(form.csrf)
            let missing = try await web.page(
                .post, "/staff/households",
                form: [
                    ("_csrf", csrf), ("name", "刘桂兰"), ("address", "五七小区"),
                    ("area", "jiangzuan-grid1"), ("type", "elderlyAlone"), ("consentOn", "2026-03-01"),
                ],
                cookie: cookie)
            #expect(missing.status == .unprocessableContent && missing.contains("刘桂兰"))  // the form comes back as typed
            #expect(missing.text(id: "new-consent-error") != nil)
            let created = try await web.page(
                .post, "/staff/households",
                form: [
                    ("_csrf", csrf), ("name", "刘桂兰"), ("phone", "13797161001"),
                    ("address", "五七小区8栋"), ("area", "jiangzuan-grid1"), ("type", "elderlyAlone"),
                    ("consent", "yes"), ("consentOn", "2026-03-01"),
                ], cookie: cookie)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = try await web.page(.get, location, cookie: cookie)
            #expect(page.contains("刘**") && page.contains("137****1001") && !page.contains("刘桂兰") && !page.contains("13797161001"))
            #expect(page.contains("id=\"reveal\""))
            // An entry refused in the record's status shows its message by the form, and nothing is written.
            let ended = try await web.page(.post, location + "/actions/end", form: [("_csrf", csrf), ("reason", "迁居外地")], cookie: cookie)
            #expect(ended.status == .seeOther)
            let visit = try await web.page(
                .post, location + "/entries/visit",
                form: [
                    ("_csrf", csrf), ("date", "2026-03-02"), ("visitors", "吴芳"),
                    ("persons", "2"), ("findings", "好"),
                ], cookie: cookie)
            #expect(visit.status == .conflict && visit.text(id: "record-status") == "已结束")
            // A leader of the organisation sees the household masked and cannot reveal it; another organisation does not see it.
            let leader = try await web.signIn("jh.leader")
            let led = try await web.page(.get, location, cookie: leader)
            #expect(led.status == .ok && led.contains("刘**") && !led.contains("id=\"reveal\""))
            #expect(try await web.page(.get, location, cookie: try await web.signIn("gh.assistance")).status == .notFound)
            // A hotline call becomes a ticket whose requester is the household (its sealed contact, never shown here).
            let householdID = try #require(Int(location.split(separator: "/").last ?? ""))
            _ = try await web.page(.post, location + "/actions/resume", form: [("_csrf", csrf), ("reason", "回迁")], cookie: cookie)
            let helper = try await web.token("jh.assistance")
            let call = try await web.request(
                .post, "/api/v1/households/\(householdID)/entries",
                body: [
                    "entry": "call",
                    "fields": [
                        "date": "2026-03-02", "summary": "家中水管爆裂，需要维修", "outcome": "ticket",
                    ],
                ], token: helper)
            let callEntry = try #require((call["history"] as? [[String: Any]])?.last?["sequence"] as? Int)
            let raised = try await web.request(
                .post, "/api/v1/households/\(householdID)/tickets",
                body: [
                    "channel": "hotline", "entry": callEntry, "kind": "help", "category": "housing.leak", "description": "便民热线：家中水管爆裂，需要维修",
                ],
                token: helper)
            #expect(raised.status == .created, "\(raised.json)")
            let requester = try #require(try await web.database.tickets.ticket(number: raised["ticket"] as? String ?? "")?.state)
            #expect(requester.requester.name == "刘桂兰" && requester.requester.phone == "13797161001" && requester.channel == .hotline)
            #expect(requester.area == "jiangzuan-grid1")
            // A form without the session's token is refused.
            #expect(try await web.page(.post, location + "/reveal", form: [("_csrf", "forged")], cookie: cookie).status == .forbidden)
        }
    }

    @Test func anOutreachQuestionsTicketReplyComesBackToTheEvent() async throws {
        try await WebHarness.run { web in
            let token = try await web.token("gh.dispatcher")
            let event = try await web.request(
                .post, "/api/v1/outreach", body: ["fields": Self.newRecord(.outreach, organization: "guanghua-street")!], token: token)
            let id = try #require(event["id"] as? Int)
            let held = try await web.request(
                .post, "/api/v1/outreach/\(id)/actions", body: ["action": "hold", "fields": ["attendance": 40]], token: token)
            #expect(held["status"] as? String == "held" && (held["fields"] as? [String: Any])?["attendance"] as? Int == 40)
            let asked = try await web.request(
                .post, "/api/v1/outreach/\(id)/entries", body: ["entry": "question", "fields": ["text": "能否增设停车位？"]], token: token)
            let question = try #require((asked["history"] as? [[String: Any]])?.last?["sequence"] as? Int)
            let raised = try await web.request(
                .post, "/api/v1/outreach/\(id)/tickets",
                body: [
                    "entry": question, "kind": "suggestion", "category": "property.elevator", "area": "jiangzuan-grid1",
                    "description": "座谈会问题：能否增设停车位", "name": "业主代表", "phone": "13971605679",
                ], token: token)
            let number = try #require(raised["ticket"] as? String, "\(raised.json)")
            let dispatcher = try await web.token("joint.dispatcher")
            _ = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: dispatcher)
            _ = try await web.act(number, "acknowledge", as: token)
            let replied = try await web.act(number, "reply", ["text": "已划设临时停车位30个", "contactMethod": "phone"], as: token)
            #expect(replied.status == .ok, "\(replied.json)")
            let page = try await web.page(.get, "/staff/outreach/\(id)", cookie: try await web.signIn("gh.dispatcher"))
            #expect(page.contains("已划设临时停车位30个") && page.contains(number))
            // The answer is recorded back on the event, naming its question.
            let recorded = try #require(try await web.database.registers.record(Int64(id), kind: .outreach))
            let answers: [RegisterFields] = recorded.entries("answer").map(\.fields)
            let expected: RegisterFields = ["question": .number(question), "text": .text("已划设临时停车位30个")]
            #expect(answers == [expected])
            let figures = try await web.request(.get, "/api/v1/mechanism/figures", token: try await web.token("joint.leader"))
            #expect((figures["quantities"] as? [String: Int])?["outreach.quantity"] == 40)
            #expect((figures["entries"] as? [String: Int])?["outreach.question"] == 1)
        }
    }

    @Test func todaysDutyRosterTheTicketsLinksAndTheReportsTable() async throws {
        try await WebHarness.run { web in
            let token = try await web.token("gh.dispatcher")
            let risk = try await web.request(
                .post, "/api/v1/risks", body: ["fields": Self.newRecord(.risk, organization: "guanghua-street")!], token: token)
            let id = try #require(risk["id"] as? Int)
            for (post, days) in [("校门护学岗", ["mon", "fri"]), ("周二岗", ["tue"])] {
                let added = try await web.request(
                    .post, "/api/v1/risks/\(id)/entries",
                    body: [
                        "entry": "dutyPost",
                        "fields": [
                            "post": post, "organization": "guanghua-street", "person": "网格员 张红", "weekdays": days, "from": "07:20",
                            "to": "08:10",
                            "startsOn": "2026-03-01",
                        ],
                    ], token: token)
                #expect(added.status == .created, "\(added.json)")
            }
            let cookie = try await web.signIn("gh.dispatcher")
            let list = try await web.page(.get, "/staff/risks", cookie: cookie)  // Monday 2 March 2026
            #expect(list.contains("校门护学岗") && !list.contains("周二岗"))

            // A dispute ticket offers mediation; once opened, the ticket links to the case and says it is law-related.
            let number = try await Self.disputeTicket(web)
            var page = try await web.page(.get, "/staff/tickets/\(number)", cookie: cookie)
            #expect(page.contains("id=\"mediate\"") && !page.contains("id=\"law-related\""))
            let opened = try await web.request(
                .post, "/api/v1/mediations", body: ["fields": ["ticket": number, "title": "纠纷", "summary": "概况"]], token: token)
            let mediation = try #require(opened["id"] as? Int)
            page = try await web.page(.get, "/staff/tickets/\(number)", cookie: cookie)
            #expect(page.contains("href=\"/staff/mediations/\(mediation)\""))
            #expect(page.contains("id=\"law-related\""))
            #expect(!page.contains("id=\"mediate\""))

            // The monthly report has the mechanism's table, with this month's and the cumulative figures.
            let report = try await web.page(.get, "/staff/reports/month?month=2026-03", cookie: try await web.signIn("joint.leader"))
            #expect(report.status == .ok && report.contains("id=\"mechanism\""))
            let csv = try await web.page(
                .get, "/staff/reports/month.csv?month=2026-03&table=mechanism", cookie: try await web.signIn("joint.leader"))
            #expect(csv.status == .ok && csv.html.contains(#""矛盾联调 · 调解案件","1","1""#), "\(csv.html)")
        }
    }

    @Test func everyRegisterLabelIsInBothLanguages() {
        var missing: [String] = []
        for language in [Language.zhHans, .en] {
            func need(_ key: String) {
                if Messages.bundled.optionalText(key, language) == nil { missing.append("\(language.rawValue) \(key)") }
            }
            for kind in RegisterKind.allCases {
                let schema = kind.schema
                let prefix = "register.\(kind.rawValue)"
                for key in ["title", "intro", "new"] { need("\(prefix).\(key)") }
                var fields = schema.fields
                for entry in schema.entries { need("\(prefix).entry.\(entry.name)"); fields += entry.fields }
                for action in schema.actions {
                    need("\(prefix).action.\(action.name)")
                    fields += action.fields
                    for requirement in action.requires { need("register.requires.\(requirement)") }
                }
                for status in schema.statuses { need("\(prefix).status.\(status)") }
                for field in fields {
                    need("\(prefix).field.\(field.name)")
                    switch field.type {
                    case .choice(let codes), .choices(let codes):
                        for code in codes { need("register.choice.\(code)") }
                    default: break
                    }
                }
                need("ui.register.nav.\(kind.rawValue)")
            }
            for status in ReceptionBooking.Status.allCases { need("reception.status.\(status.rawValue)") }
        }
        #expect(missing.isEmpty, "\(missing)")
    }
}

/// The mechanism panel counts missing sentiment reports per unit and month, separately for the period and since the
/// first report.
struct MissingReportsPanelTests {
    @Test func thePeriodAndTheCumulativeCountsOfMissingReportsDiffer() async throws {
        try await WebHarness.run { web in
            let report = try await web.request(
                .post, "/api/v1/sentiment-reports",
                body: [
                    "fields": [
                        "unit": "jianghan-oilfield", "period": "2026-01", "topics": ["housing"], "mood": "stable", "reporter": "王强",
                    ]
                ],
                token: try await web.token("jh.dispatcher"))
            #expect(report.status == .created, "\(report.json)")
            // Today is 2 March 2026: January's reports were due on 5 February (光华街道's is missing); February's are not due yet.
            let page = try await web.page(
                .get, "/staff/mechanism?from=2026-03-01&to=2026-03-02", cookie: try await web.signIn("joint.leader"))
            let row = try #require(page.html.range(of: #"id="mechanism-sentimentOverdue""#))
            let cells = String(page.html[row.upperBound...].prefix(400))
            #expect(cells.contains(#"<td class="num period">0</td>"#), "\(cells)")
            #expect(cells.contains(#"<td class="num total">1</td>"#), "\(cells)")
            let february = try await web.page(
                .get, "/staff/mechanism?from=2026-02-01&to=2026-03-02", cookie: try await web.signIn("joint.leader"))
            let again = try #require(february.html.range(of: #"id="mechanism-sentimentOverdue""#))
            #expect(String(february.html[again.upperBound...].prefix(400)).contains(#"<td class="num period">1</td>"#))
        }
    }
}

/// Each count of the mechanism panel opens exactly the records it counts: the period's and the cumulative one.
struct MechanismPanelLinkTests {
    @Test func thePeriodAndTheCumulativeNumbersOpenTheirRecords() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let risk = try #require(RegisterWebTests.newRecord(.risk, organization: "guanghua-street"))
            #expect(
                try await web.request(.post, "/api/v1/risks", body: ["fields": risk], token: try await web.token("gh.dispatcher")).status
                    == .created)
            clock.advance(40 * 86_400)
            #expect(
                try await web.request(.post, "/api/v1/risks", body: ["fields": risk], token: try await web.token("gh.dispatcher")).status
                    == .created)
            let session = try await web.signIn("joint.leader")
            let today = ChinaDay(clock.now)
            let page = try await web.page(.get, "/staff/mechanism?from=\(today.adding(-6))&to=\(today)", cookie: session)
            let row = try #require(page.html.range(of: #"id="mechanism-risks""#))
            let cells = String(page.html[row.upperBound...].prefix(600))
            func link(_ column: String) throws -> (href: String, count: String) {
                let pattern = #"<td class="num \#(column)"><a href="([^"]+)">(\d+)</a>"#
                let match = try #require(cells.firstMatch(of: try Regex(pattern)))
                return (
                    String(try #require(match.output[1].substring)).replacingOccurrences(of: "&amp;", with: "&"),
                    String(try #require(match.output[2].substring))
                )
            }
            let period = try link("period"), total = try link("total")
            #expect(period.count == "1" && total.count == "2")
            // Every figure of the panel states what it counts.
            let definitions = try #require(page.html.range(of: #"id="mechanism-definitions""#))
            let listed = page.html[definitions.upperBound...].prefix(20_000)
            #expect(listed.components(separatedBy: "<dd>").count - 1 == page.html.components(separatedBy: #"<tr id="mechanism-"#).count - 1)
            #expect(!page.html.contains("ui.mechanism.definition") && listed.contains("按登记日期统计"))
            for (href, count) in [period, total] {
                let list = try await web.page(.get, href, cookie: session)
                #expect(list.text(id: "record-total") == "共 \(count)", "\(href)")
            }
            // Entries count on their own date: an inspection of the older risk, dated today, is this period's.
            let older = try #require(
                ((try await web.request(.get, "/api/v1/risks", token: try await web.token("gh.dispatcher")))["records"]
                    as? [[String: Any]])?.compactMap { $0["id"] as? Int }.min())
            let inspection = try await web.request(
                .post, "/api/v1/risks/\(older)/entries",
                body: [
                    "entry": "inspection",
                    "fields": [
                        "date": today.description, "inspector": "李强", "findings": "积水已排", "result": "ok",
                    ],
                ], token: try await web.token("gh.dispatcher"))
            #expect(inspection.status == .created || inspection.status == .ok, "\(inspection.json)")
            let withEntry = try await web.page(.get, "/staff/mechanism?from=\(today.adding(-6))&to=\(today)", cookie: session)
            let entryRow = try #require(withEntry.html.range(of: #"id="mechanism-inspections""#))
            let entryCells = String(withEntry.html[entryRow.upperBound...].prefix(600))
            let entryMatch = try #require(entryCells.firstMatch(of: try Regex(#"<td class="num period"><a href="([^"]+)">(\d+)</a>"#)))
            #expect(String(try #require(entryMatch.output[2].substring)) == "1")
            let entries = try await web.page(
                .get, String(try #require(entryMatch.output[1].substring)).replacingOccurrences(of: "&amp;", with: "&"),
                cookie: session)
            #expect(entries.text(id: "entry-total") == "共 1" && entries.contains("积水点"))
            #expect(
                try await web.page(.get, "/staff/register-entries?register=risk&entry=volcano", cookie: session).status
                    == .unprocessableContent)
            // A filter nobody can mean is refused by name.
            let bad = try await web.page(.get, "/staff/risks?status=volcano&from=2026-13-01", cookie: session)
            #expect(bad.status == .unprocessableContent)
            // Empty filters mean "any".
            #expect(try await web.page(.get, "/staff/risks?status=&from=&to=", cookie: session).text(id: "record-total") == "共 2")
        }
    }

    @Test func theLawRelatedCountOpensExactlyItsTickets() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            for _ in 0..<2 {
                let number = try await RegisterWebTests.disputeTicket(web)
                let opened = try await web.request(
                    .post, "/api/v1/mediations", body: ["fields": ["ticket": number, "title": "漏水纠纷", "summary": "楼上漏水"]],
                    token: try await web.token("joint.mediator"))
                #expect(opened.status == .created, "\(opened.json)")
                clock.advance(20 * 86_400)
            }
            let session = try await web.signIn("joint.leader")
            let today = ChinaDay(clock.now)
            let page = try await web.page(.get, "/staff/mechanism?from=\(today.adding(-25))&to=\(today)", cookie: session)
            let row = try #require(page.html.range(of: #"id="mechanism-lawRelated""#))
            let cells = String(page.html[row.upperBound...].prefix(600))
            for (column, count) in [("period", "1"), ("total", "2")] {
                let match = try #require(cells.firstMatch(of: try Regex(#"<td class="num \#(column)"><a href="([^"]+)">(\d+)</a>"#)))
                #expect(String(try #require(match.output[2].substring)) == count)
                let href = String(try #require(match.output[1].substring)).replacingOccurrences(of: "&amp;", with: "&")
                let list = try await web.page(.get, href, cookie: session)
                #expect(list.text(id: "law-related-total") == "共 \(count)", "\(href)")
                #expect(list.contains("矛盾联调"))
            }
            #expect(try await web.page(.get, "/staff/law-related?from=2026-02-30", cookie: session).status == .unprocessableContent)
        }
    }
}
