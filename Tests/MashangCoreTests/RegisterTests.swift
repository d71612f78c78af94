import Foundation
import MashangCore
import MashangTesting
import Testing

/// The registers' engine: field validation, statuses and the entries an action needs, masking, the legal reception
/// day's schedule, sentiment deadlines, and the register half of the authorisation matrix.
struct RegisterValidationTests {
    let reference = Fixtures.reference
    let today = ChinaDay(year: 2026, month: 3, day: 2)

    @Test func everyBadFieldIsNamedAndUnknownFieldsAreRefused() throws {
        let input: RegisterFields = [
            "title": .text(String(repeating: "长", count: 101)), "type": .text("volcano"), "area": .text("nowhere"),
            "level": .text("high"), "owners": .list(["guanghua-street", "no-such-org"]), "measures": .text("  "),
            "category": .text("housing.leak"), "colour": .text("red"),
        ]
        let error = try #require(throws: ValidationError.self) {
            try RegisterEngine.open(.risk, input, by: Fixtures.governmentDispatcher, reference: reference, today: today)
        }
        let problems = Dictionary(uniqueKeysWithValues: error.fields.map { ($0.name, $0.problem) })
        #expect(
            problems == [
                "title": "tooLong", "type": "invalid", "area": "unknown", "owners": "unknown", "measures": "required",
                "place": "required", "colour": "unknown",
            ])
    }

    @Test func valuesAreBroughtIntoTheirStoredForm() throws {
        let opening = try RegisterEngine.open(
            .household,
            [
                "name": .text(" 刘桂兰 "), "phone": .text("+86 137-9716-1001"), "address": .text("五七小区8栋"), "area": .text("jiangzuan-grid1"),
                "type": .text("elderlyAlone"), "members": .text("2"), "consent": .text("on"), "consentOn": .text("2026-02-28"),
            ], by: Fixtures.actor("jianghan-oilfield", .assistance), reference: reference, today: today)
        #expect(opening.fields["name"] == .text("刘桂兰"))
        #expect(opening.fields["phone"] == .text("13797161001"))
        #expect(opening.fields["members"] == .number(2))
        #expect(opening.fields["consent"] == .text("yes"))
        #expect(opening.organization == "jianghan-oilfield")
        #expect(opening.day == "2026-03-02")
    }

    @Test(arguments: ["2026-02-30", "2026-2-01", "26-02-01", "2026-13-01", "1999-01-01", "二〇二六"])
    func impossibleDatesAreRefused(_ text: String) {
        #expect(RegisterValidator.day(text) == nil)
    }

    @Test func consentIsRequiredForAHousehold() throws {
        let error = try #require(throws: ValidationError.self) {
            try RegisterEngine.open(
                .household,
                [
                    "name": .text("刘桂兰"), "address": .text("五七小区"), "area": .text("jiangzuan-grid1"),
                    "type": .text("elderlyAlone"), "consentOn": .text("2026-02-28"),
                ],
                by: Fixtures.actor("jianghan-oilfield", .assistance), reference: reference, today: today)
        }
        #expect(error.fields.map(\.name) == ["consent"])
    }

    @Test func aUnitFilesOnlyForItselfButTheJointCentreForAnyone() throws {
        let report: RegisterFields = [
            "unit": .text("jianghan-oilfield"), "period": .text("2026-02"), "topics": .list(["wages"]),
            "mood": .text("stable"), "reporter": .text("陈琳"),
        ]
        #expect(throws: ValidationError.self) {
            try RegisterEngine.open(.sentiment, report, by: Fixtures.governmentDispatcher, reference: reference, today: today)
        }
        let opening = try RegisterEngine.open(.sentiment, report, by: Fixtures.jointDispatcher, reference: reference, today: today)
        // The court does not file employee sentiment reports, not even through the joint centre.
        var court = report
        court["unit"] = .text("qianjiang-court")
        #expect(throws: ValidationError("unit", "notAllowed")) {
            try RegisterEngine.open(.sentiment, court, by: Fixtures.jointDispatcher, reference: reference, today: today)
        }
        #expect(opening.uniqueKey == "sentiment:jianghan-oilfield|2026-02")
        #expect(opening.day == "2026-02-01")
        #expect(opening.parties == ["jianghan-oilfield", "joint"])
    }
}

struct RegisterLifecycleTests {
    let reference = Fixtures.reference
    let mediator = EventActor(username: "joint.mediator", organization: "joint")

    func record(_ kind: RegisterKind, _ fields: RegisterFields, status: String? = nil, entries: [(String, RegisterFields)] = [])
        -> RegisterRecord
    {
        var history = [
            RegisterEvent(
                sequence: 1, kind: .created, name: "", fields: fields, status: kind.schema.initialStatus, actor: mediator,
                occurredAt: Fixtures.now)
        ]
        for (name, fields) in entries {
            history.append(
                RegisterEvent(
                    sequence: history.count + 1, kind: .entry, name: name, fields: fields, status: kind.schema.initialStatus,
                    actor: mediator, occurredAt: Fixtures.now))
        }
        if let status {
            history.append(
                RegisterEvent(
                    sequence: history.count + 1, kind: .action, name: "x", fields: [:], status: status, actor: mediator,
                    occurredAt: Fixtures.now))
        }
        return RegisterRecord(
            id: 1, kind: kind, organization: "guanghua-street", parties: ["guanghua-street"], day: "2026-03-02", history: history)
    }

    let agreement: RegisterFields = ["terms": .text("赔偿两千元"), "signedOn": .text("2026-03-02")]

    @Test func anAgreementNeedsBothPartiesAMediatorAndASession() throws {
        var entries: [(String, RegisterFields)] = []
        let needed: [(String, RegisterFields, String)] = [
            ("party", ["side": .text("applicant"), "name": .text("王建华")], "party=side:applicant"),
            ("party", ["side": .text("respondent"), "name": .text("刘志明")], "party=side:respondent"),
            ("mediator", ["type": .text("judge"), "name": .text("孙法官"), "organization": .text("qianjiang-court")], "mediator"),
            ("session", ["date": .text("2026-03-02"), "place": .text("调解室"), "attendees": .text("双方"), "minutes": .text("调解")], "session"),
        ]
        for (name, fields, missing) in needed {
            let refusal = try #require(throws: RegisterRefusal.self) {
                try RegisterEngine.action("agree", agreement, on: record(.mediation, [:], entries: entries), reference: reference)
            }
            #expect(refusal == RegisterRefusal("missing", missing))
            entries.append((name, fields))
        }
        let (fields, status) = try RegisterEngine.action(
            "agree", agreement, on: record(.mediation, [:], entries: entries), reference: reference)
        #expect(status == "agreed" && fields == agreement)
    }

    @Test func actionsAndEntriesAreRefusedOutsideTheirStatuses() throws {
        let agreed = record(.mediation, [:], status: "agreed")
        #expect(throws: RegisterRefusal("status")) { try RegisterEngine.action("agree", agreement, on: agreed, reference: reference) }
        #expect(throws: RegisterRefusal("status")) {
            try RegisterEngine.entry(
                "session", ["date": .text("2026-03-02"), "place": .text("室"), "attendees": .text("双方"), "minutes": .text("…")],
                on: agreed, reference: reference)
        }
        #expect(throws: RegisterRefusal("unknown", "fly")) { try RegisterEngine.action("fly", [:], on: agreed, reference: reference) }
        // From agreed, judicial confirmation is the way on.
        let (_, status) = try RegisterEngine.action(
            "requestConfirmation", ["court": .text("qianjiang-court"), "submittedOn": .text("2026-03-03")],
            on: agreed, reference: reference)
        #expect(status == "confirmation")
    }

    @Test func anActionMayChangeARecordFieldAndKeepItsStatus() throws {
        var risk = record(.risk, ["level": .text("low"), "title": .text("积水点")])
        let (fields, status) = try RegisterEngine.action(
            "changeLevel", ["level": .text("major"), "note": .text("暴雨预警")], on: risk, reference: reference)
        #expect(status == "identified")
        risk.apply(
            RegisterEvent(
                sequence: 2, kind: .action, name: "changeLevel", fields: fields, status: status, actor: mediator, occurredAt: Fixtures.now))
        #expect(risk.fields["level"] == .text("major"))
        #expect(risk.fields["note"] == nil)  // not a record field
    }

    @Test func anAnswerMustNameAQuestionOfTheSameEvent() throws {
        let event = record(.outreach, ["topic": .text("座谈")], entries: [("question", ["text": .text("能否增设停车位?")])])
        #expect(throws: ValidationError("question", "unknown")) {
            try RegisterEngine.entry("answer", ["question": .number(1), "text": .text("可以")], on: event, reference: reference)
        }
        let fields = try RegisterEngine.entry("answer", ["question": .text("2"), "text": .text("可以")], on: event, reference: reference)
        #expect(fields["question"] == .number(2))
    }

    @Test func personalFieldsAreMaskedInTheRecordAndItsEntries() {
        let household = record(
            .household,
            [
                "name": .text("刘桂兰"), "phone": .text("13797161001"), "address": .text("五七小区8栋2单元301"),
                "area": .text("jiangzuan-grid1"),
            ])
        let masked = household.masked
        #expect(masked.fields["name"] == .text("刘**"))
        #expect(masked.fields["phone"] == .text("137****1001"))
        #expect(masked.fields["address"] == .text("五******"))
        #expect(masked.fields["area"] == .text("jiangzuan-grid1"))
        #expect(masked.history[0].fields["name"] == .text("刘**"))
        #expect(household.hasPersonalData && !record(.risk, ["title": .text("积水点")]).hasPersonalData)
        let mediation = record(
            .mediation, [:], entries: [("party", ["side": .text("applicant"), "name": .text("王建华"), "phone": .text("13871601200")])])
        #expect(mediation.masked.history[1].fields["phone"] == .text("138****1200"))
        #expect(mediation.masked.history[1].fields["side"] == .text("applicant"))
    }

    @Test func quantitiesCountPersonTimesAndAttendance() {
        let visit = RegisterEvent(
            sequence: 2, kind: .entry, name: "visit", fields: ["persons": .number(3)], status: "active", actor: mediator,
            occurredAt: Fixtures.now)
        #expect(RegisterEngine.quantity(of: visit, in: .household) == 3)
        #expect(RegisterEngine.quantity(of: record(.outreach, ["attendance": .number(120)])) == 120)
        #expect(RegisterEngine.quantity(of: record(.outreach, [:])) == 0)
        #expect(RegisterEngine.quantity(of: record(.risk, [:])) == 1)
    }
}

struct ReceptionScheduleTests {
    let calendar = WorkingCalendar(
        holidays: try! HolidayTable(entries: [
            .init(day: "2026-09-20", kind: .holiday, name: "调休测试"), .init(day: "2026-09-21", kind: .holiday, name: "调休测试"),
            .init(day: "2026-06-20", kind: .workday, name: "补班"),
        ]), hours: .standard)

    @Test func theTwentiethOrTheNextWorkingDay() {
        // 2026-05-20 is a Wednesday.
        #expect(
            ReceptionSchedule.day(inMonthOf: ChinaDay(year: 2026, month: 5, day: 3), override: nil, calendar: calendar)?.description
                == "2026-05-20")
        // 2026-12-20 is a Sunday: Monday the 21st.
        #expect(
            ReceptionSchedule.day(inMonthOf: ChinaDay(year: 2026, month: 12, day: 1), override: nil, calendar: calendar)?.description
                == "2026-12-21")
        // 2026-09-20 (Sunday) and the 21st are holidays here: Tuesday the 22nd.
        #expect(
            ReceptionSchedule.day(inMonthOf: ChinaDay(year: 2026, month: 9, day: 30), override: nil, calendar: calendar)?.description
                == "2026-09-22")
        // 2026-06-20 is a Saturday but a make-up working day: kept.
        #expect(
            ReceptionSchedule.day(inMonthOf: ChinaDay(year: 2026, month: 6, day: 1), override: nil, calendar: calendar)?.description
                == "2026-06-20")
    }

    @Test func aMonthCanBeMovedOrCancelled() {
        let moved = ChinaDay(year: 2026, month: 5, day: 27)
        #expect(ReceptionSchedule.day(inMonthOf: moved, override: .moved(moved), calendar: calendar) == moved)
        #expect(ReceptionSchedule.day(inMonthOf: moved, override: .cancelled, calendar: calendar) == nil)
    }

    @Test func slotsAndBookingsAreValidated() throws {
        let reference = Fixtures.reference
        #expect(throws: ValidationError("ends", "invalid")) {
            try ReceptionSlot.validated(
                month: "2026-05", judge: "孙法官", organization: "qianjiang-court", starts: "11:00", ends: "09:00",
                place: "接访室", capacity: "6", reference: reference)
        }
        let error = try #require(throws: ValidationError.self) {
            try ReceptionSlot.validated(
                month: "2026-5", judge: "", organization: "nowhere", starts: "25:00", ends: "09:00", place: "室",
                capacity: "0", reference: reference)
        }
        #expect(Set(error.fields.map(\.name)) == ["month", "judge", "organization", "starts", "capacity"])
        let booking = try ReceptionBooking.validated(name: " 林晓 ", phone: "139 7160 2345", topic: "加班工资")
        #expect(booking.name == "林晓" && booking.phone == "13971602345")
        #expect(throws: ValidationError("phone", "invalid")) { try ReceptionBooking.validated(name: "林晓", phone: "12345", topic: "问") }
    }
}

struct SentimentScheduleTests {
    @Test func aMonthsReportIsDueByTheFifthOfTheNext() {
        #expect(SentimentSchedule.latestDueMonth(today: ChinaDay(year: 2026, month: 3, day: 5)) == "2026-01")
        #expect(SentimentSchedule.latestDueMonth(today: ChinaDay(year: 2026, month: 3, day: 6)) == "2026-02")
        #expect(SentimentSchedule.latestDueMonth(today: ChinaDay(year: 2026, month: 1, day: 20)) == "2025-12")
        let overdue = SentimentSchedule.overdue(month: "2026-02", filed: ["jianghan-oilfield"], reference: Fixtures.reference)
        #expect(overdue.map(\.code) == ["guanghua-street"])
    }

    @Test func missingReportsAreCountedPerUnitAndMonthDueInThePeriod() {
        let today = ChinaDay(year: 2026, month: 3, day: 20)
        // Reports due 5 Feb (January's) and 5 Mar (February's) fall in February and March; March's is not due yet.
        #expect(
            SentimentSchedule.monthsDue(
                from: ChinaDay(year: 2026, month: 2, day: 1), to: ChinaDay(year: 2026, month: 3, day: 31), today: today)
                == ["2026-01", "2026-02"])
        #expect(
            SentimentSchedule.monthsDue(
                from: ChinaDay(year: 2026, month: 3, day: 1), to: ChinaDay(year: 2026, month: 3, day: 5), today: today)
                == ["2026-02"])
        #expect(
            SentimentSchedule.monthsDue(
                from: ChinaDay(year: 2026, month: 3, day: 1), to: ChinaDay(year: 2026, month: 3, day: 31),
                today: ChinaDay(year: 2026, month: 3, day: 5)
            ).isEmpty)
        let filed: [String: Set<String>] = ["2026-01": ["jianghan-oilfield", "guanghua-street"], "2026-02": ["jianghan-oilfield"]]
        #expect(
            SentimentSchedule.missing(months: ["2026-01", "2026-02"], filed: filed, organization: nil, reference: Fixtures.reference) == 1)
        #expect(
            SentimentSchedule.missing(
                months: ["2025-12", "2026-01", "2026-02"], filed: filed, organization: nil, reference: Fixtures.reference) == 3)
        #expect(
            SentimentSchedule.missing(months: ["2025-12"], filed: filed, organization: "jianghan-oilfield", reference: Fixtures.reference)
                == 1)
    }
}

struct RegisterPolicyTests {
    @Test func theJointCentreStandsOverEveryRecordItsRoleMayTouch() {
        let record = RegisterRecord(
            id: 1, kind: .risk, status: "identified", organization: "guanghua-street", parties: ["guanghua-street"],
            fields: [:], day: "2026-03-02")
        #expect(RegisterPolicy.allows(.act, Fixtures.jointDispatcher, .risk, record: record))
        #expect(RegisterPolicy.allows(.act, Fixtures.governmentDispatcher, .risk, record: record))
        #expect(!RegisterPolicy.allows(.act, Fixtures.enterpriseDispatcher, .risk, record: record))
        #expect(!RegisterPolicy.allows(.view, Fixtures.enterpriseDispatcher, .risk, record: record))
        #expect(!RegisterPolicy.allows(.act, Fixtures.actor("joint", .handler), .risk, record: record))
    }

    @Test func householdsAreTheAssistanceServicesAndOnlyItRevealsThem() {
        for role in Role.allCases {
            let reveal = RegisterPolicy.grant(.reveal, role: role, register: .household)
            #expect((reveal != .none) == (role == .assistance), "\(role)")
        }
        #expect(RegisterPolicy.grant(.view, role: .leader, register: .household) == .own)
        #expect(RegisterPolicy.grant(.create, role: .leader, register: .household) == .none)
    }

    @Test func mediatorsWorkEveryOrganisationsCasesAndAdministratorsNone() {
        for operation in RegisterOperation.allCases where operation != .raiseTicket {
            #expect(RegisterPolicy.grant(operation, role: .mediator, register: .mediation) == .all)
        }
        for register in RegisterKind.allCases {
            for operation in RegisterOperation.allCases {
                #expect(RegisterPolicy.grant(operation, role: .admin, register: register) == .none)
            }
        }
    }

    @Test func onlyRegistersWithChannelsRaiseTickets() {
        for register in RegisterKind.allCases where register.schema.ticketChannels.isEmpty {
            for role in Role.allCases { #expect(RegisterPolicy.grant(.raiseTicket, role: role, register: register) == .none) }
        }
    }
}

struct DutyRosterTests {
    @Test func aPostIsMannedOnItsWeekdaysWithinItsDates() {
        let post: RegisterFields = ["weekdays": .list(["mon", "wed"]), "startsOn": .text("2026-03-02"), "endsOn": .text("2026-03-31")]
        #expect(DutyRoster.isOnDuty(post, on: ChinaDay(year: 2026, month: 3, day: 2)))  // Monday
        #expect(!DutyRoster.isOnDuty(post, on: ChinaDay(year: 2026, month: 3, day: 3)))  // Tuesday
        #expect(DutyRoster.isOnDuty(post, on: ChinaDay(year: 2026, month: 3, day: 4)))  // Wednesday
        #expect(!DutyRoster.isOnDuty(post, on: ChinaDay(year: 2026, month: 2, day: 23)))  // before it starts
        #expect(!DutyRoster.isOnDuty(post, on: ChinaDay(year: 2026, month: 4, day: 6)))  // after it ends
        var open = post
        open["endsOn"] = nil
        #expect(DutyRoster.isOnDuty(open, on: ChinaDay(year: 2027, month: 3, day: 1)))
    }
}

/// docs/authorization.md prints the register matrix the code enforces.
struct RegisterMatrixDocumentationTests {
    static func renderedTable() -> String {
        let operations = RegisterOperation.allCases
        var lines = [
            "| register | role | " + operations.map(\.rawValue).joined(separator: " | ") + " |",
            "|---|---|" + operations.map { _ in "---" }.joined(separator: "|") + "|",
        ]
        for register in RegisterKind.allCases {
            for role in Role.allCases {
                let cells = operations.map { operation -> String in
                    switch RegisterPolicy.grant(operation, role: role, register: register) {
                    case .all: "all"
                    case .own: "own"
                    case .none: "·"
                    }
                }
                guard cells.contains(where: { $0 != "·" }) else { continue }
                lines.append("| \(register.rawValue) | \(role.rawValue) | " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func theDocumentedRegisterMatrixIsTheEnforcedOne() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/authorization.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let table = Self.renderedTable()
        try? table.write(
            toFile: FileManager.default.temporaryDirectory.appendingPathComponent("mashang-register-table.md").path,
            atomically: true, encoding: .utf8)
        #expect(
            text.contains(table),
            "docs/authorization.md must contain the register table the code enforces (written to the temporary directory as mashang-register-table.md)"
        )
    }
}
