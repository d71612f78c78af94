import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// Alerts and reminders below the web: who they reach, through which channel, in which words, and what happens when
/// the person changed their choice since the message was written.
struct StaffAndResidentDeliveryTests {
    static func apply(_ web: WebClient, _ number: String, _ command: TicketCommand, as actor: StaffActor, at date: Date = Fixtures.now)
        async throws
    {
        _ = try await web.database.tickets.apply(to: number, mergeTarget: nil, by: actor.eventActor, at: date) { state, _ in
            try TicketLifecycle.decide(command, on: state, by: actor, context: DecisionContext(reference: Fixtures.reference, now: date))
        }
    }

    /// A judge's morning on March's reception day (the 20th by the rule).
    static func marchSlot(_ web: WebClient) async throws -> ReceptionSlot {
        try await web.database.reception.addSlot(
            ReceptionSlot(
                id: 0, month: "2026-03", judge: "张法官", organization: "qianjiang-court", starts: "09:00", ends: "11:30",
                place: "联合接待大厅", capacity: 5, booked: 0))
    }

    static func actor(_ web: WebClient, _ username: String) async throws -> StaffActor {
        let account = try #require(try await web.database.accounts.account(username: username))
        return StaffActor(
            username: username, organization: account.organization,
            organizationKind: try #require(Fixtures.reference.organization(account.organization)).kind, role: account.role,
            department: account.department)
    }

    @Test func anEscalationReachesStaffByTheirChannelsInTheirWords() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let settings = web.database.messageSettings
            try await settings.setStaffContact(
                username: "gh.dispatcher", StaffContact(channel: .sms, address: "13900001111"), at: Fixtures.now)
            try await settings.setStaffContact(
                username: "gh.supervisor", StaffContact(channel: .sms, address: "13900002222"), at: Fixtures.now)
            try await settings.setStaffContact(
                username: "joint.supervisor", StaffContact(channel: .email, address: "sup@example.cn", language: "en"), at: Fixtures.now)
            let number = try await MessageDispatcherTests.create(web, consent: false)
            try await Self.apply(
                web, number, .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil),
                as: Fixtures.jointDispatcher)
            try await Self.apply(web, number, .escalate(note: "协调不动"), as: Fixtures.jointSupervisor)
            // The supervisor turns text messages off before the alert goes: it is kept, not sent.
            try await settings.setStaffContact(username: "gh.supervisor", nil, at: Fixtures.now)

            let texts = RecordingSender(), mail = RecordingSender(channel: .email)
            let dispatcher = try await MessageDispatcherTests.dispatcher(web, clock, senders: [texts, mail])
            let (_, report) = try await dispatcher.deliverOnce()
            // Withheld: the supervisor who turned alerts off (the requester's messages, declined, were never due).
            #expect(report.sent == 2 && report.withheld == 1)
            #expect(texts.sent.map(\.address) == ["13900001111"])
            #expect(texts.sent.first?.text == "诉求\(number)已升级至联合中心层级协调。")
            #expect(mail.sent.map(\.address) == ["sup@example.cn"])
            #expect(mail.sent.first?.text == "Request \(number) has been escalated to the joint centre tier.")
            let staff = try await web.database.outbox.messages(ofTicket: number).filter { $0.message.recipient != .requester }
            #expect(staff.first { $0.message.recipient == .staff("gh.supervisor") }?.withheld == .noAddress)
            // Staff alerts are not the requester's: the public timeline does not say they were told, nor does the ticket page.
            let code = try #require(try await web.database.tickets.ticket(number: number)?.state.trackingCode)
            let track = try await web.page(.post, "/track", form: [("number", number), ("code", code)])
            #expect(track.status == .ok && !track.contains("已短信告知"))
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.dispatcher"))
            #expect(page.contains("受理告知") && !page.contains("升级协调通知"))

            // A missed limit (督办) alerts the unit and the joint centre's supervisors the same way.
            try await Self.apply(web, number, .acknowledge, as: Fixtures.governmentDispatcher)
            clock.advance(30 * 86_400)
            _ = try await DeadlineSweeper(dependencies: dispatcher.dependencies, interval: .seconds(60)).sweepOnce()
            _ = try await dispatcher.deliverOnce()
            let notice = try #require(texts.sent.last)
            #expect(notice.purpose == .supervisionNotice && notice.address == "13900001111")
            #expect(notice.text.hasPrefix("督办通知：诉求\(number)（广华街道办事处）已超过"))
        }
    }

    @Test func remindersGoOnceTheDayBeforeAndReachTheBookedResident() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let settings = web.database.messageSettings
            let handler = try await Self.actor(web, "gh.handler")
            let department = try #require(handler.department)
            try await settings.setStaffContact(
                username: "gh.handler", StaffContact(channel: .sms, address: "13900003333"), at: Fixtures.now)
            try await settings.setStaffContact(
                username: "jh.dispatcher", StaffContact(channel: .sms, address: "13900004444"), at: Fixtures.now)
            let number = try await MessageDispatcherTests.create(web, consent: false)
            try await Self.apply(
                web, number, .dispatch(organization: "guanghua-street", department: department, assisting: [], note: nil),
                as: Fixtures.jointDispatcher)
            try await Self.apply(web, number, .acknowledge, as: Fixtures.governmentDispatcher)
            try await Self.apply(
                web, number, .addTask(title: "现场核查", department: department, responsiblePerson: "李工", dueDate: "2026-03-03"),
                as: Fixtures.governmentDispatcher)
            let slot = try await Self.marchSlot(web)
            let booking = try await web.database.reception.book(
                slot: slot.id, name: "王华", phone: "13812345678", topic: "劳动合同", code: "ABCD2345", at: Fixtures.now)

            let dependencies = try await AppDependencies.load(stores: web.database.stores, clock: { clock.now })
            let planner = ReminderPlanner(dependencies: dependencies)
            let sweeper = DeadlineSweeper(dependencies: dependencies, interval: .seconds(60))
            // 2 March: the task is due tomorrow, which the sweeper's warning tells its department's handlers; no report
            // is due yet, and the reception day is the 20th.
            _ = try await sweeper.sweepOnce()
            #expect(try await planner.planOnce() == 0)
            _ = try await sweeper.sweepOnce()
            #expect(try await web.database.outbox.messages(ofTicket: number).filter { $0.message.purpose == .taskDue }.count == 1)
            // 3 March: February's sentiment reports are due by the 5th and none is filed.
            clock.advance(86_400)
            #expect(try await planner.planOnce() == 1)
            // 19 March: the day before the reception day.
            clock.advance(16 * 86_400)
            #expect(try await planner.planOnce() == 1)

            let texts = RecordingSender()
            let dispatcher = MessageDispatcher(dependencies: dependencies, senders: [texts], publicURL: "https://m.example.cn")
            _ = try await dispatcher.deliverOnce()
            // Different recipients are served at once, so their messages may reach the gateway in any order.
            let sent = Dictionary(uniqueKeysWithValues: texts.sent.map { ($0.purpose, $0) })
            #expect(texts.sent.count == 3 && Set(sent.keys) == [.taskDue, .sentimentReportDue, .legalDayReminder])
            #expect(sent[.taskDue]?.address == "13900003333" && sent[.sentimentReportDue]?.address == "13900004444")
            #expect(sent[.legalDayReminder]?.address == "13812345678")
            #expect(sent[.taskDue]?.text == "诉求\(number)的任务“现场核查”将于2026-03-03到期，请按时办理。")
            let report = try #require(sent[.sentimentReportDue]?.text)
            #expect(report.hasPrefix("江汉油田") && report.contains("2026-02员工思想动态快报应于2026-03-05前报送"))
            #expect(
                sent[.legalDayReminder]?.text == "提醒：您预约的企法联合接访日为明天2026-03-20 09:00–11:30，地点联合接待大厅，预约码\(booking.code)。")
        }
    }

    @Test func aCancelledBookingHearsNothingAndAMovedDayIsAnnounced() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let slot = try await Self.marchSlot(web)
            let kept = try await web.database.reception.book(
                slot: slot.id, name: "王华", phone: "13812345678", topic: "劳动合同", code: "ABCD2345", at: Fixtures.now)
            let dependencies = try await AppDependencies.load(stores: web.database.stores, clock: { clock.now })
            let service = LegalDayService(dependencies: dependencies, tickets: TicketService(dependencies: dependencies))
            let admin = Fixtures.jointSupervisor
            try await service.setDay(month: "2026-03", mode: "moved", date: "2026-03-24", by: admin, address: "127.0.0.1")
            // The resident cancels before the notice goes out: it is kept, not sent.
            let other = try await web.database.reception.book(
                slot: slot.id, name: "李明", phone: "13812345679", topic: "工伤", code: "ABCD2346", at: Fixtures.now)
            try await service.setDay(month: "2026-03", mode: "cancelled", date: nil, by: admin, address: "127.0.0.1")
            try await web.database.reception.setStatus(other.id, to: .cancelled, from: [.booked], at: Fixtures.now)
            // A month already past is changed without telling anyone.
            try await service.setDay(month: "2026-02", mode: "cancelled", date: nil, by: admin, address: "127.0.0.1")

            let texts = RecordingSender()
            let (_, report) = try await MessageDispatcher(dependencies: dependencies, senders: [texts], publicURL: "https://m.example.cn")
                .deliverOnce()
            #expect(texts.sent.map(\.purpose) == [.legalDayMoved, .legalDayCancelled])
            #expect(texts.sent.allSatisfy { $0.address == "13812345678" })
            #expect(texts.sent[0].text == "您预约的企法联合接访日改至2026-03-24举行，预约码\(kept.code)继续有效。")
            #expect(report.withheld == 1)
        }
    }

    /// A consenting requester's submission through the API from a WeChat front end.
    static func submit(_ web: WebClient, wechat: String, description: String) async throws -> JSONResponse {
        try await web.request(
            .post, "/api/v1/intake",
            body: [
                "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "housing.leak", "description": description,
                "requester": ["name": "王华", "phone": "13812345678", "wechat": wechat], "smsConsent": true,
            ])
    }

    @Test func anEditedTemplateIsWhatGoesAndWeChatRequestersAreToldThere() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            try await web.database.messageSettings.saveTemplate(
                purpose: .received, language: "zh-Hans", text: "码上已受理{number}，凭{code}查询。", by: "joint.admin", at: Fixtures.now)
            let openID = "oVb2Xt1qzPZ3a9LwYb7mK0c4Rs8Q"
            let created = try await Self.submit(web, wechat: openID, description: "三栋顶楼屋顶漏水")
            let number = try #require(created["number"] as? String)
            let bad = try await Self.submit(web, wechat: "<script>", description: "三栋顶楼屋顶漏水")
            #expect(bad.status == .unprocessableContent)
            // The OpenID is sealed like the phone.
            let stored = try await web.database.backend.read { sql in
                try await sql.raw("SELECT payload FROM ticket_events").all().map { try $0.decode(column: "payload", as: String.self) }
            }
            #expect(!stored.joined().contains(openID))

            let wechat = RecordingSender(channel: .wechat), texts = RecordingSender()
            _ = try await MessageDispatcherTests.dispatcher(web, clock, senders: [wechat, texts]).deliverOnce()
            #expect(texts.sent.isEmpty)
            let code = try #require(try await web.database.tickets.ticket(number: number)?.state.trackingCode)
            #expect(wechat.sent.map(\.address) == [openID])
            #expect(wechat.sent.first?.text == "码上已受理\(number)，凭\(code)查询。")

            // Where no WeChat account is configured, such a requester is texted instead, and the message says so.
            let second = try await Self.submit(web, wechat: openID, description: "二栋楼道灯不亮")
            let other = try #require(second["number"] as? String)
            _ = try await MessageDispatcherTests.dispatcher(web, clock, senders: [texts]).deliverOnce()
            #expect(texts.sent.map(\.address) == ["13812345678"] && wechat.sent.count == 1)
            #expect(try await web.database.outbox.messages(ofTicket: other).map(\.message.channel) == [.sms])
        }
    }
}
