import Foundation
import MashangCore
import MashangTesting
import Testing

/// Figures a unit cannot improve without better work: lateness from the limits themselves, self-recorded ratings
/// marked and kept out of 满意率, rejections and merges in conduct.
struct TruthfulFiguresTests {
    let rules = TimeRules.standard

    private func stored(_ script: TicketScript) -> StoredTicket { StoredTicket(state: script.state, events: script.events) }

    private func dispatchedToGovernment(assisting: [String] = []) throws -> TicketScript {
        var script = try TicketScript.at(.received)
        try script.run(
            .dispatch(organization: "guanghua-street", department: "gh-construction", assisting: assisting, note: nil),
            as: Fixtures.jointDispatcher)
        return script
    }

    // MARK: Lateness

    @Test func aSignForMetLateIsLateWithoutAnySweeperNotice() throws {
        var script = try dispatchedToGovernment()
        script.clock = script.clock.addingTimeInterval(5 * 86_400)
        try script.run(.acknowledge, as: Fixtures.governmentDispatcher)
        let ticket = stored(script)
        #expect(!ticket.events.contains { if case .deadlineMissed = $0.change { true } else { false } })
        let facts = TicketFacts(ticket, lateness: rules.lateness(of: ticket, at: script.clock), tier: .organization)
        #expect(facts.flags.contains(.overdue))
        #expect(facts.flags.contains(.responded) && !facts.flags.contains(.respondedOnTime))
    }

    @Test func aRunningLimitTurnsLateAtItsDueTimeAndSaysWhenToLookAgain() throws {
        let ticket = stored(try dispatchedToGovernment())
        let due = try #require(rules.deadlines(of: ticket).first { $0.kind == .signFor }).due
        let before = rules.lateness(of: ticket, at: due.addingTimeInterval(-1))
        #expect(!before.overdue)
        #expect(before.recheckAt == due.addingTimeInterval(0.001))
        let after = rules.lateness(of: ticket, at: due.addingTimeInterval(1))
        #expect(after.overdue && after.signForLate && after.recheckAt == nil)
        #expect(TicketFacts(ticket, lateness: before, tier: .organization).recheckAt == before.recheckAt)
    }

    @Test func theSweepersNoticesChangeNoFigure() throws {
        var script = try dispatchedToGovernment()
        script.clock = script.clock.addingTimeInterval(3 * 86_400)
        try script.run(.acknowledge, as: Fixtures.governmentDispatcher)
        let plain = stored(script)
        let deadline = try #require(rules.deadlines(of: plain).first { $0.kind == .signFor })
        var noticed = plain.events
        noticed.insert(
            TicketEvent(
                sequence: 0, occurredAt: deadline.due, actor: EventActor(username: "system", organization: nil),
                change: .deadlineMissed(DeadlineNotice(deadline))), at: 2)
        let withNotice = StoredTicket(state: plain.state, events: noticed)
        let now = script.clock.addingTimeInterval(86_400)
        #expect(
            TicketFacts(plain, lateness: rules.lateness(of: plain, at: now), tier: .organization).flags
                == TicketFacts(withNotice, lateness: rules.lateness(of: withNotice, at: now), tier: .organization).flags)
    }

    @Test func lateMeansTheSameOnEveryLimit() {
        let start = Fixtures.now
        let due = start.addingTimeInterval(3600)
        let met = Deadline(kind: .resolve, organization: "x", department: nil, startedAt: start, warnAt: start, due: due, metAt: due)
        #expect(!met.isLate(at: due.addingTimeInterval(100)))
        var late = met
        late.metAt = due.addingTimeInterval(1)
        #expect(late.isLate(at: due.addingTimeInterval(100)))
        // Met late, but asked about before it was met: late already, since it was past due and unmet then.
        #expect(late.isLate(at: due.addingTimeInterval(0.5)))
        var running = met
        running.metAt = nil
        #expect(!running.isLate(at: due) && running.isLate(at: due.addingTimeInterval(0.001)))
    }

    // MARK: Self-recorded ratings

    @Test func byDefaultOnlyTheJointCentreRecordsAFollowUp() throws {
        let replied = try TicketScript.at(.replied).state
        let rating = TicketCommand.followUp(satisfaction: .satisfied, note: nil)
        for role in [Role.intake, .dispatcher, .supervisor] {
            #expect(throws: AccessError.forbidden) {
                try TicketPolicy.authorize(rating, by: Fixtures.actor("guanghua-street", role), on: replied, reference: Fixtures.reference)
            }
            #expect(
                !TicketPolicy.mayAttempt(.followUp, by: Fixtures.actor("guanghua-street", role), on: replied, reference: Fixtures.reference)
            )
        }
        try TicketPolicy.authorize(rating, by: Fixtures.jointIntake, on: replied, reference: Fixtures.reference)
        try TicketPolicy.authorize(
            rating, by: Fixtures.governmentDispatcher, on: replied, reference: Fixtures.reference, followUpBy: .handlingChain)
    }

    @Test func anAssistingOrganisationNeverRecordsAFollowUp() throws {
        var script = try dispatchedToGovernment(assisting: ["qianjiang-traffic-police"])
        try script.run(.acknowledge, as: Fixtures.governmentDispatcher)
        try script.run(.reply(text: "已处理", contactMethod: .phone), as: Fixtures.governmentDispatcher)
        #expect(throws: AccessError.forbidden) {
            try TicketPolicy.authorize(
                .followUp(satisfaction: .satisfied, note: nil), by: Fixtures.actor("qianjiang-traffic-police", .dispatcher),
                on: script.state, reference: Fixtures.reference, followUpBy: .handlingChain)
        }
    }

    @Test func aRatingByTheHandlingChainIsMarkedAndCountedApart() throws {
        let replied = try TicketScript.at(.replied)
        var bySelf = replied, byCentre = replied
        guard case .followedUp(let own) = try bySelf.run(.followUp(satisfaction: .satisfied, note: nil), as: Fixtures.governmentDispatcher),
            case .followedUp(let independent) = try byCentre.run(.followUp(satisfaction: .satisfied, note: nil), as: Fixtures.jointIntake),
            case .followedUp(let requester) = try TicketLifecycle.decide(
                .followUp(satisfaction: .satisfied, note: nil), on: replied.state, by: nil,
                context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
        else { Issue.record("not a follow-up"); return }
        #expect(own.selfRecorded && !independent.selfRecorded && !requester.selfRecorded)
        let ownFacts = TicketFacts(stored(bySelf), lateness: .none, tier: .organization),
            centreFacts = TicketFacts(stored(byCentre), lateness: .none, tier: .organization)
        #expect(ownFacts.flags.contains(.selfSatisfied) && !ownFacts.flags.contains(.satisfied))
        #expect(centreFacts.flags.contains(.satisfied) && !centreFacts.flags.contains(.selfSatisfied))
        // Both are closed: the rating closes the ticket whoever recorded it.
        #expect(ownFacts.flags.contains(.closed) && centreFacts.flags.contains(.closed))
    }

    @Test func historiesWrittenBeforeTheMarkReadAsIndependent() throws {
        let followUp = try JSONDecoder().decode(FollowUp.self, from: Data(#"{"satisfaction":"satisfied"}"#.utf8))
        #expect(!followUp.selfRecorded)
        let encoded = String(decoding: try JSONEncoder().encode(FollowUp(satisfaction: .unsatisfied, note: "x")), as: UTF8.self)
        #expect(!encoded.contains("selfRecorded"))
        let marked = try JSONDecoder().decode(
            FollowUp.self, from: try JSONEncoder().encode(FollowUp(satisfaction: .satisfied, note: nil, selfRecorded: true)))
        #expect(marked.selfRecorded)
    }

    @Test func selfRecordedRatingsStayOutOfTheSatisfactionRateUnlessTheDefinitionCountsThem() {
        var counts = FigureCounts()
        counts[.satisfied] = 3
        counts[.unsatisfied] = 1
        counts[.selfSatisfied] = 6
        #expect(FigureDefinitions.standard.rate(.satisfaction, counts) == 0.75)
        #expect(FigureDefinitions(selfRecordedRatingsCount: true).rate(.satisfaction, counts) == 0.9)
        #expect(FigureDefinitions.standard.numerator(.satisfaction) == [.satisfied, .basicallySatisfied])
        #expect(FigureDefinitions.standard.ratingMeasures == [.satisfied, .basicallySatisfied, .unsatisfied])
    }

    @Test func definitionsSavedBeforeTheNewSettingsKeepTheirValues() throws {
        let saved = #"{"response":"signed","unratedClosuresResolve":false,"satisfiedWeight":1,"basicallySatisfiedWeight":0.8}"#
        let decoded = try JSONDecoder().decode(FigureDefinitions.self, from: Data(saved.utf8))
        #expect(
            decoded
                == FigureDefinitions(response: .signed, unratedClosuresResolve: false, satisfiedWeight: 1, basicallySatisfiedWeight: 0.8))
        #expect(decoded.followUpBy == .jointCentre && !decoded.selfRecordedRatingsCount)
    }

    // MARK: Conduct

    @Test func rejectionsMergesAndSelfRecordedRatingsAreConductFigures() throws {
        let rejected = try TicketScript.at(.rejected)
        var merged = try TicketScript.at(.inProgress)
        try merged.run(
            .merge(into: "MS-2026-000009"), as: Fixtures.governmentDispatcher,
            mergeTarget: Fixtures.receivedTicket(number: "MS-2026-000009"))
        var selfRated = try TicketScript.at(.replied)
        try selfRated.run(.followUp(satisfaction: .satisfied, note: nil), as: Fixtures.governmentDispatcher)
        let report = ConductReport.compute(
            [rejected, merged, selfRated].map(stored), from: ChinaDay(Fixtures.now).adding(-30),
            to: ChinaDay(Fixtures.now).adding(30), at: Fixtures.now.addingTimeInterval(30 * 86_400),
            deadlines: { _ in [] })
        func unit(_ organization: String) -> ConductReport.Unit? {
            report.units.first { $0.organization == organization && $0.department == nil }
        }
        #expect(unit("joint")?.count(.rejected) == 1)
        #expect(unit("guanghua-street")?.tickets[.merged] == [merged.state.number])
        #expect(unit("guanghua-street")?.tickets[.selfRecordedRating] == [selfRated.state.number])
        // Rates over what the unit ended: one merge and one closing by the government.
        #expect(unit("guanghua-street")?.rate(.merged) == 0.5)
    }
}

/// 分级化解 from the history and the units' levels.
struct ResolutionTierTests {
    private func stored(_ script: TicketScript) -> StoredTicket { StoredTicket(state: script.state, events: script.events) }

    @Test func theAnsweringUnitsLevelCountsNotTheDispatch() throws {
        var script = try TicketScript.at(.received)
        try script.run(
            .dispatch(organization: "qianjiang-traffic-police", department: "police-traffic", assisting: [], note: nil),
            as: Fixtures.jointDispatcher)
        #expect(ResolutionTier.of(stored(script), reference: Fixtures.reference) == .grassroots)
        try script.run(.acknowledge, as: Fixtures.actor("qianjiang-traffic-police", .dispatcher))
        try script.run(.reply(text: "已处理", contactMethod: .phone), as: Fixtures.actor("qianjiang-traffic-police", .dispatcher))
        #expect(ResolutionTier.of(stored(script), reference: Fixtures.reference) == .grassroots)
        // Escalated to the joint centre: it counts there.
        var escalated = try TicketScript.at(.received)
        try escalated.run(
            .dispatch(organization: "qianjiang-traffic-police", department: "police-traffic", assisting: [], note: nil),
            as: Fixtures.jointDispatcher)
        try escalated.run(.acknowledge, as: Fixtures.actor("qianjiang-traffic-police", .dispatcher))
        try escalated.run(.escalate(note: nil), as: Fixtures.actor("qianjiang-traffic-police", .supervisor))
        #expect(ResolutionTier.of(stored(escalated), reference: Fixtures.reference) == .joint)
    }

    @Test func aDirectAnswerAtTheJointDeskAndAReferralOutCountAtTheirUnitsLevel() throws {
        let answered = try TicketScript.at(.closed, kind: .consultation)
        #expect(
            ResolutionTier.of(StoredTicket(state: answered.state, events: answered.events), reference: Fixtures.reference) == .organization)
        var consultation = try TicketScript.at(.received, kind: .consultation)
        try consultation.run(.answer(text: "请携带身份证到窗口办理"), as: Fixtures.jointIntake)
        #expect(ResolutionTier.of(stored(consultation), reference: Fixtures.reference) == .joint)
        // An authority outside the mechanism that takes referrals counts as beyond it.
        var outside = Fixtures.reference.organizations
        outside[outside.firstIndex { $0.code == "qianjiang-court" }!].level = .beyond
        let reference = ReferenceData(
            organizations: outside, departments: Fixtures.reference.departments, categories: Fixtures.reference.categories,
            areas: Fixtures.reference.areas, intakePoints: Fixtures.reference.intakePoints)
        var referred = try TicketScript.at(.received)
        try referred.run(
            .dispatch(organization: "qianjiang-court", department: nil, assisting: [], note: nil), as: Fixtures.jointDispatcher)
        #expect(ResolutionTier.of(stored(referred), reference: reference) == .beyond)
    }
}
