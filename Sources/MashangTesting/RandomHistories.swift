import Foundation
import MashangCore
import MashangStore

/// Random ticket histories in a real database, of every shape the figures must count right: imported histories,
/// requests worked through late between two sweeps, send-backs and binding decisions, ratings by the requester, by the
/// joint centre and by the handling organisation itself (自评), merges, rejections, reopenings, escalations, paused
/// clocks, referrals beyond the mechanism, petitions (信访事项) through acceptance, extension and the review chain, with
/// repeats found as the server finds them; half the tickets seen by the deadline sweeper and half never. The seed is
/// printed so that a failure can be replayed.
public struct RandomHistories {
    public var seed: UInt64
    public var imported: Int
    public var created: Int
    public var actions: Int
    /// Scales the time between two actions (1: minutes to four days).
    public var pace: Double

    public init(seed: UInt64, imported: Int, created: Int, actions: Int, pace: Double = 1) {
        self.seed = seed
        self.imported = imported
        self.created = created
        self.actions = actions
        self.pace = pace
    }

    /// The seed from `MASHANG_RECOUNT_SEED`, or a new one.
    public static func seedFromEnvironment() -> UInt64 {
        ProcessInfo.processInfo.environment["MASHANG_RECOUNT_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...1_000_000)
    }

    /// Writes the histories; returns every ticket number and the moment the walk ended (the figures' "now").
    /// The mechanism's follow-up setting is `handlingChain` during the walk, so that self-recorded ratings occur.
    public func write(into database: MashangDatabase) async throws -> (numbers: [String], end: Date) {
        var random = SeededRandom(seed: seed)
        try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
        try await database.figures.setDefinitions(FigureDefinitions(followUpBy: .handlingChain))
        var generator = DemoTicketGenerator(reference: Fixtures.reference, rules: Fixtures.rules, seed: seed)
        let history = try generator.generate(count: imported, from: ChinaTime.day("2025-09-01")!, to: Fixtures.now)
        // In transactions of 100 tickets, as a migration tool would write them: one transaction of a thousand histories
        // can outlast the store's write deadline on a busy machine.
        for start in stride(from: 0, to: history.count, by: 100) {
            try await database.tickets.importTickets(Array(history[start..<min(history.count, start + 100)]))
        }
        var numbers = history.map(\.state.number)
        let rules = try await database.calendar.timeRules()

        var clock = Fixtures.now
        var walked: [String] = []
        let kinds: [TicketKind] = [.complaint, .help, .consultation, .dispute, .suggestion]
        let categories = Fixtures.reference.categories.map(\.code)
        let areas = Fixtures.reference.areas.map(\.code)
        for _ in 0..<created {
            clock = clock.addingTimeInterval(Double(Int.random(in: 60...7200, using: &random)))
            var draft = Fixtures.draft(
                kind: kinds.randomElement(using: &random)!, category: categories.randomElement(using: &random)!,
                area: areas.randomElement(using: &random)!)
            draft.channel = Channel.allCases.randomElement(using: &random)!
            draft.urgency = Urgency.allCases.randomElement(using: &random)!
            let ticket = try await database.tickets.create(draft, by: Fixtures.jointIntake.eventActor, at: clock, idempotencyKey: nil)
            walked.append(ticket.ticket.state.number)
        }
        numbers += walked
        let swept = Set(walked.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        var paused: [String] = []
        for step in 0..<actions {
            // From minutes to days between actions: many limits are met late, most between two sweeps.
            clock = clock.addingTimeInterval(pace * Double(Int.random(in: 60...(random.chance(0.2) ? 4 * 86_400 : 14_400), using: &random)))
            let number = walked.randomElement(using: &random)!
            if step % 5 == 0 {
                try await sweep(swept.randomElement(using: &random)!, rules: rules, at: clock, in: database)
            }
            guard let ticket = try await database.tickets.ticket(number: number) else { continue }
            let sentBackBy = ticket.events.compactMap { event in if case .sentBack = event.change { event.actor.organization } else { nil }
            }
            let step =
                ticket.state.petition == nil && random.chance(0.06)
                ? Self.petitionCommand(for: ticket.state, random: &random)
                : Self.nextCommand(
                    for: ticket.state, at: clock, other: walked.randomElement(using: &random)!, sentBackBy: sentBackBy, random: &random)
            guard let (command, actor) = step else { continue }
            // 重复信访 as the service finds it: the same phone's earlier petitions on the same category.
            var found: [String] = []
            if case .registerPetition = command, let phone = ticket.state.requester.phone.flatMap(PhoneNumber.normalized) {
                found = try await database.tickets.petitionNumbers(
                    phoneDigest: database.stores.phoneDigest(phone), category: ticket.state.category, registeredBefore: clock)
            }
            let now = clock, earlier = found
            let target: String? = if case .merge(let into) = command { into } else { nil }
            _ = try? await database.tickets.apply(to: number, mergeTarget: target, by: actor?.eventActor ?? .publicRequester, at: now) {
                state, target in
                if let actor {
                    try TicketPolicy.authorize(command, by: actor, on: state, reference: Fixtures.reference, followUpBy: .handlingChain)
                }
                return try TicketLifecycle.decide(
                    command, on: state, by: actor,
                    context: DecisionContext(
                        reference: Fixtures.reference, now: now, mergeTarget: target, time: rules, earlierPetitions: earlier))
            }
            // A pause is decided soon after it is asked for (the walk comes back to a ticket only much later).
            if case .requestPause = command {
                let approve = random.chance(0.7)
                if approve { paused.append(number) }
                let decision = TicketCommand.decidePause(approve: approve, note: approve ? nil : "理由不充分")
                _ = try? await database.tickets.apply(to: number, mergeTarget: nil, by: Fixtures.jointSupervisor.eventActor, at: now) {
                    state, _ in
                    try TicketLifecycle.decide(
                        decision, on: state, by: Fixtures.jointSupervisor, context: DecisionContext(reference: Fixtures.reference, now: now)
                    )
                }
            }
            // A petition's steps follow each other within days (the walk comes back to a ticket only much later, past
            // every period): its acceptance, an extension, and the review chain once it is answered. Paced like the
            // walk, so that they add weeks to it, not years.
            if ticket.state.petition != nil || { if case .registerPetition = command { true } else { false } }() {
                // Half the answered petitions the walk comes back to go through the whole review chain (复查 then 复核),
                // so that every walk has some.
                let answered = try await database.tickets.ticket(number: number)?.state.petition?.lastAnswerAt != nil
                let steps = answered && random.chance(0.5) ? 6 : Int.random(in: 0...4, using: &random)
                for _ in 0..<steps {
                    guard let state = try await database.tickets.ticket(number: number)?.state,
                        let (next, by) = Self.petitionCommand(for: state, random: &random)
                    else { break }
                    clock = clock.addingTimeInterval(pace * Double(Int.random(in: 3600...(5 * 86_400), using: &random)))
                    let at = clock
                    _ = try? await database.tickets.apply(to: number, mergeTarget: nil, by: by!.eventActor, at: at) { state, _ in
                        try TicketPolicy.authorize(next, by: by!, on: state, reference: Fixtures.reference)
                        return try TicketLifecycle.decide(
                            next, on: state, by: by, context: DecisionContext(reference: Fixtures.reference, now: at, time: rules))
                    }
                }
            }
            if random.chance(0.03) { try await database.figures.refresh(limit: Int.random(in: 1...40, using: &random), at: clock) }
        }
        // The walk rarely comes back to a ticket, so the sweeper looks at the paused ones of its half at the end (one of
        // them if none is in its half): some clocks resume on their day, others stay paused with their day gone.
        let sweptPauses = paused.filter(swept.contains)
        for number in sweptPauses.isEmpty ? Array(paused.prefix(1)) : sweptPauses {
            try await sweep(number, rules: rules, at: clock, in: database)
        }
        return (numbers, clock)
    }

    /// What the deadline sweeper would write to a ticket now: every notice, escalation and unrated closing it owes.
    private func sweep(_ number: String, rules: TimeRules, at now: Date, in database: MashangDatabase) async throws {
        for _ in 0..<6 {
            let changed = try await database.tickets.applyIfNeeded(
                to: number, by: EventActor(username: "system", organization: nil), at: now
            ) {
                rules.sweep($0).nextEvent(at: now)
            }
            if changed == nil { return }
        }
    }

    /// A petition step the ticket is ready for, taken by the joint centre: registration, the acceptance decision, an
    /// extension, a review request (refused by the lifecycle once its period has passed) or the review's opinion.
    static func petitionCommand(for state: TicketState, random: inout SeededRandom) -> (TicketCommand, StaffActor?)? {
        guard let petition = state.petition else {
            return (.registerPetition(reason: "群众书面信访", leapfrog: random.chance(0.2)), Fixtures.jointDispatcher)
        }
        if petition.acceptance == nil {
            let outcome = random.weighted([(PetitionOutcome.accepted, 60), (.notAccepted, 25), (.forwarded, 15)])
            return (
                .decidePetition(outcome: outcome, note: "经审查作出决定", forwardedTo: outcome == .forwarded ? "潜江市人民法院" : nil),
                Fixtures.jointDispatcher
            )
        }
        if let pending = petition.pendingReview {
            return (
                .decidePetitionReview(
                    upheld: random.chance(0.7), body: pending.level == .review ? "潜江市信访局" : "潜江市人民政府", opinion: "经复查（复核）"),
                Fixtures.jointSupervisor
            )
        }
        if petition.isAccepted && petition.answeredAt == nil && petition.extended == nil && random.chance(0.3) {
            return (.extendPetition(days: Int.random(in: 1...30, using: &random), reason: "情况复杂，需会商"), Fixtures.jointSupervisor)
        }
        if petition.lastAnswerAt != nil && petition.nextLevel != nil {
            return (.requestPetitionReview(reason: "对答复不服"), Fixtures.jointDispatcher)
        }
        return nil
    }

    /// A plausible next step for a ticket in its state, and who takes it (nil: the requester on the tracking page).
    /// `sentBackBy` names the organisations that sent the ticket back: the joint centre's binding dispatch often goes to
    /// one of them (a bounced ticket), so that every walk has some.
    static func nextCommand(
        for state: TicketState, at now: Date, other: String, sentBackBy: [String],
        random: inout SeededRandom
    ) -> (TicketCommand, StaffActor?)? {
        let organizations = ["guanghua-street", "jianghan-oilfield", "qianjiang-court", "qianjiang-traffic-police"]
        let lead = state.leadOrganization
        func coordinator(_ role: Role = .dispatcher) -> StaffActor { Fixtures.actor(lead, role) }
        let roll = Int.random(in: 0..<100, using: &random)
        switch state.status {
        case .received:
            if roll < 70 {
                let bounce = state.awaitingJointDecision && !sentBackBy.isEmpty && random.chance(0.6)
                let organization = bounce ? sentBackBy.randomElement(using: &random)! : organizations.randomElement(using: &random)!
                let department = random.chance(0.5) ? Fixtures.reference.departments.first { $0.organization == organization }?.code : nil
                return (.dispatch(organization: organization, department: department, assisting: [], note: nil), Fixtures.jointDispatcher)
            }
            if roll < 80 { return (.reject(reason: "不属于受理范围"), Fixtures.jointDispatcher) }
            if roll < 88 { return (.merge(into: other), Fixtures.jointDispatcher) }
            if roll < 95 { return (.answer(text: "已当场解答"), Fixtures.jointIntake) }
            return (.refer(body: "潜江市12345政务服务便民热线", contact: "12345", letter: "该事项不属于机制成员单位职责，转请办理。"), Fixtures.jointDispatcher)
        case .dispatched:
            // A ticket sent back once is sent back again more often, so that some reach the joint centre's decision.
            if roll < (state.sendBackCount == 1 ? 45 : 65) { return (.acknowledge, coordinator()) }
            if roll < 90 { return (.sendBack(reason: .notOurJurisdiction, note: "不属于本单位"), coordinator()) }
            return (.merge(into: other), coordinator())
        case .inProgress:
            // Pauses: asked for (and decided at once, in `write`), resumed by hand or (in `sweep`) on their day.
            if state.pause != nil && roll < 30 { return (.resume(arrived: roll < 15, note: nil), coordinator()) }
            if roll < 60 { return (.reply(text: "已处理完毕", contactMethod: .phone), coordinator()) }
            if roll < 75 { return (.contact(method: .phone, note: "已电话联系"), coordinator()) }
            if roll < 85 { return (.escalate(note: nil), coordinator(.supervisor)) }
            if roll < 92 {
                let days = Double(Int.random(in: 1...10, using: &random))
                let resumeOn = ChinaTime.dayString(now.addingTimeInterval(days * 86_400))
                return (
                    .requestPause(reason: PauseReason.allCases.randomElement(using: &random)!, resumeOn: resumeOn, note: "等待材料"),
                    coordinator()
                )
            }
            return (.merge(into: other), coordinator())
        case .replied:
            let satisfaction = random.weighted([(Satisfaction.satisfied, 60), (.basicallySatisfied, 20), (.unsatisfied, 20)])
            let note = satisfaction == .unsatisfied ? "问题没有解决" : nil
            if roll < 40 { return (.followUp(satisfaction: satisfaction, note: note), nil) }
            if roll < 70 { return (.followUp(satisfaction: satisfaction, note: note), Fixtures.jointIntake) }
            return (
                .followUp(satisfaction: satisfaction, note: note),
                coordinator([Role.dispatcher, .supervisor, .intake].randomElement(using: &random)!)
            )
        case .closed:
            return roll < 20 ? (.reopen(reason: "群众再次反映"), Fixtures.jointSupervisor) : nil
        case .reopened:
            return (.acknowledge, coordinator())
        case .rejected, .merged, .referred:
            return nil
        }
    }
}
