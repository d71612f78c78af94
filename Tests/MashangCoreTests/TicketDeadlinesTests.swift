import Foundation
import MashangCore
import MashangTesting
import Testing

/// Deadlines from a ticket's history with fixed event times, the default policy and the official calendar.
struct TicketDeadlinesTests {
    static let calendar = WorkingCalendar(holidays: OfficialHolidays.table)

    static func at(_ day: String, _ hour: Int, _ minute: Int = 0) -> Date { ChinaDay(day)!.at(hour * 3600 + minute * 60) }

    /// A history: each change at its moment, by the joint centre's dispatcher.
    static func history(_ steps: [(Date, TicketChange)]) -> (events: [TicketEvent], state: TicketState) {
        let created = TicketChange.created(.init(number: "MS-2026-000001", draft: Fixtures.draft()))
        let events = ([(at("2026-03-02", 10), created)] + steps).enumerated().map { index, step in
            TicketEvent(sequence: index + 1, occurredAt: step.0, actor: Fixtures.jointDispatcher.eventActor, change: step.1)
        }
        return (events, TicketState.fold(events)!)
    }

    static func deadlines(
        _ steps: [(Date, TicketChange)], policy: TimePolicy = TimePolicy(),
        calendars: [String: WorkingCalendar] = [:]
    ) -> [Deadline] {
        let (events, state) = history(steps)
        return TicketDeadlines.of(events, state: state, policy: policy) { calendars[$0] ?? Self.calendar }
    }

    static let dispatch = TicketChange.dispatched(
        .init(
            organization: "guanghua-street", department: "gh-construction", assisting: [],
            binding: false, note: nil))

    @Test func aComplaintRunsAgainstSignForFirstContactAndResolveLimits() {
        // A normal complaint: sign for within 8 working hours, first contact within 16, resolve within 5 working days.
        let all = Self.deadlines([
            (Self.at("2026-03-02", 10, 30), Self.dispatch),
            (Self.at("2026-03-03", 9), .acknowledged),
            (Self.at("2026-03-11", 10), .replied(TicketReply(text: "已修复", contactMethod: .phone))),
        ])
        #expect(all.map(\.kind) == [.signFor, .firstContact, .resolve])
        let signFor = all[0], contact = all[1], resolve = all[2]
        // Monday 10:30: 1.5 h before lunch, 3.5 h after; 3 more hours on Tuesday morning.
        #expect(signFor.due == Self.at("2026-03-03", 11, 30))
        #expect(signFor.warnAt == Self.at("2026-03-03", 9, 54))  // 80 % = 6.4 working hours
        #expect(signFor.standing(at: Self.at("2026-03-04", 9)) == .met)
        #expect(signFor.organization == "guanghua-street" && signFor.department == "gh-construction")
        // Tuesday 09:00 + 16 working hours = Thursday 11:00.
        #expect(contact.due == Self.at("2026-03-05", 11))
        #expect(contact.standing(at: Self.at("2026-03-04", 9)) == .running)
        #expect(contact.standing(at: Self.at("2026-03-05", 10)) == .warning)
        #expect(contact.standing(at: Self.at("2026-03-12", 9)) == .metLate)
        // Five working days after Tuesday: the next Tuesday at closing time.
        #expect(resolve.due == Self.at("2026-03-10", 17, 30))
        #expect(resolve.standing(at: Self.at("2026-03-10", 18)) == .overdue)
        #expect(resolve.metAt == Self.at("2026-03-11", 10))
        #expect(resolve.standing(at: Self.at("2026-03-12", 9)) == .metLate)
    }

    @Test func aTaskIsDueByTheEndOfItsDayWarnedTheDayBeforeAndMetWhenDone() {
        let police = TicketTask(
            id: 1, title: "路口疏导", department: "police-traffic", organization: "qianjiang-traffic-police",
            responsiblePerson: "李警官", dueDate: "2026-03-05")
        let property = TicketTask(id: 2, title: "物业协调", department: "gh-property", responsiblePerson: "赵敏", dueDate: "2026-03-06")
        let steps: [(Date, TicketChange)] = [
            (Self.at("2026-03-02", 10, 30), Self.dispatch),
            (Self.at("2026-03-03", 9), .acknowledged),
            (Self.at("2026-03-03", 10), .taskAdded(police)),
            (Self.at("2026-03-03", 11), .taskAdded(property)),
            (Self.at("2026-03-06", 8), .taskCompleted(.init(taskId: 1, result: "已疏导"))),
        ]
        let tasks = Self.deadlines(steps).filter { $0.kind == .task }
        #expect(tasks.map(\.task) == [1, 2])
        let first = tasks[0], second = tasks[1]
        // Due at the end of its day (China time), warned from the start of the day before, counted to the task's unit.
        #expect(first.due == ChinaDay("2026-03-06")!.start)
        #expect(first.warnAt == ChinaDay("2026-03-04")!.start)
        #expect(first.organization == "qianjiang-traffic-police" && first.department == "police-traffic")
        #expect(first.standing(at: Self.at("2026-03-03", 12)) == .running)
        #expect(first.standing(at: Self.at("2026-03-04", 9)) == .warning)
        #expect(first.standing(at: Self.at("2026-03-05", 23, 59)) == .warning)
        #expect(first.standing(at: Self.at("2026-03-07", 9)) == .metLate)
        // An older history without the task's organisation counts it to the lead; the reply stops its clock.
        #expect(second.organization == "guanghua-street")
        #expect(second.standing(at: Self.at("2026-03-07", 9)) == .overdue)
        let replied = Self.deadlines(steps + [(Self.at("2026-03-06", 9), .replied(TicketReply(text: "已处理", contactMethod: .phone)))])
        #expect(replied.filter { $0.kind == .task }.map(\.metAt) == [Self.at("2026-03-06", 8), Self.at("2026-03-06", 9)])
        #expect(Lateness.of(Self.deadlines(steps), at: Self.at("2026-03-07", 9)).overdue)
    }

    @Test func theSpringFestivalAndUrgencyMoveTheDeadlines() throws {
        var urgent = TimePolicy()
        // Overrides replace the defaults for their pair only.
        let tight = try TimeLimits(signForHours: 1, firstContactHours: 2, resolveDays: 1, warnShare: 0.5)
        urgent = TimePolicy(overrides: [TimePolicy.Key(.complaint, .normal): tight])
        let festival = Self.deadlines(
            [(Self.at("2026-02-13", 17), Self.dispatch), (Self.at("2026-02-13", 17, 10), .acknowledged)], policy: urgent)
        // Friday 17:00 before 春节: half an hour that day, then Saturday 02-14 is a make-up working day.
        #expect(festival[0].due == Self.at("2026-02-14", 9))
        #expect(festival[0].warnAt == Self.at("2026-02-13", 17, 30))
        // Resolve within 1 working day of Friday: Saturday 02-14 (make-up), not after the holiday.
        #expect(festival[2].due == Self.at("2026-02-14", 17, 30))
        // Office hours of 00:00–24:00 count every hour of a working day; days off stay days off.
        let police = WorkingCalendar(holidays: OfficialHolidays.table, hours: try WorkingHours(sessions: [.init(start: 0, end: 86_400)]))
        let toPolice = Self.deadlines(
            [
                (
                    Self.at("2026-02-15", 22),
                    .dispatched(
                        .init(
                            organization: "qianjiang-traffic-police", department: nil,
                            assisting: [], binding: false, note: nil))
                )
            ],
            calendars: ["qianjiang-traffic-police": police])
        #expect(toPolice[0].due == Self.at("2026-02-24", 8))
    }

    @Test func sendBacksRedispatchesAndUnsatisfiedRatingsRestartTheClock() {
        let all = Self.deadlines([
            (Self.at("2026-03-02", 10, 30), Self.dispatch),
            (Self.at("2026-03-02", 11), .sentBack(.init(reason: .notOurJurisdiction, note: "不属本街道"))),
            (
                Self.at("2026-03-02", 15),
                .dispatched(.init(organization: "jianghan-oilfield", department: nil, assisting: [], binding: true, note: nil))
            ),
            (Self.at("2026-03-02", 16), .acknowledged),
            (Self.at("2026-03-04", 10), .replied(TicketReply(text: "已处理", contactMethod: .visit))),
            (Self.at("2026-03-05", 9), .followedUp(FollowUp(satisfaction: .unsatisfied, note: "仍然漏水"))),
        ])
        #expect(all.map(\.kind) == [.signFor, .signFor, .firstContact, .resolve, .resolve])
        #expect(all[0].organization == "guanghua-street" && all[0].metAt == Self.at("2026-03-02", 11))
        #expect(all[1].organization == "jianghan-oilfield" && all[1].standing(at: Self.at("2026-03-06", 9)) == .met)
        #expect(all[3].standing(at: Self.at("2026-03-06", 9)) == .met)
        let again = all[4]
        #expect(again.organization == "jianghan-oilfield" && again.metAt == nil)
        #expect(again.due == Self.at("2026-03-12", 17, 30))
        #expect(again.standing(at: Self.at("2026-03-13", 9)) == .overdue)
    }

    @Test func anApprovedExtensionMovesTheDueTimeAndARefusedOneDoesNot() throws {
        let base: [(Date, TicketChange)] = [(Self.at("2026-03-02", 10, 30), Self.dispatch), (Self.at("2026-03-02", 11), .acknowledged)]
        let request = TicketChange.extensionRequested(ExtensionRequest(deadline: .resolve, until: "2026-03-21", reason: "需等待配件"))
        // 2026-03-21 is a Saturday: the limit ends at the close of the next working day, Monday 03-23.
        let approved = Self.deadlines(
            base + [
                (Self.at("2026-03-05", 9), request),
                (
                    Self.at("2026-03-05", 10),
                    .extensionDecided(ExtensionDecision(deadline: .resolve, until: "2026-03-21", approved: true, note: nil))
                ),
            ])
        #expect(approved[2].due == Self.at("2026-03-23", 17, 30))
        #expect(approved[2].warnAt > Self.at("2026-03-17", 0) && approved[2].warnAt < approved[2].due)
        let refused = Self.deadlines(
            base + [
                (Self.at("2026-03-05", 9), request),
                (
                    Self.at("2026-03-05", 10),
                    .extensionDecided(ExtensionDecision(deadline: .resolve, until: "2026-03-21", approved: false, note: "理由不充分"))
                ),
            ])
        #expect(refused[2].due == Self.at("2026-03-09", 17, 30))
    }

    @Test func extensionsAreAskedForRunningLimitsOnceAtATime() throws {
        var script = try TicketScript.at(.inProgress)
        let reference = Fixtures.reference
        func decide(_ command: TicketCommand) throws -> TicketChange {
            try TicketLifecycle.decide(
                command, on: script.state, by: Fixtures.governmentDispatcher,
                context: DecisionContext(reference: reference, now: Fixtures.now))
        }
        #expect(throws: LifecycleError(.deadlineNotRunning, status: .inProgress, action: .requestExtension)) {
            try decide(.requestExtension(deadline: .signFor, until: "2026-03-10", reason: "x"))
        }
        #expect(throws: ValidationError.self) { try decide(.requestExtension(deadline: .resolve, until: "2026-03-01", reason: "x")) }
        #expect(throws: ValidationError.self) { try decide(.requestExtension(deadline: .resolve, until: "2026-03-10", reason: "")) }
        // A task's due date belongs to whoever gave the task; it is not a limit to extend.
        #expect(throws: ValidationError([.init("deadline", "invalid")])) {
            try decide(.requestExtension(deadline: .task, until: "2026-03-10", reason: "x"))
        }
        #expect(throws: LifecycleError(.noExtensionPending, status: .inProgress, action: .decideExtension)) {
            try decide(.decideExtension(approve: true, note: nil))
        }
        try script.run(.requestExtension(deadline: .resolve, until: "2026-03-10", reason: "需协调施工队"), as: Fixtures.governmentDispatcher)
        #expect(script.state.pendingExtension?.until == "2026-03-10")
        #expect(throws: LifecycleError(.extensionPending, status: .inProgress, action: .requestExtension)) {
            try decide(.requestExtension(deadline: .resolve, until: "2026-03-12", reason: "y"))
        }
        #expect(throws: ValidationError.self) { try decide(.decideExtension(approve: false, note: nil)) }  // a refusal needs a reason
        try script.run(.decideExtension(approve: true, note: nil), as: Fixtures.jointSupervisor)
        #expect(script.state.pendingExtension == nil)
    }

    @Test func aRecordedContactMeetsTheFirstContactLimitButNotTheResolveLimit() {
        let all = Self.deadlines([
            (Self.at("2026-03-02", 10, 30), Self.dispatch),
            (Self.at("2026-03-02", 11), .acknowledged),
            (Self.at("2026-03-03", 9), .contacted(Contacted(method: .phone, note: "已电话联系,约定明日上门"))),
        ])
        #expect(all[1].kind == .firstContact && all[1].metAt == Self.at("2026-03-03", 9))
        #expect(all[1].standing(at: Self.at("2026-03-20", 9)) == .met)
        #expect(all[2].kind == .resolve && all[2].metAt == nil)
    }
}
