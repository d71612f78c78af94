import Foundation

/// Builds realistic ticket histories for the demo and the benchmarks by driving the real lifecycle and policy:
/// every generated history is one the running system could have produced. Tickets received shortly before `end`
/// stop part-way through the loop, so every state appears.
public struct DemoTicketGenerator {
    private let reference: ReferenceData
    private let rules: DispatchRuleSet
    private var random: SeededRandom
    private var sequences: [Int: Int64] = [:]
    private var recentByCategory: [String: TicketState] = [:]
    /// Petitions (信访事项) draw from their own sequence, so that the tickets around them stay as they were.
    private var petitionRandom: SeededRandom
    /// The petitions so far by petitioner (phone) and category: a repeat names the latest, as the service finds it.
    private var petitionsByPerson: [String: [String]] = [:]
    private var petitioners: [String: Requester] = [:]

    /// `sequences` are the last numbers already used per year; generated numbers follow them.
    public init(reference: ReferenceData, rules: DispatchRuleSet, seed: UInt64, sequences: [Int: Int64] = [:]) {
        self.reference = reference
        self.rules = rules
        self.random = SeededRandom(seed: seed)
        self.petitionRandom = SeededRandom(seed: seed &* 31 &+ 7)
        self.sequences = sequences
    }

    /// `count` tickets received between `start` and `end`, in order of receipt; the later year gets fewer
    /// requests (the seed reports a 23.7% fall), summer gets more (flood season).
    public mutating func generate(count: Int, from start: Date, to end: Date) throws -> [StoredTicket] {
        try generate(count: count, from: start, to: end, now: end)
    }

    /// Like `generate(count:from:to:)`, but histories may run on until `now`; lets large volumes be generated in
    /// consecutive slices of time without holding them all in memory.
    public mutating func generate(count: Int, from start: Date, to end: Date, now: Date) throws -> [StoredTicket] {
        var times: [Date] = []
        let span = end.timeIntervalSince(start)
        let lastYear = ChinaTime.year(of: now)
        while times.count < count {
            let time = start.addingTimeInterval(Double.random(in: 0..<span, using: &random))
            let month = ChinaTime.calendar.component(.month, from: time)
            var weight = ChinaTime.year(of: time) == lastYear ? 0.76 : 1.0
            if (6...8).contains(month) { weight *= 1.0 } else { weight *= 0.8 }
            if random.chance(weight) { times.append(time) }
        }
        times.sort()
        return try times.map { try ticket(receivedAt: $0, end: now) }
    }

    // MARK: - One ticket

    private mutating func ticket(receivedAt: Date, end: Date) throws -> StoredTicket {
        var draft = makeDraft()
        // About one complaint or dispute in twenty comes as a formal petition (来信来访); some from a person who
        // petitioned on the same matter before (重复信访).
        let petition = [.complaint, .dispute].contains(draft.kind) && petitionRandom.chance(0.05)
        if petition, let earlier = petitioners[draft.category], petitionRandom.chance(0.3) { draft.requester = earlier }
        let year = ChinaTime.year(of: receivedAt)
        let sequence = (sequences[year] ?? 0) + 1
        sequences[year] = sequence
        let created = TicketChange.Created(number: TicketNumber.format(year: year, sequence: sequence), draft: draft)
        let intakeActor =
            draft.channel == .qr || draft.channel == .web
            ? EventActor.publicRequester : actor(draft.holder, .intake).eventActor
        var history = History(
            state: TicketState(created: created, at: receivedAt),
            events: [TicketEvent(sequence: 1, occurredAt: receivedAt, actor: intakeActor, change: .created(created))],
            clock: receivedAt, end: end)
        let initial = history.state
        history.pace = random.weighted([(1.0, 70), (3.0, 20), (8.0, 10)])
        // The current backlog: a share of last month's tickets is still waiting at some step of the loop.
        if end.timeIntervalSince(receivedAt) < 30 * 86_400 && random.chance(0.25) {
            if random.chance(0.2) {
                history.reopenAndWait = true
            } else {
                history.stepsLeft = Int.random(in: 0...9, using: &random)
            }
        }
        try walk(&history, draft: draft, petition: petition)
        // Later tickets may be merged into this one; the merge happens while it is still open, as received.
        if history.state.status != .merged { recentByCategory[draft.category] = initial }
        return StoredTicket(state: history.state, events: history.events)
    }

    private struct History {
        var state: TicketState
        var events: [TicketEvent]
        var clock: Date
        let end: Date
        /// Slow tickets (a backlog, a hard case) take several times the usual time at every step.
        var pace = 1.0
        /// When set, the ticket stops after this many more steps (it is still being worked on).
        var stepsLeft: Int?
        /// The requester was unsatisfied and the reopened ticket waits to be acknowledged again.
        var reopenAndWait = false
        /// Registered as a petition at the desk, before it is dispatched.
        var petition = false
    }

    /// Signals that the next step would happen after `end`: the ticket stays where it is.
    private struct ReachedNow: Error {}

    private mutating func walk(_ history: inout History, draft: TicketDraft, petition: Bool) throws {
        do {
            let holder = draft.holder
            if petition { try registerPetition(&history, draft: draft) }
            if draft.kind == .consultation && random.chance(0.5) {
                try step(&history, .answer(text: pick(DemoTexts.replies)), actor(holder, .intake), minutes: 10...240)
                return
            }
            if random.chance(0.02) {
                // A labour matter outside every member's remit is referred to the arbitration body (转交机制外); the
                // rest are not taken up. One step either way, so the generator's sequence is the same.
                if draft.category.hasPrefix("labour") {
                    let letter = "诉求涉及机制外用工单位的劳动争议，不属于机制成员单位职责，依法转请劳动人事争议仲裁院处理。"
                    try step(
                        &history, .refer(body: "潜江市劳动人事争议仲裁院", contact: "12333", letter: letter),
                        actor(TicketLifecycle.jointCentre, .dispatcher), minutes: 60...480)
                } else {
                    try step(&history, .reject(reason: "重复反映或不属于受理范围"), actor(holder, .dispatcher), minutes: 60...480)
                }
                return
            }
            if random.chance(0.02), let target = recentByCategory[draft.category],
                history.clock.timeIntervalSince(target.receivedAt) < 3 * 86_400
            {
                try step(&history, .merge(into: target.number), actor(holder, .dispatcher), minutes: 20...240, mergeTarget: target)
                return
            }
            let correct =
                history.state.suggestedOrganization
                ?? pick(["guanghua-street", "jianghan-oilfield", "qianjiang-traffic-police", "qianjiang-court"])
            let bounces = random.weighted([(0, 90), (1, 8), (2, 2)])
            for _ in 0..<bounces {
                let holder = history.state.leadOrganization
                let wrong = pick(
                    reference.organizations.map(\.code).filter {
                        $0 != correct && $0 != holder && $0 != TicketLifecycle.jointCentre
                    })
                try step(
                    &history, .dispatch(organization: wrong, department: nil, assisting: [], note: nil),
                    actor(history.state.leadOrganization, .dispatcher), minutes: 20...360)
                try step(
                    &history, .sendBack(reason: .notOurJurisdiction, note: "该事项不属于本单位职责范围"),
                    actor(wrong, .dispatcher), minutes: 60...1440)
            }
            let assisting =
                random.chance(0.08)
                ? [pick(reference.organizations.map(\.code).filter { $0 != correct && $0 != TicketLifecycle.jointCentre })] : []
            try step(
                &history, .dispatch(organization: correct, department: nil, assisting: assisting, note: nil),
                actor(history.state.leadOrganization, .dispatcher), minutes: 20...360)
            try step(&history, .acknowledge, actor(correct, .dispatcher), minutes: 30...720)
            let department =
                history.state.suggestedOrganization == correct
                ? (history.state.suggestedDepartment ?? firstDepartment(of: correct)) : firstDepartment(of: correct)
            try step(
                &history, .assign(department: department, handler: DemoReference.prefix(of: correct) + ".handler"),
                actor(correct, .dispatcher), minutes: 10...240)
            if random.chance(0.1) {
                try step(&history, .escalate(note: "问题复杂,提级办理"), actor(correct, .supervisor), minutes: 60...2880)
            }
            // Most handlers call the requester first (首次联系), then work the tasks.
            if random.chance(0.85) {
                try step(&history, .contact(method: .phone, note: "已电话联系诉求人,说明办理安排"), actor(correct, .dispatcher), minutes: 30...480)
            }
            try workTasks(&history, organization: correct, department: department)
            try step(
                &history, .reply(text: pick(DemoTexts.replies), contactMethod: pick(ContactMethod.allCases)),
                actor(correct, .dispatcher), minutes: 30...1440)
            if history.state.petition?.isAccepted == true { try reviewPetition(&history) }
            let satisfaction =
                history.reopenAndWait
                ? .unsatisfied : random.weighted([(Satisfaction.satisfied, 72), (.basicallySatisfied, 18), (.unsatisfied, 10)])
            try step(
                &history, .followUp(satisfaction: satisfaction, note: satisfaction == .unsatisfied ? "问题没有彻底解决" : nil),
                actor(TicketLifecycle.jointCentre, .intake), minutes: 240...4320)
            if satisfaction == .unsatisfied {
                if history.reopenAndWait { return }
                try step(&history, .acknowledge, actor(correct, .dispatcher), minutes: 30...720)
                try step(
                    &history, .reply(text: pick(DemoTexts.replies), contactMethod: .visit),
                    actor(correct, .dispatcher), minutes: 1440...7200)
                try step(
                    &history, .followUp(satisfaction: random.chance(0.7) ? .satisfied : .basicallySatisfied, note: nil),
                    actor(TicketLifecycle.jointCentre, .intake), minutes: 240...2880)
            }
        } catch is ReachedNow {
            return
        }
    }

    /// 登记 and the acceptance decision within days (now and then past the 15).
    private mutating func registerPetition(_ history: inout History, draft: TicketDraft) throws {
        // An anonymous petition is nobody's repeat: the service finds repeats by the phone.
        let key = draft.requester.phone.map { $0 + "|" + draft.category }
        let joint = actor(TicketLifecycle.jointCentre, .dispatcher)
        try step(
            &history, .registerPetition(reason: "信访人来信来访，依法登记", leapfrog: petitionRandom.chance(0.15)), joint,
            after: Double(Int.random(in: 30...600, using: &petitionRandom)) * 60,
            earlierPetitions: key.flatMap { petitionsByPerson[$0] } ?? [])
        if let key { petitionsByPerson[key, default: []].append(history.state.number) }
        petitioners[draft.category] = draft.requester
        let outcome = petitionRandom.weighted([(PetitionOutcome.accepted, 80), (.notAccepted, 12), (.forwarded, 8)])
        let note =
            switch outcome {
            case .accepted: "属于信访事项受理范围，依法受理。"
            case .notAccepted: "该事项已进入诉讼程序，依法不予受理，请通过司法途径解决。"
            case .forwarded: "该事项属法院职权范围，依法转送。"
            }
        try step(
            &history, .decidePetition(outcome: outcome, note: note, forwardedTo: outcome == .forwarded ? "潜江市人民法院" : nil), joint,
            after: Double(Int.random(in: 1...17, using: &petitionRandom)) * 86_400)
    }

    /// After the 处理意见书: some petitioners ask for 复查, fewer then for 复核.
    private mutating func reviewPetition(_ history: inout History) throws {
        for level in PetitionLevel.allCases {
            guard petitionRandom.chance(level == .review ? 0.25 : 0.3) else { return }
            try step(
                &history, .requestPetitionReview(reason: "对答复不服，请求\(level == .review ? "复查" : "复核")"),
                actor(TicketLifecycle.jointCentre, .dispatcher), after: Double(Int.random(in: 2...28, using: &petitionRandom)) * 86_400)
            let upheld = petitionRandom.chance(0.75)
            try step(
                &history,
                .decidePetitionReview(
                    upheld: upheld, body: level == .review ? "潜江市信访局" : "潜江市人民政府",
                    opinion: upheld ? "经审查，原处理意见事实清楚、处理恰当，予以维持。" : "经审查，责成承办单位重新办理并书面答复。"),
                actor(TicketLifecycle.jointCentre, .supervisor), after: Double(Int.random(in: 5...33, using: &petitionRandom)) * 86_400)
        }
    }

    private mutating func workTasks(_ history: inout History, organization: String, department: String) throws {
        let taskCount = Int.random(in: 1...3, using: &random)
        for _ in 0..<taskCount {
            let due = ChinaTime.dayString(
                history.clock.addingTimeInterval(Double(Int.random(in: 3...10, using: &random)) * 86_400 * history.pace))
            try step(
                &history,
                .addTask(
                    title: pick(DemoTexts.taskTitles), department: department,
                    responsiblePerson: pick(DemoTexts.people), dueDate: due),
                actor(organization, .dispatcher), minutes: 10...600)
        }
        for task in history.state.tasks where !task.completed {
            try step(&history, .completeTask(id: task.id, result: "已完成"), actor(organization, .dispatcher), minutes: 240...2400)
        }
    }

    private mutating func step(
        _ history: inout History, _ command: TicketCommand, _ actor: StaffActor,
        minutes: ClosedRange<Int>, mergeTarget: TicketState? = nil
    ) throws {
        try step(
            &history, command, actor, after: Double(Int.random(in: minutes, using: &random)) * 60 * history.pace, mergeTarget: mergeTarget)
    }

    /// The official calendar, on which petitions' periods are counted.
    private static let time = TimeRules(holidays: OfficialHolidays.table, hours: [:], policy: TimePolicy())

    /// One step `seconds` after the last.
    private mutating func step(
        _ history: inout History, _ command: TicketCommand, _ actor: StaffActor, after seconds: Double,
        mergeTarget: TicketState? = nil, earlierPetitions: [String] = []
    ) throws {
        let next = history.clock.addingTimeInterval(seconds)
        guard next < history.end, history.stepsLeft.map({ $0 > 0 }) ?? true else { throw ReachedNow() }
        history.stepsLeft = history.stepsLeft.map { $0 - 1 }
        try TicketPolicy.authorize(command, by: actor, on: history.state, reference: reference)
        let change = try TicketLifecycle.decide(
            command, on: history.state, by: actor,
            context: DecisionContext(
                reference: reference, now: next, mergeTarget: mergeTarget, time: Self.time, earlierPetitions: earlierPetitions))
        let event = TicketEvent(sequence: history.state.version + 1, occurredAt: next, actor: actor.eventActor, change: change)
        history.state.apply(event)
        history.events.append(event)
        history.clock = next
    }

    // MARK: - Drafts

    private mutating func makeDraft() -> TicketDraft {
        let top = random.weighted([
            ("property", 20), ("elderly", 12), ("housing", 14), ("utilities", 12), ("traffic", 8),
            ("security", 6), ("environment", 8), ("legal", 6), ("labour", 7), ("employee", 7),
        ])
        let children = reference.categories.filter { $0.parent == top }.map(\.code)
        let category = random.chance(0.2) || children.isEmpty ? top : pick(children)
        let kind: TicketKind =
            top == "legal"
            ? random.weighted([(.dispute, 60), (.consultation, 40)])
            : random.weighted([(.complaint, 35), (.help, 30), (.consultation, 15), (.suggestion, 12), (.dispute, 4), (.praise, 4)])
        let channel: Channel =
            top == "legal" && random.chance(0.4)
            ? .legalDay
            : random.weighted([(.qr, 40), (.hotline, 28), (.walkIn, 20), (.sentimentReport, 4), (.homeVisit, 4), (.web, 4)])
        let isPublic = channel == .qr || channel == .web
        var intakePoint: String?
        let area: String
        if channel == .qr {
            let point = pick(reference.intakePoints)
            intakePoint = point.code
            area = point.area
        } else {
            area = pick(reference.areas.filter { $0.parent != nil && $0.parent != "guanghua-area" }.map(\.code))
        }
        let description = pick(DemoTexts.descriptions[top] ?? ["希望尽快处理"])
        let anonymous = (top == "security" || top == "environment") && random.chance(0.3)
        let requester =
            anonymous
            ? Requester()
            : Requester(
                name: pick(DemoTexts.surnames) + pick(DemoTexts.givenNames),
                phone: "1" + pick(["3", "5", "7", "8", "9"]) + String(format: "%09d", Int.random(in: 0..<1_000_000_000, using: &random)))
        let holder =
            isPublic
            ? TicketLifecycle.jointCentre
            : random.weighted([(TicketLifecycle.jointCentre, 50), ("jianghan-oilfield", 30), ("guanghua-street", 20)])
        let decision = rules.route(category: category, area: area, kind: kind, text: description)
        let trackingCode = isPublic ? String((0..<8).map { _ in TrackingCode.alphabet.randomElement(using: &random)! }) : nil
        return TicketDraft(
            channel: channel, kind: kind, category: category, area: area, intakePoint: intakePoint,
            urgency: random.weighted([(.normal, 85), (.urgent, 12), (.critical, 3)]),
            description: description, requester: requester, trackingCode: trackingCode, holder: holder,
            suggestedOrganization: decision?.organization, suggestedDepartment: decision?.department,
            location: channel == .qr ? phoneLocation(in: area, seed: trackingCode ?? "") : nil)
    }

    /// Where a resident on a phone at the place was, for most QR reports: a point of the area, from a generator of its
    /// own (seeded by the tracking code), so that the rest of the demo data stays what it was without locations.
    private func phoneLocation(in area: String, seed: String) -> TicketLocation? {
        var local = SeededRandom(
            seed: seed.unicodeScalars.reduce(UInt64(1_469_598_103_934_665_603)) { ($0 ^ UInt64($1.value)) &* 1_099_511_628_211 })
        guard local.chance(0.6), let boundary = reference.area(area)?.boundary else { return nil }
        let box = boundary.bounds
        for _ in 0..<50 {
            let point = GeoPoint(
                latitude: Double.random(in: box.south...box.north, using: &local),
                longitude: Double.random(in: box.west...box.east, using: &local))
            if boundary.placement(of: point) == .inside { return TicketLocation(point: point, system: .wgs84) }
        }
        return nil
    }

    private func actor(_ organization: String, _ role: Role) -> StaffActor {
        let kind = reference.organization(organization)?.kind ?? .joint
        let department = role == .handler ? firstDepartment(of: organization) : nil
        return StaffActor(
            username: DemoReference.prefix(of: organization) + "." + role.rawValue,
            organization: organization, organizationKind: kind, role: role, department: department)
    }

    private func firstDepartment(of organization: String) -> String {
        reference.departments.first { $0.organization == organization }?.code ?? organization
    }

    private mutating func pick<T>(_ values: [T]) -> T { values.randomElement(using: &random)! }
}

extension DemoReference {
    static func prefix(of organization: String) -> String {
        userPrefixes.first { $0.organization == organization }?.prefix ?? organization
    }
}

/// Tracking codes: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L).
public enum TrackingCode {
    public static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    public static func make(using generator: inout some RandomNumberGenerator) -> String {
        String((0..<8).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
