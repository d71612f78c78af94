import Foundation
import MashangCore
import MashangTesting
import Testing

/// 信访事项: each step's limit on the calendar (public holidays and 调休 working days included), and the review chain
/// with its illegal steps refused and nothing changed.
struct PetitionTests {
    static let official = TimeRules(holidays: OfficialHolidays.table, hours: [:], policy: TimePolicy())

    /// A received request registered as a petition at 10:00 on `day`, counted on the official calendar.
    static func registered(on day: String, time: TimeRules = official, leapfrog: Bool = false) throws -> TicketScript {
        var script = TicketScript(Fixtures.receivedTicket())
        script.time = time
        script.clock = ChinaDay(day)!.at(9 * 3600)
        try script.run(.registerPetition(reason: "群众书面信访，反映屋顶漏水久拖未决", leapfrog: leapfrog), as: Fixtures.jointDispatcher)
        return script
    }

    static func deadline(_ kind: Deadline.Kind, _ script: TicketScript) -> Deadline? {
        TicketDeadlines.of(script.events, state: script.state, policy: script.time.policy, calendar: script.time.calendar(for:))
            .last { $0.kind == kind }
    }

    static func at(_ day: String, _ hour: Int = 10) -> Date { ChinaDay(day)!.at(hour * 3600) }

    /// The handling accepted on `day`, dispatched and signed for.
    static func accepted(on day: String) throws -> TicketScript {
        var script = try registered(on: day)
        try script.run(.decidePetition(outcome: .accepted, note: "依法予以受理", forwardedTo: nil), as: Fixtures.jointDispatcher)
        try script.run(
            .dispatch(organization: "guanghua-street", department: "gh-construction", assisting: [], note: nil),
            as: Fixtures.jointDispatcher)
        try script.run(.acknowledge, as: Fixtures.governmentDispatcher)
        return script
    }

    @Test func theAcceptanceLimitIsFifteenCalendarDaysAndALastHolidayRollsOn() throws {
        // 09-16 + 15 = 10-01, National Day: the period ends on 10-08, the first working day after the holiday.
        let script = try Self.registered(on: "2026-09-16")
        let limit = try #require(Self.deadline(.petitionAcceptance, script))
        #expect(limit.due == ChinaDay("2026-10-09")!.start)
        #expect(limit.organization == TicketLifecycle.jointCentre)
        // A 调休 Saturday is a working day: 09-25 + 15 = 10-10 (Saturday, worked) stays.
        #expect(Self.deadline(.petitionAcceptance, try Self.registered(on: "2026-09-25"))?.due == ChinaDay("2026-10-11")!.start)
        // An ordinary weekend rolls to Monday: 10-02 + 15 = 10-17 (Saturday) → 10-19.
        #expect(Self.deadline(.petitionAcceptance, try Self.registered(on: "2026-10-02"))?.due == ChinaDay("2026-10-20")!.start)
        // The setting off: the last day is the last day.
        var plain = Self.official
        plain.policy.petition.lastDayRolls = false
        #expect(
            Self.deadline(.petitionAcceptance, try Self.registered(on: "2026-09-16", time: plain))?.due == ChinaDay("2026-10-02")!.start)
    }

    @Test func decidingMeetsTheAcceptanceLimitAndAcceptanceStartsSixtyDays() throws {
        var script = try Self.registered(on: "2026-08-01")
        script.clock = Self.at("2026-08-02")
        try script.run(.decidePetition(outcome: .accepted, note: "依法予以受理", forwardedTo: nil), as: Fixtures.jointDispatcher)
        #expect(Self.deadline(.petitionAcceptance, script)?.metAt == script.clock)
        // 08-02 + 60 = 10-01 → 10-08.
        let handling = try #require(Self.deadline(.petitionHandling, script))
        #expect(handling.due == ChinaDay("2026-10-09")!.start && handling.metAt == nil)
        // Extended by 30 from the original start: 08-02 + 90 = 10-31 (Saturday) → 11-02.
        try script.run(.extendPetition(days: 30, reason: "涉及多个部门，需会商"), as: Fixtures.jointSupervisor)
        #expect(Self.deadline(.petitionHandling, script)?.due == ChinaDay("2026-11-03")!.start)
        // A second extension, or more than 30 days, is refused and changes nothing.
        let before = script.state
        #expect(throws: LifecycleError(.petitionExtended, status: .received, action: .extendPetition)) {
            try script.run(.extendPetition(days: 5, reason: "再延"), as: Fixtures.jointSupervisor)
        }
        #expect(script.state == before)
    }

    @Test func extensionsAreBoundedAndOnlyForAcceptedPetitionsStillBeingHandled() throws {
        var script = try Self.registered(on: "2026-08-01")
        #expect(throws: LifecycleError(.petitionUndecided, status: .received, action: .extendPetition)) {
            try script.run(.extendPetition(days: 10, reason: "需会商"), as: Fixtures.jointSupervisor)
        }
        try script.run(.decidePetition(outcome: .accepted, note: "受理", forwardedTo: nil), as: Fixtures.jointDispatcher)
        #expect(throws: ValidationError("days", "invalid")) {
            try script.run(.extendPetition(days: 31, reason: "需会商"), as: Fixtures.jointSupervisor)
        }
        #expect(throws: ValidationError("days", "invalid")) {
            try script.run(.extendPetition(days: 0, reason: "需会商"), as: Fixtures.jointSupervisor)
        }
        var forwarded = try Self.registered(on: "2026-08-01")
        try forwarded.run(
            .decidePetition(outcome: .forwarded, note: "属法院管辖", forwardedTo: "潜江市人民法院"), as: Fixtures.jointDispatcher)
        #expect(forwarded.state.petition?.acceptance?.forwardedTo == "潜江市人民法院")
        #expect(Self.deadline(.petitionHandling, forwarded) == nil)
        #expect(throws: LifecycleError(.petitionNotAccepted, status: .received, action: .extendPetition)) {
            try forwarded.run(.extendPetition(days: 10, reason: "需会商"), as: Fixtures.jointSupervisor)
        }
    }

    @Test func aForwardedPetitionNamesWhereAndAnAcceptanceIsDecidedOnce() throws {
        var script = try Self.registered(on: "2026-08-01")
        #expect(throws: ValidationError("forwardedTo", "required")) {
            try script.run(.decidePetition(outcome: .forwarded, note: "属法院管辖", forwardedTo: " "), as: Fixtures.jointDispatcher)
        }
        #expect(throws: ValidationError("note", "required")) {
            try script.run(.decidePetition(outcome: .notAccepted, note: "", forwardedTo: nil), as: Fixtures.jointDispatcher)
        }
        try script.run(.decidePetition(outcome: .notAccepted, note: "已进入诉讼程序，依法不予受理", forwardedTo: "法院"), as: Fixtures.jointDispatcher)
        #expect(script.state.petition?.acceptance?.forwardedTo == nil)
        #expect(throws: LifecycleError(.petitionDecided, status: .received, action: .decidePetition)) {
            try script.run(.decidePetition(outcome: .accepted, note: "受理", forwardedTo: nil), as: Fixtures.jointDispatcher)
        }
        #expect(throws: LifecycleError(.alreadyPetition, status: .received, action: .registerPetition)) {
            try script.run(.registerPetition(reason: "再次登记", leapfrog: false), as: Fixtures.jointDispatcher)
        }
    }

    @Test func theReplyIsTheOpinionAndTheReviewChainRunsOnItsPeriods() throws {
        var script = try Self.accepted(on: "2026-08-02")
        // Nothing to review before the 处理意见书.
        #expect(throws: LifecycleError(.petitionNotAnswered, status: .inProgress, action: .requestPetitionReview)) {
            try script.run(.requestPetitionReview(reason: "不服"), as: Fixtures.jointDispatcher)
        }
        script.clock = Self.at("2026-09-01", 9)
        try script.run(.reply(text: "经核查，已安排维修。", contactMethod: .letter), as: Fixtures.governmentDispatcher)
        #expect(script.state.petition?.answeredAt == script.clock)
        #expect(Self.deadline(.petitionHandling, script)?.metAt == script.clock)
        // 09-01 + 30 = 10-01 → the petitioner may ask until the end of 10-08, not on 10-09.
        var late = script
        late.clock = Self.at("2026-10-09", 8)
        #expect(throws: LifecycleError(.reviewTooLate, status: .replied, action: .requestPetitionReview)) {
            try late.run(.requestPetitionReview(reason: "不服"), as: Fixtures.jointDispatcher)
        }
        script.clock = Self.at("2026-10-08", 16)
        try script.run(.requestPetitionReview(reason: "对处理意见不服，请求复查"), as: Fixtures.jointDispatcher)
        #expect(script.state.petition?.pendingReview?.level == .review)
        // The 复查 body answers within 30 days of the request: 10-08 + 30 = 11-07 (Saturday) → 11-09.
        let review = try #require(Self.deadline(.petitionReview, script))
        #expect(review.due == ChinaDay("2026-11-10")!.start && review.organization == TicketLifecycle.jointCentre)
        #expect(throws: LifecycleError(.reviewPending, status: .replied, action: .requestPetitionReview)) {
            try script.run(.requestPetitionReview(reason: "再次请求"), as: Fixtures.jointDispatcher)
        }
        #expect(throws: ValidationError("reviewer", "required")) {
            try script.run(.decidePetitionReview(upheld: true, body: "", opinion: "维持"), as: Fixtures.jointSupervisor)
        }
        try script.run(.decidePetitionReview(upheld: true, body: "潜江市信访局", opinion: "维持原处理意见。"), as: Fixtures.jointSupervisor)
        #expect(Self.deadline(.petitionReview, script)?.metAt == script.clock)
        #expect(throws: LifecycleError(.noReviewPending, status: .replied, action: .decidePetitionReview)) {
            try script.run(.decidePetitionReview(upheld: true, body: "潜江市信访局", opinion: "维持"), as: Fixtures.jointSupervisor)
        }
        // 复核 is counted from the 复查意见, then the chain ends.
        try script.run(.requestPetitionReview(reason: "对复查意见不服，请求复核"), as: Fixtures.jointDispatcher)
        #expect(script.state.petition?.pendingReview?.level == .reexamination)
        // Asked the moment the 复查 opinion was recorded (10-08 17:00 + 2 h = 19:00): 10-08 + 30 = 11-07 (Saturday) → 11-09.
        #expect(Self.deadline(.petitionReexamination, script)?.due == ChinaDay("2026-11-10")!.start)
        try script.run(.decidePetitionReview(upheld: false, body: "潜江市人民政府", opinion: "变更原处理意见。"), as: Fixtures.jointSupervisor)
        let before = script.state
        #expect(throws: LifecycleError(.reviewChainEnded, status: .replied, action: .requestPetitionReview)) {
            try script.run(.requestPetitionReview(reason: "再次请求"), as: Fixtures.jointDispatcher)
        }
        #expect(script.state == before)
        #expect(script.state.petition?.reviews.map(\.decision?.upheld) == [true, false])
    }

    @Test func theSweeperWatchesAPetitionStepOwedOnAClosedRequest() throws {
        var script = try Self.accepted(on: "2026-08-02")
        script.clock = Self.at("2026-09-01", 9)
        try script.run(.reply(text: "经核查，已安排维修。", contactMethod: .letter), as: Fixtures.governmentDispatcher)
        try script.run(.followUp(satisfaction: .satisfied, note: nil), as: Fixtures.jointIntake)
        #expect(script.state.status == .closed)
        let closed = StoredTicket(state: script.state, events: script.events)
        #expect(Self.official.sweep(closed).nextCheck == nil)
        // The request is closed, but the 复查 opinion is owed: warned at 80 % of its span, supervised once missed.
        try script.run(.requestPetitionReview(reason: "对处理意见不服"), as: Fixtures.jointDispatcher)
        let limit = try #require(Self.deadline(.petitionReview, script))
        let sweep = Self.official.sweep(StoredTicket(state: script.state, events: script.events))
        #expect(sweep.nextCheck == limit.warnAt)
        #expect(sweep.nextEvent(at: limit.warnAt.addingTimeInterval(-1)) == nil)
        #expect(sweep.nextEvent(at: limit.warnAt) == .deadlineWarned(DeadlineNotice(limit)))
        #expect(sweep.nextEvent(at: limit.due.addingTimeInterval(1)) == .deadlineMissed(DeadlineNotice(limit)))
        try script.run(
            .decidePetitionReview(upheld: true, body: "潜江市信访局", opinion: "维持。"), as: Fixtures.jointSupervisor)
        #expect(Self.official.sweep(StoredTicket(state: script.state, events: script.events)).nextCheck == nil)
    }

    @Test func stepsOnARequestThatIsNoPetitionAreRefused() throws {
        var script = try TicketScript.at(.inProgress)
        let commands: [TicketCommand] = [
            .decidePetition(outcome: .accepted, note: "受理", forwardedTo: nil), .extendPetition(days: 10, reason: "会商"),
            .requestPetitionReview(reason: "不服"), .decidePetitionReview(upheld: true, body: "信访局", opinion: "维持"),
        ]
        for command in commands {
            #expect(throws: LifecycleError(.notPetition, status: .inProgress, action: command.action)) {
                try script.run(command, as: Fixtures.jointSupervisor)
            }
        }
        var closed = try TicketScript.at(.closed)
        #expect(throws: LifecycleError(.illegalTransition, status: .closed, action: .registerPetition)) {
            try closed.run(.registerPetition(reason: "登记", leapfrog: false), as: Fixtures.jointDispatcher)
        }
    }

    @Test func aRepeatPetitionNamesTheEarlierOneAndOnlyTheJointCentreRecordsPetitions() throws {
        let state = Fixtures.receivedTicket()
        let change = try TicketLifecycle.decide(
            .registerPetition(reason: "同一人就同一事项再次信访", leapfrog: true), on: state, by: Fixtures.jointDispatcher,
            context: DecisionContext(
                reference: Fixtures.reference, now: Fixtures.now, earlierPetitions: ["MS-2026-000001", "MS-2026-000007"]))
        #expect(change == .petitionRegistered(PetitionRegistration(reason: "同一人就同一事项再次信访", leapfrog: true, repeatOf: "MS-2026-000007")))
        for role in [Role.dispatcher, .supervisor] {
            #expect(AuthorizationMatrix.grant(.act(.registerPetition), role: role, relation: .jointCentre) == .allow)
            #expect(AuthorizationMatrix.grant(.act(.registerPetition), role: role, relation: .leadOrganization) == .deny)
        }
        #expect(AuthorizationMatrix.grant(.act(.extendPetition), role: .dispatcher, relation: .jointCentre) == .deny)
        #expect(AuthorizationMatrix.grant(.act(.decidePetitionReview), role: .supervisor, relation: .jointCentre) == .allow)
        #expect(AuthorizationMatrix.grant(.act(.decidePetitionReview), role: .supervisor, relation: .leadOrganization) == .deny)
    }
}

/// 信访量 and 同比 over the same span, and the rates of the review chain, from hand-made petitions.
struct PetitionFigureTests {
    /// A petition registered at 10:00 on `day`, accepted, answered and reviewed as asked.
    static func petition(_ number: String, on day: String, answered: Bool = false, review: Bool? = nil) throws -> StoredTicket {
        // A consultation taken in that morning, so that the desk can answer it itself.
        var script = TicketScript(
            TicketState(created: .init(number: number, draft: Fixtures.draft(kind: .consultation)), at: ChinaDay(day)!.at(8 * 3600)))
        script.time = PetitionTests.official
        try script.run(.registerPetition(reason: "来信", leapfrog: false), as: Fixtures.jointDispatcher)
        guard answered else { return StoredTicket(state: script.state, events: script.events) }
        try script.run(.decidePetition(outcome: .accepted, note: "受理", forwardedTo: nil), as: Fixtures.jointDispatcher)
        try script.run(.answer(text: "答复如下"), as: Fixtures.jointIntake)
        if let upheld = review {
            try script.run(.requestPetitionReview(reason: "不服"), as: Fixtures.jointDispatcher)
            try script.run(.decidePetitionReview(upheld: upheld, body: "潜江市信访局", opinion: "意见"), as: Fixtures.jointSupervisor)
        }
        return StoredTicket(state: script.state, events: script.events)
    }

    @Test func yearOverYearComparesTheSameSpanAndRatesHaveTheirBases() throws {
        let tickets = [
            try Self.petition("MS-2025-000001", on: "2025-01-10"), try Self.petition("MS-2025-000002", on: "2025-02-20"),
            try Self.petition("MS-2025-000003", on: "2025-03-01"), try Self.petition("MS-2025-000004", on: "2025-03-05"),
            try Self.petition("MS-2025-000005", on: "2025-11-30"),
            try Self.petition("MS-2026-000001", on: "2026-01-05", answered: true, review: false),
            try Self.petition("MS-2026-000002", on: "2026-02-11", answered: true, review: true),
            try Self.petition("MS-2026-000003", on: "2026-02-12", answered: true),
        ]
        // On 2026-03-02 10:00 the same span last year ends 2025-03-02 10:00 (60 days, 2025 not a leap year): three then.
        let now = ChinaDay("2026-03-02")!.at(10 * 3600)
        let figures = PetitionFigures.of(tickets, year: 2026, at: now, deadlines: PetitionTests.official.deadlines(of:))
        #expect(figures.samePeriod == 3 && figures.previousSamePeriod == 3 && figures.yearOverYear == 0)
        #expect(figures.monthly.prefix(3) == [1, 2, 0] && figures.previousMonthly == [1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0])
        #expect(figures.reviewRate == 2.0 / 3.0 && figures.reviewRevisedRate == 0.5 && figures.reexaminationRate == 0)
        #expect(figures.numbers[.reviewRevised] == ["MS-2026-000001"] && figures.count(.answered) == 3)
        // A past year is compared whole: five against none before it.
        let last = PetitionFigures.of(tickets, year: 2025, at: now, deadlines: PetitionTests.official.deadlines(of:))
        #expect(last.samePeriod == 5 && last.previousSamePeriod == 0 && last.yearOverYear == nil)
        // Undecided for 15 days and more: the acceptance limit is missed, counted without any event.
        #expect(last.count(.acceptanceLate) == 5 && figures.count(.acceptanceLate) == 0)
    }
}
