import Foundation

/// The petition figures of one year (docs/petitions.md): 信访量 per month beside the year before and 同比 over the same
/// span, first-time, repeat and 越级 petitions, the acceptance decisions, the limits missed, and the review chain's
/// rates and outcomes. Each figure keeps the numbers it counts, so that every cell drills down to its records.
public struct PetitionFigures: Sendable, Equatable {
    public enum Measure: String, Sendable, CaseIterable, Codable {
        case registered, firstTime, repeated, leapfrog
        case accepted, notAccepted, forwarded, undecided
        case answered, acceptanceLate, handlingLate
        case reviewRequested, reviewUpheld, reviewRevised
        case reexaminationRequested, reexaminationUpheld, reexaminationRevised
    }

    public var year: Int
    /// The petitions of the year by measure (a petition counts in the year it was registered).
    public var numbers: [Measure: Set<String>] = [:]
    /// Registrations per month (index 0 = January) of the year and of the year before.
    public var monthly: [Int]
    public var previousMonthly: [Int]
    /// 同比: registrations from 1 January to `until` this year and over the same span of the year before.
    public var samePeriod: Int
    public var previousSamePeriod: Int

    public func count(_ measure: Measure) -> Int { numbers[measure]?.count ?? 0 }

    /// 同比 change of the same span, as a share (−0.237 for the seed's 下降23.7%); nil without a base.
    public var yearOverYear: Double? {
        previousSamePeriod == 0 ? nil : Double(samePeriod - previousSamePeriod) / Double(previousSamePeriod)
    }
    /// 复查率: reviews asked for ÷ petitions answered (处理意见书 issued).
    public var reviewRate: Double? { Self.share(count(.reviewRequested), of: count(.answered)) }
    /// 复核率: re-examinations asked for ÷ reviews decided.
    public var reexaminationRate: Double? {
        Self.share(count(.reexaminationRequested), of: count(.reviewUpheld) + count(.reviewRevised))
    }
    /// 复查纠错率: reviews that revoked or changed the answer ÷ reviews decided.
    public var reviewRevisedRate: Double? { Self.share(count(.reviewRevised), of: count(.reviewUpheld) + count(.reviewRevised)) }

    static func share(_ part: Int, of whole: Int) -> Double? { whole == 0 ? nil : Double(part) / Double(whole) }

    /// - Parameters:
    ///   - petitions: tickets registered as petitions (others are ignored), of the year and the year before at least.
    ///   - now: the moment of the figures: the same-period span ends here in the current year, and lateness is as of now.
    ///   - deadlines: a ticket's limits (`TimeRules.deadlines(of:)`).
    public static func of(
        _ petitions: [StoredTicket], year: Int, at now: Date, deadlines: (StoredTicket) -> [Deadline]
    ) -> PetitionFigures {
        let start = ChinaDay(String(format: "%04d-01-01", year))!, next = ChinaDay(String(format: "%04d-01-01", year + 1))!
        let previousStart = ChinaDay(String(format: "%04d-01-01", year - 1))!
        // The same span: to now in the current year (the same day and time a year earlier), the whole year otherwise.
        let spanEnd = min(now, next.start), elapsed = spanEnd.timeIntervalSince(start.start)
        let previousSpanEnd = min(previousStart.start.addingTimeInterval(elapsed), start.start)
        var figures = PetitionFigures(
            year: year, monthly: Array(repeating: 0, count: 12), previousMonthly: Array(repeating: 0, count: 12), samePeriod: 0,
            previousSamePeriod: 0)
        for ticket in petitions {
            guard let petition = ticket.state.petition else { continue }
            let at = petition.registeredAt
            let month = ChinaTime.month(of: at) - 1
            if at >= previousStart.start && at < start.start {
                figures.previousMonthly[month] += 1
                if at <= previousSpanEnd { figures.previousSamePeriod += 1 }
            }
            guard at >= start.start && at < next.start else { continue }
            figures.monthly[month] += 1
            if at <= spanEnd { figures.samePeriod += 1 }
            for measure in measures(of: ticket, petition, at: now, deadlines: deadlines) {
                figures.numbers[measure, default: []].insert(ticket.state.number)
            }
        }
        return figures
    }

    static func measures(
        of ticket: StoredTicket, _ petition: PetitionState, at now: Date, deadlines: (StoredTicket) -> [Deadline]
    ) -> [Measure] {
        var result: [Measure] = [.registered, petition.registration.repeatOf == nil ? .firstTime : .repeated]
        if petition.registration.leapfrog { result.append(.leapfrog) }
        switch petition.acceptance?.outcome {
        case .accepted: result.append(.accepted)
        case .notAccepted: result.append(.notAccepted)
        case .forwarded: result.append(.forwarded)
        case nil: result.append(.undecided)
        }
        if petition.answeredAt != nil { result.append(.answered) }
        let limits = deadlines(ticket)
        if limits.contains(where: { $0.kind == .petitionAcceptance && $0.isLate(at: now) }) { result.append(.acceptanceLate) }
        if limits.contains(where: { $0.kind == .petitionHandling && $0.isLate(at: now) }) { result.append(.handlingLate) }
        for review in petition.reviews {
            let first = review.level == .review
            result.append(first ? .reviewRequested : .reexaminationRequested)
            guard let decision = review.decision else { continue }
            switch (first, decision.upheld) {
            case (true, true): result.append(.reviewUpheld)
            case (true, false): result.append(.reviewRevised)
            case (false, true): result.append(.reexaminationUpheld)
            case (false, false): result.append(.reexaminationRevised)
            }
        }
        return result
    }
}
