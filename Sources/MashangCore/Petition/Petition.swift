import Foundation

/// The steps of a 信访事项 as the joint centre records them (信访工作条例, 2022; see docs/petitions.md).
public enum PetitionOutcome: String, Codable, Sendable, CaseIterable {
    /// 受理: the matter is handled under the regulation, within the handling limit.
    case accepted
    /// 不予受理: not a petition matter (for instance one that belongs to a court or an arbitration), with the reason.
    case notAccepted
    /// 转送: sent on to the body with power over it, named in the notice.
    case forwarded
}

/// The two levels of review after the 处理意见书: 复查 by the level above, then 复核 by the level above that.
public enum PetitionLevel: String, Codable, Sendable, CaseIterable {
    case review
    case reexamination

    /// The deadline kind of a decision at this level.
    public var deadline: Deadline.Kind { self == .review ? .petitionReview : .petitionReexamination }
}

/// 登记为信访事项: why the joint centre registered the request as a petition, and what it found about it.
public struct PetitionRegistration: Codable, Sendable, Equatable {
    public var reason: String
    /// 越级: brought to a level above the one responsible, skipping it.
    public var leapfrog: Bool
    /// 重复信访: the earlier petition of the same person on the same matter (same phone and category), found by the
    /// server at registration, never typed in.
    public var repeatOf: String?
    public init(reason: String, leapfrog: Bool, repeatOf: String?) {
        self.reason = reason
        self.leapfrog = leapfrog
        self.repeatOf = repeatOf
    }
}

/// The acceptance decision, written to the petitioner as a 告知书.
public struct PetitionAcceptance: Codable, Sendable, Equatable {
    public var outcome: PetitionOutcome
    public var note: String
    /// For `forwarded`: the body it went to.
    public var forwardedTo: String?
    public init(outcome: PetitionOutcome, note: String, forwardedTo: String?) {
        self.outcome = outcome
        self.note = note
        self.forwardedTo = forwardedTo
    }
}

/// 延期: more calendar days for the handling, approved by the joint centre's supervisor, with a notice of the reason.
public struct PetitionExtension: Codable, Sendable, Equatable {
    public var days: Int
    public var reason: String
    public init(days: Int, reason: String) {
        self.days = days
        self.reason = reason
    }
}

/// The petitioner asks for 复查 or 复核 (recorded by the joint centre on their behalf).
public struct PetitionReviewRequest: Codable, Sendable, Equatable {
    public var level: PetitionLevel
    public var reason: String
    public init(level: PetitionLevel, reason: String) {
        self.level = level
        self.reason = reason
    }
}

/// The 复查意见 or 复核意见 of the reviewing body, as recorded by the joint centre.
public struct PetitionReviewDecision: Codable, Sendable, Equatable {
    public var level: PetitionLevel
    /// 维持 (true) or 撤销/变更 (false): the earlier answer is upheld, or the reviewing body's opinion replaces it.
    public var upheld: Bool
    /// The body that decided (for instance 潜江市信访局).
    public var body: String
    public var opinion: String
    public init(level: PetitionLevel, upheld: Bool, body: String, opinion: String) {
        self.level = level
        self.upheld = upheld
        self.body = body
        self.opinion = opinion
    }
}

/// One review of a petition: asked for, and decided or not yet.
public struct PetitionReviewState: Codable, Sendable, Equatable {
    public var level: PetitionLevel
    public var requestedAt: Date
    public var reason: String
    public var decision: PetitionReviewDecision?
    public var decidedAt: Date?
}

/// A request's life as a 信访事项, folded from its events.
public struct PetitionState: Codable, Sendable, Equatable {
    public var registeredAt: Date
    public var registration: PetitionRegistration
    public var acceptance: PetitionAcceptance?
    public var decidedAt: Date?
    public var extended: PetitionExtension?
    /// The 处理意见书: the first reply after acceptance.
    public var answeredAt: Date?
    public var reviews: [PetitionReviewState] = []

    public init(registeredAt: Date, registration: PetitionRegistration) {
        self.registeredAt = registeredAt
        self.registration = registration
    }

    public var isAccepted: Bool { acceptance?.outcome == .accepted }
    /// A review asked for and not yet decided.
    public var pendingReview: PetitionReviewState? { reviews.last.flatMap { $0.decision == nil ? $0 : nil } }
    /// The level the next review request would go to; nil once 复核 has been asked for (the chain ends there).
    public var nextLevel: PetitionLevel? {
        switch reviews.count {
        case 0: .review
        case 1: .reexamination
        default: nil
        }
    }
    /// The written answer a review request is counted from: the 处理意见书, then the 复查意见.
    public var lastAnswerAt: Date? { reviews.isEmpty ? answeredAt : reviews.last?.decidedAt }
    /// Some step is owed by a body (a decision, the 处理意见书, a review opinion), whatever became of the request: its
    /// limit is still watched by the sweeper.
    public var owesAStep: Bool { acceptance == nil || pendingReview != nil || (isAccepted && answeredAt == nil) }
}

/// Where a petition stands, for lists and the ticket page.
public enum PetitionStage: String, Sendable, CaseIterable {
    case awaitingDecision, notAccepted, forwarded, handling, answered, inReview, reviewed, inReexamination, final

    public static func of(_ petition: PetitionState) -> PetitionStage {
        switch petition.acceptance?.outcome {
        case nil: return .awaitingDecision
        case .notAccepted: return .notAccepted
        case .forwarded: return .forwarded
        case .accepted: break
        }
        guard let last = petition.reviews.last else { return petition.answeredAt == nil ? .handling : .answered }
        switch (last.level, last.decision == nil) {
        case (.review, true): return .inReview
        case (.review, false): return .reviewed
        case (.reexamination, true): return .inReexamination
        case (.reexamination, false): return .final
        }
    }
}
