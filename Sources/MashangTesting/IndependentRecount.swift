import Foundation
import MashangCore

/// The figures recounted from ticket histories by rules written out again here, apart from `TicketFacts`, the
/// rollups and the pages: what every figure the product shows must equal. Only the limits themselves come from
/// `TicketDeadlines` (their calendar arithmetic has its own tests); whether one was missed is decided here.
public struct IndependentRecount: Sendable {
    /// scope → dimension → value → measure → the ticket numbers it counts.
    public private(set) var numbers: [String: [FigureDimension: [String: [FigureMeasure: Set<String>]]]] = [:]

    public static let dimensions: [FigureDimension] = [.total, .channel, .kind, .category, .area, .organization, .department, .tier]

    public init(_ tickets: [StoredTicket], rules: TimeRules, reference: ReferenceData, at now: Date) {
        for ticket in tickets {
            let state = ticket.state
            let measures = Self.measures(of: ticket, rules: rules, at: now)
            let values: [FigureDimension: String] = [
                .total: "", .channel: state.channel.rawValue, .kind: state.kind.rawValue, .category: state.category, .area: state.area,
                .organization: state.leadOrganization, .department: state.department ?? "",
                .tier: Self.tier(of: ticket, reference: reference).rawValue,
            ]
            for scope in ["all"] + state.parties.sorted() {
                for (dimension, value) in values {
                    for measure in measures {
                        numbers[scope, default: [:]][dimension, default: [:]][value, default: [:]][measure, default: []].insert(
                            state.number)
                    }
                }
            }
        }
    }

    public var scopes: [String] { numbers.keys.sorted() }

    public func values(scope: String, dimension: FigureDimension) -> [String: [FigureMeasure: Set<String>]] {
        numbers[scope]?[dimension] ?? [:]
    }

    public func count(scope: String, dimension: FigureDimension = .total, value: String = "", _ measure: FigureMeasure) -> Int {
        numbers[scope]?[dimension]?[value]?[measure]?.count ?? 0
    }

    /// The 0/1 measures that hold for one ticket now.
    public static func measures(of ticket: StoredTicket, rules: TimeRules, at now: Date) -> Set<FigureMeasure> {
        let changes = ticket.events.map(\.change)
        var result: Set<FigureMeasure> = [.received]
        // A limit is missed when it was met after its due time, or is still unmet with its due time gone.
        let missed = rules.deadlines(of: ticket).filter { limit in
            if let met = limit.metAt, met <= now { return met > limit.due }
            return limit.due < now
        }
        if !missed.isEmpty { result.insert(.overdue) }
        if changes.contains(where: { if case .acknowledged = $0 { true } else { false } }) {
            result.insert(.responded)
            if !missed.contains(where: { $0.kind == .signFor }) { result.insert(.respondedOnTime) }
        }
        if changes.contains(where: {
            switch $0 {
            case .contacted, .replied, .answered, .answeredAtSource: true;
            default: false
            }
        }) {
            result.insert(.contacted)
        }
        if ticket.state.status == .closed {
            result.insert(.closed)
            let closing = changes.last { change in
                switch change {
                case .answered, .closedUnrated: true
                case .followedUp(let followUp): followUp.satisfaction != .unsatisfied
                default: false
                }
            }
            if case .closedUnrated = closing { result.insert(.closedUnrated) } else { result.insert(.closedAnswered) }
        }
        var latest: FollowUp?
        for case .followedUp(let followUp) in changes { latest = followUp }
        if let latest {
            switch (latest.satisfaction, latest.selfRecorded) {
            case (.satisfied, false): result.insert(.satisfied)
            case (.basicallySatisfied, false): result.insert(.basicallySatisfied)
            case (.unsatisfied, false): result.insert(.unsatisfied)
            case (.satisfied, true): result.insert(.selfSatisfied)
            case (.basicallySatisfied, true): result.insert(.selfBasicallySatisfied)
            case (.unsatisfied, true): result.insert(.selfUnsatisfied)
            }
        }
        var holder = "", sentBackBy: Set<String> = []
        for change in changes {
            switch change {
            case .created(let created): holder = created.draft.holder
            case .dispatched(let dispatch):
                if dispatch.binding && sentBackBy.contains(dispatch.organization) { result.insert(.bounced) }
                holder = dispatch.organization
            case .sentBack: sentBackBy.insert(holder)
            default: break
            }
        }
        return result
    }

    /// The level the request was resolved at: the answering unit's (its department's if it has one), or the highest
    /// escalation if above; while unanswered, the holding unit's.
    public static func tier(of ticket: StoredTicket, reference: ReferenceData) -> Tier {
        func level(_ organization: String, _ department: String?) -> Tier {
            department.flatMap { reference.department($0)?.level } ?? reference.organization(organization)?.level ?? .organization
        }
        // Who held the ticket after each event, and which event gave the answer still standing.
        var holders: [(organization: String, department: String?)] = []
        var organization = "", department: String? = nil
        var standing: Int?
        for (index, event) in ticket.events.enumerated() {
            switch event.change {
            case .created(let created): organization = created.draft.holder; department = nil
            case .dispatched(let dispatch): organization = dispatch.organization; department = dispatch.department
            case .assigned(let assignment): department = assignment.department
            case .sentBack: department = nil
            case .replied, .answered, .answeredAtSource: standing = index
            case .reopened: standing = nil
            case .followedUp(let followUp): if followUp.satisfaction == .unsatisfied { standing = nil }
            default: break
            }
            holders.append((organization, department))
        }
        let escalations = ticket.events.compactMap { event -> Tier? in
            switch event.change {
            case .escalated(let escalation): escalation.to
            case .referred: .beyond
            default: nil
            }
        }
        var unit = holders.last.map { level($0.organization, $0.department) } ?? .organization
        if let standing {
            let event = ticket.events[standing], holder = holders[standing]
            switch event.change {
            case .replied(let reply) where reply.via != nil && event.actor.organization != holder.organization:
                unit = level(event.actor.organization ?? holder.organization, nil)
            case .replied: unit = level(holder.organization, holder.department)
            case .answered: unit = level(event.actor.organization ?? holder.organization, nil)
            case .answeredAtSource(let answer): unit = level(answer.organization, nil)
            default: break
            }
        }
        return ([unit] + escalations).max()!
    }

    /// Conduct figures recounted: per organisation, the tickets it rejected, merged, rated itself (自评) or asked to pause
    /// in the period.
    public static func conduct(_ tickets: [StoredTicket], period: DateInterval) -> [String: [ConductReport.Figure: Set<String>]] {
        var result: [String: [ConductReport.Figure: Set<String>]] = [:]
        for ticket in tickets {
            // A pause is asked for while the ticket is in progress: at the organisation it was last dispatched to, or
            // at the desk that took it in when it was never dispatched (answered there, then reopened).
            var holder = ""
            for event in ticket.events {
                switch event.change {
                case .created(let created): holder = created.draft.holder
                case .dispatched(let dispatch): holder = dispatch.organization
                default: break
                }
                guard period.contains(event.occurredAt) else { continue }
                switch event.change {
                case .pauseRequested: result[holder, default: [:]][.paused, default: []].insert(ticket.state.number)
                case .rejected: result[event.actor.organization ?? "", default: [:]][.rejected, default: []].insert(ticket.state.number)
                case .merged: result[event.actor.organization ?? "", default: [:]][.merged, default: []].insert(ticket.state.number)
                case .followedUp(let followUp) where followUp.selfRecorded:
                    // The lead organisation at the time of the rating recorded it (only it may, under the setting).
                    result[event.actor.organization ?? "", default: [:]][.selfRecordedRating, default: []].insert(ticket.state.number)
                default: break
                }
            }
        }
        return result
    }
}

extension IndependentRecount {
    /// The petition figures of `year` recounted from every history by the rules written out again: who registered
    /// when, the decision, the first answer after acceptance, the reviews, lateness from the limits; and, apart, the
    /// petitions that should be repeats (an earlier petition of the same phone on the same category exists).
    public static func petitions(_ tickets: [StoredTicket], year: Int, rules: TimeRules, at now: Date) -> (
        numbers: [PetitionFigures.Measure: Set<String>], monthly: [Int], repeats: Set<String>
    ) {
        var numbers: [PetitionFigures.Measure: Set<String>] = [:], monthly = Array(repeating: 0, count: 12)
        var registrations: [(at: Date, number: String, phone: String?, category: String, ticket: StoredTicket)] = []
        for ticket in tickets {
            let number = ticket.state.number
            guard
                let index = ticket.events.firstIndex(where: { if case .petitionRegistered = $0.change { true } else { false } }),
                case .petitionRegistered(let registration) = ticket.events[index].change,
                let asRegistered = TicketState.fold(Array(ticket.events[...index]))
            else { continue }
            let registered = ticket.events[index]
            // The repeat check sees the category the request had when it was registered, not one given it later.
            registrations.append((registered.occurredAt, number, asRegistered.requester.phone, asRegistered.category, ticket))
            guard ChinaTime.year(of: registered.occurredAt) == year else { continue }
            monthly[ChinaTime.month(of: registered.occurredAt) - 1] += 1
            func count(_ measure: PetitionFigures.Measure) { numbers[measure, default: []].insert(number) }
            count(.registered)
            count(registration.repeatOf == nil ? .firstTime : .repeated)
            if registration.leapfrog { count(.leapfrog) }
            var acceptedAt: Int?, outcome: PetitionOutcome?, answered = false
            for (index, event) in ticket.events.enumerated() {
                switch event.change {
                case .petitionDecided(let acceptance):
                    outcome = acceptance.outcome
                    if acceptance.outcome == .accepted { acceptedAt = index }
                case .replied, .answered, .answeredAtSource:
                    if let acceptedAt, index > acceptedAt { answered = true }
                case .petitionReviewRequested(let request): count(request.level == .review ? .reviewRequested : .reexaminationRequested)
                case .petitionReviewDecided(let decision):
                    switch (decision.level, decision.upheld) {
                    case (.review, true): count(.reviewUpheld)
                    case (.review, false): count(.reviewRevised)
                    case (.reexamination, true): count(.reexaminationUpheld)
                    case (.reexamination, false): count(.reexaminationRevised)
                    }
                default: break
                }
            }
            switch outcome {
            case .accepted: count(.accepted)
            case .notAccepted: count(.notAccepted)
            case .forwarded: count(.forwarded)
            case nil: count(.undecided)
            }
            if answered { count(.answered) }
            for limit in rules.deadlines(of: ticket) {
                let late = limit.metAt.map { $0 <= now ? $0 > limit.due : limit.due < now } ?? (limit.due < now)
                guard late else { continue }
                if limit.kind == .petitionAcceptance { count(.acceptanceLate) }
                if limit.kind == .petitionHandling { count(.handlingLate) }
            }
        }
        // An earlier petition counts with the category it had when the later one was registered (the service reads
        // the rows as they stand then).
        func category(of ticket: StoredTicket, at date: Date) -> String? {
            TicketState.fold(ticket.events.filter { $0.occurredAt <= date })?.category
        }
        var repeats: Set<String> = []
        for petition in registrations
        where registrations.contains(where: {
            $0.at < petition.at && $0.phone != nil && $0.phone == petition.phone
                && category(of: $0.ticket, at: petition.at) == petition.category
        }) {
            repeats.insert(petition.number)
        }
        return (numbers, monthly, repeats.filter { number in numbers[.registered]?.contains(number) ?? false })
    }
}
