import Foundation
import MashangCore
import MashangTesting
import Testing

/// 计时中止: an approved pause stops the first-contact and resolve clocks on the working calendar (Labour Day 2026 and
/// its make-up Saturday, 05-09, included), the sweeper resumes them on the expected day, and the rules of asking,
/// deciding and resuming refuse what they must.
struct ClockPauseTests {
    typealias T = TicketDeadlinesTests
    static func at(_ day: String, _ hour: Int, _ minute: Int = 0) -> Date { T.at(day, hour, minute) }

    /// Signed for on Monday 2026-04-27 at 11:00: first contact due Wednesday 04-29 15:00 (16 working hours), resolve due
    /// Thursday 05-07 17:30 (five working days: 04-28, 04-29, 04-30, then 05-06 and 05-07 after the holiday).
    static let signedFor: [(Date, TicketChange)] = [(at("2026-04-27", 10, 30), T.dispatch), (at("2026-04-27", 11), .acknowledged)]
    static let request = TicketChange.pauseRequested(PauseRequest(reason: .appraisal, resumeOn: "2026-05-08", note: "等待房屋安全鉴定"))
    static func approval(_ approved: Bool = true) -> TicketChange {
        .pauseDecided(PauseDecision(reason: .appraisal, resumeOn: "2026-05-08", approved: approved, note: approved ? nil : "理由不充分"))
    }

    @Test func theLimitsBeforeAnyPause() {
        let limits = T.deadlines(Self.signedFor)
        #expect(limits[1].kind == .firstContact && limits[1].due == Self.at("2026-04-29", 15))
        #expect(limits[2].kind == .resolve && limits[2].due == Self.at("2026-05-07", 17, 30))
    }

    @Test func whilePausedTheLimitsRunAgainFromTheExpectedDayAcrossTheHolidayAndTheMakeUpDay() {
        let limits = T.deadlines(Self.signedFor + [(Self.at("2026-04-29", 9), Self.request), (Self.at("2026-04-29", 10), Self.approval())])
        // At Wednesday 10:00 the resolve limit had 26.5 working hours left (5.5 + 7 + 7 + 7). Counted again from Friday
        // 05-08: 7 that day, 7 on the make-up Saturday 05-09, 7 on Monday 05-11, then 5.5 on Tuesday 05-12 → 16:00.
        #expect(limits[2].due == Self.at("2026-05-12", 16))
        // First contact had 3 hours left (10:00–12:00, 14:00–15:00): Friday 05-08 at 11:30.
        #expect(limits[1].due == Self.at("2026-05-08", 11, 30))
        // Not warned during the pause: its warning moment lies after the resumption.
        #expect(limits[2].warnAt > Self.at("2026-05-08", 0) && limits[2].warnAt < limits[2].due)
        #expect(limits[2].standing(at: Self.at("2026-05-07", 18)) == .running)
        // Signing for was met before; a pause leaves it alone.
        #expect(limits[0].due == T.deadlines(Self.signedFor)[0].due)
    }

    @Test func resumedEarlyTheLimitsCountFromTheResumption() {
        let limits = T.deadlines(
            Self.signedFor + [
                (Self.at("2026-04-29", 9), Self.request), (Self.at("2026-04-29", 10), Self.approval()),
                (Self.at("2026-05-06", 9), .resumed(Resumption(cause: .awaitedEvent, note: "鉴定报告已出"))),
            ])
        // From Wednesday 05-06 09:00: 6.5 + 7 + 7, then 6 on the make-up Saturday 05-09 (3.5 before noon, 2.5 after).
        #expect(limits[2].due == Self.at("2026-05-09", 16, 30))
        #expect(limits[1].due == Self.at("2026-05-06", 12))
    }

    @Test func aRefusedPauseMovesNothing() {
        let limits = T.deadlines(
            Self.signedFor + [(Self.at("2026-04-29", 9), Self.request), (Self.at("2026-04-29", 10), Self.approval(false))])
        #expect(limits.map(\.due) == T.deadlines(Self.signedFor).map(\.due))
    }

    @Test func aPauseNeverCuresALimitAlreadyMissed() {
        // Approved on Thursday 04-30: first contact was due the day before and stays missed; resolve is held.
        let limits = T.deadlines(Self.signedFor + [(Self.at("2026-04-30", 9), Self.request), (Self.at("2026-04-30", 10), Self.approval())])
        #expect(limits[1].due == Self.at("2026-04-29", 15))
        #expect(limits[1].standing(at: Self.at("2026-05-08", 9)) == .overdue)
        #expect(limits[2].due > Self.at("2026-05-08", 0))
    }

    @Test func aReplyDuringThePauseMeetsTheLimitsOnTheClockAsItStood() {
        let limits = T.deadlines(
            Self.signedFor + [
                (Self.at("2026-04-29", 9), Self.request), (Self.at("2026-04-29", 10), Self.approval()),
                (Self.at("2026-05-07", 16), .replied(TicketReply(text: "鉴定完成，已维修", contactMethod: .phone))),
            ])
        // Work stopped at 04-29 10:00 and the reply came while paused: the limit had 26.5 working hours left then.
        #expect(limits[2].metAt == Self.at("2026-05-07", 16))
        #expect(limits[2].standing(at: Self.at("2026-05-08", 9)) == .met)
        #expect(TicketState.fold(T.history(Self.signedFor + [(Self.at("2026-04-29", 9), Self.request)]).events)?.pendingPause != nil)
    }

    @Test func theSweeperResumesOnTheExpectedDayAndWarnsNothingMeanwhile() {
        let (events, state) = T.history(
            Self.signedFor + [(Self.at("2026-04-29", 9), Self.request), (Self.at("2026-04-29", 10), Self.approval())])
        #expect(state.pause?.resumeOn == "2026-05-08")
        let sweep = DeadlineSweep(ticket: StoredTicket(state: state, events: events), policy: TimePolicy()) { _ in T.calendar }
        #expect(sweep.nextCheck == ChinaDay("2026-05-08")!.start)
        #expect(sweep.nextEvent(at: Self.at("2026-05-07", 23)) == nil)
        #expect(sweep.nextEvent(at: ChinaDay("2026-05-08")!.start) == .resumed(Resumption(cause: .scheduled, note: nil)))
        var resumed = state
        resumed.apply(
            TicketEvent(
                sequence: events.count + 1, occurredAt: ChinaDay("2026-05-08")!.start,
                actor: EventActor(username: "system", organization: nil),
                change: .resumed(Resumption(cause: .scheduled, note: nil))))
        #expect(resumed.pause == nil)
    }

    @Test func askingDecidingAndResumingRefuseWhatTheyMust() throws {
        var script = try TicketScript.at(.inProgress)
        let unit = Fixtures.governmentDispatcher
        func decide(_ command: TicketCommand, on state: TicketState? = nil) throws -> TicketChange {
            try TicketLifecycle.decide(
                command, on: state ?? script.state, by: unit, context: DecisionContext(reference: Fixtures.reference, now: script.clock))
        }
        let today = ChinaDay(script.clock)
        let inAWeek = today.adding(7).description
        #expect(throws: ValidationError([.init("resumeOn", "past")])) {
            try decide(.requestPause(reason: .weather, resumeOn: today.description, note: "暴雨"))
        }
        #expect(throws: ValidationError([.init("resumeOn", "pauseTooLong")])) {
            try decide(.requestPause(reason: .weather, resumeOn: today.adding(61).description, note: "暴雨"))
        }
        #expect(throws: ValidationError([.init("resumeOn", "invalid")])) {
            try decide(.requestPause(reason: .weather, resumeOn: "下周", note: "暴雨"))
        }
        #expect(throws: ValidationError([.init("note", "required")])) {
            try decide(.requestPause(reason: .weather, resumeOn: inAWeek, note: " "))
        }
        #expect(throws: LifecycleError(.noPausePending, status: .inProgress, action: .decidePause)) {
            try decide(.decidePause(approve: true, note: nil))
        }
        #expect(throws: LifecycleError(.notPaused, status: .inProgress, action: .resume)) { try decide(.resume(arrived: true, note: nil)) }
        // Only while in progress: not before signing for, not after the reply.
        #expect(throws: LifecycleError(.illegalTransition, status: .dispatched, action: .requestPause)) {
            try decide(.requestPause(reason: .weather, resumeOn: inAWeek, note: "暴雨"), on: try TicketScript.at(.dispatched).state)
        }
        #expect(throws: LifecycleError(.illegalTransition, status: .replied, action: .requestPause)) {
            try decide(.requestPause(reason: .weather, resumeOn: inAWeek, note: "暴雨"), on: try TicketScript.at(.replied).state)
        }

        try script.run(.requestPause(reason: .requesterMaterials, resumeOn: inAWeek, note: "等待诉求人提供购房合同"), as: unit)
        #expect(throws: LifecycleError(.pausePending, status: .inProgress, action: .requestPause)) {
            try decide(.requestPause(reason: .weather, resumeOn: inAWeek, note: "暴雨"))
        }
        #expect(throws: ValidationError([.init("note", "required")])) { try decide(.decidePause(approve: false, note: nil)) }
        // The unit that asked may not decide: the matrix keeps it to the joint centre's supervisors.
        #expect(throws: AccessError.forbidden) {
            try TicketPolicy.authorize(.decidePause(approve: true, note: nil), by: unit, on: script.state, reference: Fixtures.reference)
        }
        try script.run(.decidePause(approve: true, note: nil), as: Fixtures.jointSupervisor)
        #expect(script.state.pause?.reason == .requesterMaterials && script.state.pendingPause == nil)
        #expect(throws: LifecycleError(.paused, status: .inProgress, action: .requestPause)) {
            try decide(.requestPause(reason: .weather, resumeOn: inAWeek, note: "暴雨"))
        }
        // A paused clock has no due time to move.
        #expect(throws: LifecycleError(.paused, status: .inProgress, action: .requestExtension)) {
            try decide(.requestExtension(deadline: .resolve, until: inAWeek, reason: "x"))
        }
        try script.run(.resume(arrived: true, note: "材料已补齐"), as: unit)
        #expect(script.state.pause == nil)
        guard case .resumed(let resumption) = script.events.last?.change else { Issue.record("no resumption"); return }
        #expect(resumption.cause == .awaitedEvent)
    }

    @Test func anApprovalAfterTheExpectedDayIsRefused() throws {
        var script = try TicketScript.at(.inProgress)
        let tomorrow = ChinaDay(script.clock).adding(1).description
        try script.run(.requestPause(reason: .weather, resumeOn: tomorrow, note: "暴雨"), as: Fixtures.governmentDispatcher)
        let late = DecisionContext(reference: Fixtures.reference, now: ChinaDay(tomorrow)!.at(9 * 3600))
        #expect(throws: LifecycleError(.pauseExpired, status: .inProgress, action: .decidePause)) {
            try TicketLifecycle.decide(
                .decidePause(approve: true, note: nil), on: script.state, by: Fixtures.jointSupervisor, context: late)
        }
        // A refusal is still possible, so the request does not hang.
        _ = try TicketLifecycle.decide(
            .decidePause(approve: false, note: "已过期"), on: script.state, by: Fixtures.jointSupervisor, context: late)
    }

    @Test func theRequesterIsToldOfThePauseAsACategoryAndOfTheResumption() throws {
        var script = try TicketScript.at(.inProgress)
        let inAWeek = ChinaDay(script.clock).adding(7).description
        try script.run(.requestPause(reason: .courtProcedure, resumeOn: inAWeek, note: "等待法院判决（内部说明）"), as: Fixtures.governmentDispatcher)
        #expect(RequesterMessages.of(script.events.last!, before: nil, after: script.state).isEmpty)
        let before = script.state
        try script.run(.decidePause(approve: true, note: nil), as: Fixtures.jointSupervisor)
        let told = RequesterMessages.of(script.events.last!, before: before, after: script.state)
        #expect(told.map(\.purpose) == [.paused])
        #expect(told.first?.variables == ["reason": "等待诉讼或仲裁程序", "resumeOn": inAWeek])
        try script.run(.resume(arrived: false, note: nil), as: Fixtures.governmentDispatcher)
        #expect(RequesterMessages.of(script.events.last!, before: before, after: script.state).map(\.purpose) == [.resumed])
    }

    @Test func theJointCentreHearsOfARequestAndTheUnitOfTheDecisionAndOfAScheduledResumption() throws {
        var script = try TicketScript.at(.inProgress)
        var before = script.state
        try script.run(
            .requestPause(reason: .appraisal, resumeOn: ChinaDay(script.clock).adding(5).description, note: "等待鉴定"),
            as: Fixtures.governmentDispatcher)
        #expect(
            TicketNotification.of(script.events.last!, before: before, after: script.state).flatMap(\.audiences) == ["supervisors:joint"])
        before = script.state
        try script.run(.decidePause(approve: true, note: nil), as: Fixtures.jointSupervisor)
        let decided = TicketNotification.of(script.events.last!, before: before, after: script.state)
        #expect(decided.map(\.kind) == [.pauseDecided] && decided.first?.details["approved"] == "yes")
        #expect(decided.first?.audiences.contains("coordinators:guanghua-street") == true)
        // The unit's own resumption tells nobody; the sweeper's tells the unit.
        let byHand = TicketEvent(
            sequence: 9, occurredAt: script.clock, actor: Fixtures.governmentDispatcher.eventActor,
            change: .resumed(Resumption(cause: .byHand, note: nil)))
        #expect(TicketNotification.of(byHand, before: script.state, after: script.state).isEmpty)
        var scheduled = byHand
        scheduled.change = .resumed(Resumption(cause: .scheduled, note: nil))
        #expect(TicketNotification.of(scheduled, before: script.state, after: script.state).map(\.kind) == [.resumed])
    }

    @Test func pausesCountAgainstTheUnitThatAskedInItsConduct() throws {
        var script = try TicketScript.at(.inProgress)
        try script.run(
            .requestPause(reason: .requesterMaterials, resumeOn: ChinaDay(script.clock).adding(5).description, note: "等待材料"),
            as: Fixtures.governmentDispatcher)
        let ticket = StoredTicket(state: script.state, events: script.events)
        let marks = ConductMarks.of(ticket, deadlines: [], at: script.clock)
        let paused = marks.figures.filter { $0.value.contains(.paused) }.map(\.key)
        #expect(paused.map(\.organization) == ["guanghua-street"])
        #expect(paused.first?.department == "gh-construction")
    }
}
