import Foundation
import MashangCore
import SQLKit

/// Demo records of the mechanism's other arms, so that a fresh demo shows each of them working: mediation cases on
/// dispute tickets, a year of legal reception days with bookings and law-related tickets, risks with a school-crossing
/// duty post, six months of sentiment reports (one unit late), households with visits and help, commendations and
/// outreach events with questions.
struct DemoRegisterSeeder {
    let database: MashangDatabase
    let now: Date
    let reference = DemoReference.referenceData

    func staff(_ prefix: String, _ role: Role) -> StaffActor {
        let organization = DemoReference.userPrefixes.first { $0.prefix == prefix }!.organization
        return StaffActor(
            username: "\(prefix).\(role.rawValue)", organization: organization,
            organizationKind: reference.organization(organization)!.kind, role: role, department: nil)
    }

    var today: ChinaDay { ChinaDay(now) }

    func at(_ day: ChinaDay, hour: Int = 10) -> Date { day.at(hour * 3600) }

    @discardableResult
    func open(
        _ kind: RegisterKind, _ fields: RegisterFields, by staff: StaffActor, on day: ChinaDay,
        tickets: SQLRegisterStore.TicketEffect? = nil, ticketOrganizations: [String] = []
    ) async throws -> RegisterRecord {
        let opening = try RegisterEngine.open(
            kind, fields, by: staff, reference: reference, today: day, ticketOrganizations: ticketOrganizations)
        return try await database.registers.create(
            kind, opening, by: staff.eventActor, at: at(day),
            tickets: tickets ?? .opening(kind, opening.fields))
    }

    @discardableResult
    func entry(_ record: RegisterRecord, _ name: String, _ fields: RegisterFields, by staff: StaffActor, on day: ChinaDay) async throws
        -> RegisterRecord
    {
        let reference = self.reference
        return try await database.registers.append(record.id, kind: record.kind, by: staff.eventActor, at: at(day, hour: 15)) { current in
            let checked = try RegisterEngine.entry(name, fields, on: current, reference: reference)
            return (.entry, name, checked, current.status, .mediation(current, what: name, fields: checked))
        }
    }

    @discardableResult
    func act(_ record: RegisterRecord, _ name: String, _ fields: RegisterFields, by staff: StaffActor, on day: ChinaDay) async throws
        -> RegisterRecord
    {
        let reference = self.reference
        return try await database.registers.append(record.id, kind: record.kind, by: staff.eventActor, at: at(day, hour: 16)) { current in
            let (checked, status) = try RegisterEngine.action(name, fields, on: current, reference: reference)
            return (.action, name, checked, status, .mediation(current, what: name, fields: checked))
        }
    }

    func numbers(kind: String, limit: Int, offset: Int = 0) async throws -> [(String, String)] {
        try await database.backend.read { db in
            try await db.raw(
                """
                SELECT number, lead_org FROM tickets WHERE kind = \(bind: kind) AND received_at < \(bind: StoreTime.milliseconds(now))
                ORDER BY id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
                """
            ).all().map { (try $0.decode(column: "number", as: String.self), try $0.decode(column: "lead_org", as: String.self)) }
        }
    }

    func seed() async throws {
        try await seedMediation()
        try await seedLegalDays()
        try await seedRisks()
        try await seedSentiment()
        try await seedAssistance()
        try await seedOutreach()
    }

    func seedMediation() async throws {
        let mediator = staff("joint", .mediator), judge = staff("court", .mediator)
        let disputes = try await numbers(kind: "dispute", limit: 3)
        let stories: [(String, String, String)] = [
            (
                "楼上漏水致楼下天花板受损纠纷", "楼上住户卫生间防水层老化,漏水导致楼下天花板、墙面受损,双方就赔偿金额协商未果。",
                "一、楼上住户于十五日内修复卫生间防水层;二、楼上住户一次性赔偿楼下住户装修损失人民币贰仟元;三、双方就此事再无其他争议。"
            ),
            ("物业服务费与停车位纠纷", "业主以停车位被占为由拒缴物业费,物业公司要求补缴欠费。", ""),
            ("装修噪音邻里纠纷", "邻居装修时间过长、噪音扰民,双方多次发生口角。", ""),
        ]
        for (index, (number, lead)) in disputes.enumerated() {
            let (title, summary, terms) = stories[index]
            let day = today.adding(-40 + index * 15)
            let record = try await open(
                .mediation, ["ticket": .text(number), "title": .text(title), "summary": .text(summary)], by: mediator,
                on: day, ticketOrganizations: [lead])
            try await entry(
                record, "party",
                [
                    "side": .text("applicant"), "name": .text(["王建华", "李秀英", "陈国强"][index]),
                    "phone": .text("1387160\(String(format: "%04d", 1200 + index))"), "role": .text("业主"),
                ], by: mediator, on: day)
            try await entry(
                record, "party",
                [
                    "side": .text("respondent"), "name": .text(["刘志明", "某物业服务公司", "赵丽"][index]),
                    "role": .text(index == 1 ? "物业公司" : "邻居"),
                ], by: mediator, on: day)
            try await entry(
                record, "mediator", ["type": .text("peopleMediator"), "name": .text("周红梅"), "organization": .text("joint")],
                by: mediator, on: day)
            if index == 0 {
                try await entry(
                    record, "mediator", ["type": .text("judge"), "name": .text("孙法官"), "organization": .text("qianjiang-court")],
                    by: judge, on: day)
            }
            guard index < 2 else { continue }
            try await entry(
                record, "session",
                [
                    "date": .text(day.adding(5).description), "place": .text("联合调解中心调解室"),
                    "attendees": .text("双方当事人、调解员"), "minutes": .text("双方陈述事实,调解员释法明理,提出调解方案。"),
                ],
                by: mediator, on: day.adding(5))
            if index == 0 {
                let agreed = try await act(
                    record, "agree", ["terms": .text(terms), "signedOn": .text(day.adding(5).description)], by: mediator,
                    on: day.adding(5))
                try await act(
                    agreed, "requestConfirmation", ["court": .text("qianjiang-court"), "submittedOn": .text(day.adding(8).description)],
                    by: judge, on: day.adding(8))
            } else {
                try await act(
                    record, "fail", ["reason": .text("物业公司坚持全额补缴,业主拒绝。"), "route": .text("litigation")], by: mediator,
                    on: day.adding(5))
            }
        }
    }

    /// The last twelve months' reception days with two judges, bookings (most came) and their law-related tickets;
    /// this month's and next month's slots are open for booking.
    func seedLegalDays() async throws {
        let reception = database.reception
        let consultations = try await numbers(kind: "consultation", limit: 60)
        var next = 0
        var generator = SeededGenerator(seed: 20_261_120)
        let names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "黄敏", "赵勇", "周杰", "吴霞"]
        let topics = ["劳动合同解除的经济补偿", "房屋买卖合同纠纷", "退休待遇核定", "交通事故赔偿", "婚姻家庭财产分割", "邻里相邻权纠纷"]
        for back in stride(from: 12, through: -1, by: -1) {
            let month = SentimentSchedule.month(today.firstOfMonth.addingMonths(-back))
            for (judge, starts, ends) in [("孙法官", "09:00", "11:30"), ("钱法官", "14:30", "17:00")] {
                let slot = try await reception.addSlot(
                    ReceptionSlot(
                        id: 0, month: month, judge: judge, organization: "qianjiang-court",
                        starts: starts, ends: ends, place: "联合调解中心接访室", capacity: 6, booked: 0))
                guard back > 0 else { continue }
                for index in 0..<Int.random(in: 2...4, using: &generator) {
                    let phone = "1397160\(String(format: "%04d", back * 100 + index * 10 + (judge == "孙法官" ? 1 : 2)))"
                    let booking = try await reception.book(
                        slot: slot.id, name: names.randomElement(using: &generator)!, phone: phone,
                        topic: topics.randomElement(using: &generator)!,
                        code: TrackingCode.make(using: &generator), at: now.addingTimeInterval(Double(-back) * 30 * 86_400))
                    let came = index < 3
                    try await reception.setStatus(booking.id, to: came ? .attended : .absent, from: [.booked], at: now)
                    if came, next < consultations.count {
                        let (number, _) = consultations[next]
                        next += 1
                        try await reception.linkTicket(
                            booking: booking.id, number: number,
                            note: RegisterNote(
                                register: "legalDay", record: booking.id, what: "consultation",
                                detail: "\(judge) · \(booking.topic)", lawRelated: true),
                            organization: "qianjiang-court", by: staff("court", .mediator).eventActor,
                            at: now.addingTimeInterval(Double(-back) * 30 * 86_400))
                    }
                }
            }
        }
    }

    func seedRisks() async throws {
        let street = staff("gh", .dispatcher), police = staff("police", .dispatcher), joint = staff("joint", .supervisor)
        let school = try await open(
            .risk,
            [
                "title": .text("广华小学门口道路施工"), "type": .text("schoolRoad"), "area": .text("guanghua-area"), "place": .text("广华小学正门至五七路口"),
                "level": .text("high"), "owners": .list(["guanghua-street", "qianjiang-traffic-police"]),
                "measures": .text("施工区域设置围挡和警示标志;上下学时段设立护学岗,交警疏导交通;施工车辆错峰通行。"),
            ], by: joint, on: today.adding(-30))
        let controlled = try await act(school, "control", ["note": .text("护学岗已设立,围挡到位。")], by: street, on: today.adding(-29))
        try await entry(
            controlled, "dutyPost",
            [
                "post": .text("广华小学正门护学岗"), "organization": .text("qianjiang-traffic-police"),
                "person": .text("交警 李明"), "weekdays": .list(["mon", "tue", "wed", "thu", "fri"]),
                "from": .text("07:20"), "to": .text("08:10"), "startsOn": .text(today.adding(-29).description),
            ],
            by: police, on: today.adding(-29))
        try await entry(
            controlled, "dutyPost",
            [
                "post": .text("广华小学正门护学岗(放学)"), "organization": .text("guanghua-street"),
                "person": .text("网格员 张红"), "weekdays": .list(["mon", "tue", "wed", "thu", "fri"]),
                "from": .text("16:20"), "to": .text("17:00"), "startsOn": .text(today.adding(-29).description),
            ],
            by: street, on: today.adding(-29))
        for week in 1...3 {
            try await entry(
                controlled, "inspection",
                [
                    "date": .text(today.adding(-29 + week * 7).description), "inspector": .text("综治办 王强"),
                    "findings": .text(week == 2 ? "西侧围挡松动,已通知施工方加固。" : "围挡、警示标志完好,护学岗在岗。"),
                    "result": .text(week == 2 ? "issuesFound" : "ok"),
                ], by: street, on: today.adding(-29 + week * 7))
        }
        let flood = try await open(
            .risk,
            [
                "title": .text("江汉路下穿通道汛期积水"), "type": .text("flood"), "area": .text("guanghua-area"), "place": .text("江汉路铁路下穿通道"),
                "level": .text("medium"), "owners": .list(["guanghua-street"]), "measures": .text("汛期前清淤,配备抽水泵,降雨时设专人值守并封闭通道。"),
            ], by: street, on: today.adding(-200))
        try await entry(
            flood, "inspection",
            [
                "date": .text(today.adding(-150).description), "inspector": .text("城建办 刘刚"),
                "findings": .text("排水口已清淤,抽水泵试运行正常。"), "result": .text("ok"),
            ], by: street, on: today.adding(-150))
        try await act(flood, "resolve", ["note": .text("排水管网改造完工,汛期未再积水。")], by: street, on: today.adding(-60))
        try await open(
            .risk,
            [
                "title": .text("冒充客服退款类电信诈骗高发"), "type": .text("fraud"), "area": .text("guanghua-area"), "place": .text("全片区"),
                "level": .text("high"), "owners": .list(["qianjiang-traffic-police", "jianghan-oilfield"]),
                "measures": .text("社区民警入户宣传,企业内网推送预警,老年人重点提醒。"),
            ], by: police, on: today.adding(-10))
    }

    func seedSentiment() async throws {
        let units = SentimentSchedule.reportingUnits(reference)
        let latestDue = SentimentSchedule.latestDueMonth(today: today)
        for back in 1...6 {
            let monthDay = today.firstOfMonth.addingMonths(-back)
            let month = SentimentSchedule.month(monthDay)
            for (index, unit) in units.enumerated() {
                // The government office is late with the latest month's report: the list flags it.
                if month == latestDue && unit.kind == .government { continue }
                let prefix = DemoReference.userPrefixes.first { $0.organization == unit.code }!.prefix
                let mood = back == 2 && index == 0 ? "alert" : (back + index) % 3 == 0 ? "attention" : "stable"
                try await open(
                    .sentiment,
                    [
                        "unit": .text(unit.code), "period": .text(month), "mood": .text(mood),
                        "topics": .list(index == 0 ? ["wages", "pension", "reform"] : ["housing", "family"]),
                        "concerns": .text(mood == "alert" ? "部分退休职工反映养老金调整政策解读不到位,情绪波动较大。" : "总体平稳,个别员工关注子女入学。"),
                        "suggestions": .text("组织政策解读会,做好一对一沟通。"), "reporter": .text(prefix == "jh" ? "党群工作部 陈琳" : "综治办 王强"),
                    ], by: staff(prefix, .dispatcher), on: monthDay.addingMonths(1).adding(2))
            }
        }
    }

    func seedAssistance() async throws {
        let helper = staff("jh", .assistance)
        let households: [(String, String, String, String)] = [
            ("刘桂兰", "13797161001", "广华街道五七小区8栋2单元301", "elderlyAlone"), ("张德福", "13797161002", "广华街道江汉小区3栋1单元502", "elderlyAlone"),
            ("王海燕", "13797161003", "广华街道油建小区12栋4单元201", "employeeAway"), ("李春生", "13797161004", "广华街道向阳小区6栋1单元102", "specialNeeds"),
            ("赵玉梅", "13797161005", "广华街道五七小区2栋3单元401", "employeeAway"), ("孙建国", "13797161006", "广华街道江汉小区9栋2单元602", "hardship"),
        ]
        for (index, (name, phone, address, type)) in households.enumerated() {
            let start = today.adding(-300 + index * 20)
            var record = try await open(
                .household,
                [
                    "name": .text(name), "phone": .text(phone), "address": .text(address), "area": .text("guanghua-area"),
                    "type": .text(type),
                    "members": .number(type == "elderlyAlone" ? 1 : 3), "needs": .text(type == "elderlyAlone" ? "定期探望、代购药品" : "家中老人照料"),
                    "consent": .text("yes"), "consentOn": .text(start.description),
                ], by: helper, on: start)
            var day = start.adding(7), visits = 0
            while day < today {
                visits += 1
                record = try await entry(
                    record, "visit",
                    [
                        "date": .text(day.description), "visitors": .text("帮扶服务部 吴芳、志愿者"),
                        "persons": .number(2), "findings": .text("身体状况良好,生活用品充足。"),
                    ], by: helper, on: day)
                if (visits + index) % 3 == 0 {
                    record = try await entry(
                        record, "assistance",
                        [
                            "date": .text(day.description), "type": .text(index % 2 == 0 ? "dailyLife" : "medical"),
                            "helpers": .text("吴芳"), "minutes": .number(90), "persons": .number(1),
                            "description": .text(index % 2 == 0 ? "代购生活用品、打扫卫生" : "陪同就医、代取药品"),
                        ],
                        by: helper, on: day)
                }
                day = day.adding(30)
            }
            if index == 0 {
                try await entry(
                    record, "visitPlan",
                    [
                        "plannedOn": .text(today.adding(5).description), "visitor": .text("吴芳"),
                        "purpose": .text("冬季取暖安全检查"),
                    ], by: helper, on: today)
            }
        }
        let praised = try await numbers(kind: "help", limit: 8, offset: 10)
        for (index, (number, lead)) in praised.enumerated() {
            let owner = reference.organization(lead)?.kind == .joint ? "jianghan-oilfield" : lead
            let prefix = DemoReference.userPrefixes.first { $0.organization == owner }!.prefix
            try await open(
                .commendation,
                [
                    "form": .text(index % 3 == 0 ? "letter" : "banner"), "receivedOn": .text(today.adding(-index * 35).description),
                    "giver": .text(["刘桂兰", "张德福", "王海燕", "居民代表", "李春生", "赵玉梅", "孙建国", "五七小区业主"][index]),
                    "organization": .text(owner), "praised": .text(["帮扶服务部 吴芳", "城建办", "物业监管办", "交警大队巡逻中队"][index % 4]),
                    "wording": .text(index % 3 == 0 ? "感谢信" : "心系群众 排忧解难"), "tickets": .list([number]),
                ], by: staff(prefix, .dispatcher), on: today.adding(-index * 35))
        }
    }

    func seedOutreach() async throws {
        let court = staff("court", .mediator), street = staff("gh", .dispatcher)
        let events: [(String, String, StaffActor, Int, Int)] = [
            ("legalTalk", "《民法典》与百姓生活", court, -75, 120), ("residentForum", "老旧小区改造居民代表座谈会", street, -40, 35),
            ("legalTalk", "防范电信网络诈骗", court, -12, 200), ("residentForum", "冬季供暖居民代表座谈会", street, 10, 0),
        ]
        for (type, topic, organiser, offset, attendance) in events {
            let day = today.adding(offset)
            let record = try await open(
                .outreach,
                [
                    "type": .text(type), "topic": .text(topic), "date": .text(day.description),
                    "place": .text(type == "legalTalk" ? "油田文化中心报告厅" : "广华街道社区活动室"),
                    "speakers": .text(type == "legalTalk" ? "潜江市人民法院 孙法官" : "广华街道办事处 城建办"), "organization": .text(organiser.organization),
                ], by: organiser, on: day.adding(-10))
            guard offset < 0 else { continue }
            let held = try await act(record, "hold", ["attendance": .number(attendance)], by: organiser, on: day)
            let asked = try await entry(
                held, "question",
                [
                    "asker": .text("居民"), "text": .text(type == "legalTalk" ? "子女不赡养老人怎么办?" : "加装电梯的费用如何分摊?"),
                    "answer": .text(type == "legalTalk" ? "可申请调解或向法院起诉要求支付赡养费。" : ""),
                ], by: organiser, on: day)
            if type == "residentForum", let question = asked.history.last,
                let (number, _) = try await numbers(kind: "suggestion", limit: 1, offset: 3).first
            {
                _ = try await database.registers.append(asked.id, kind: .outreach, by: organiser.eventActor, at: at(day, hour: 17)) {
                    current in
                    (
                        .ticket, "raised", ["number": .text(number), "entry": .number(question.sequence)], current.status,
                        .init(numbers: [number], note: RegisterNote(register: "outreach", record: current.id, what: "raised"))
                    )
                }
            }
        }
    }
}

/// A small deterministic generator for demo data (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
