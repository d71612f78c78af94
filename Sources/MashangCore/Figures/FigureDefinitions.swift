/// How the three rates are defined. Administrators choose; every page shows the definition in force next to the rate.
public struct FigureDefinitions: Codable, Sendable, Equatable {
    public enum ResponseBasis: String, Codable, Sendable, CaseIterable {
        /// 响应率 = signed for / received.
        case signed
        /// 响应率 = signed for within the sign-for limit / received.
        case signedOnTime
    }

    /// Who may record a follow-up (回访) on the requester's behalf.
    public enum FollowUpRecorders: String, Codable, Sendable, CaseIterable {
        /// Only the joint centre's staff (the default): a unit never rates its own work.
        case jointCentre
        /// Also the lead organisation's intake users, dispatchers and supervisors; their ratings are marked 自评.
        case handlingChain
    }

    public var response: ResponseBasis
    /// Whether a ticket closed as not rated after the follow-up period counts as resolved (解决率 numerator).
    public var unratedClosuresResolve: Bool
    /// 满意率 = (satisfied × weight + basically satisfied × weight) / rated. Weights in 0...1.
    public var satisfiedWeight: Double
    public var basicallySatisfiedWeight: Double
    /// Whether ratings recorded by the handling chain (自评) count in 满意率 (default: no).
    public var selfRecordedRatingsCount: Bool
    public var followUpBy: FollowUpRecorders

    public init(
        response: ResponseBasis = .signedOnTime, unratedClosuresResolve: Bool = true,
        satisfiedWeight: Double = 1, basicallySatisfiedWeight: Double = 1,
        selfRecordedRatingsCount: Bool = false, followUpBy: FollowUpRecorders = .jointCentre
    ) {
        self.response = response
        self.unratedClosuresResolve = unratedClosuresResolve
        self.satisfiedWeight = satisfiedWeight
        self.basicallySatisfiedWeight = basicallySatisfiedWeight
        self.selfRecordedRatingsCount = selfRecordedRatingsCount
        self.followUpBy = followUpBy
    }

    private enum CodingKeys: String, CodingKey {
        case response, unratedClosuresResolve, satisfiedWeight, basicallySatisfiedWeight, selfRecordedRatingsCount, followUpBy
    }

    /// Settings saved before a field existed take its default.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let standard = FigureDefinitions()
        response = try container.decodeIfPresent(ResponseBasis.self, forKey: .response) ?? standard.response
        unratedClosuresResolve =
            try container.decodeIfPresent(Bool.self, forKey: .unratedClosuresResolve) ?? standard.unratedClosuresResolve
        satisfiedWeight = try container.decodeIfPresent(Double.self, forKey: .satisfiedWeight) ?? standard.satisfiedWeight
        basicallySatisfiedWeight =
            try container.decodeIfPresent(Double.self, forKey: .basicallySatisfiedWeight)
            ?? standard.basicallySatisfiedWeight
        selfRecordedRatingsCount =
            try container.decodeIfPresent(Bool.self, forKey: .selfRecordedRatingsCount)
            ?? standard.selfRecordedRatingsCount
        followUpBy = try container.decodeIfPresent(FollowUpRecorders.self, forKey: .followUpBy) ?? standard.followUpBy
    }

    public static let standard = FigureDefinitions()

    public func validated() throws(ValidationError) -> FigureDefinitions {
        for (field, weight) in [("satisfiedWeight", satisfiedWeight), ("basicallySatisfiedWeight", basicallySatisfiedWeight)]
        where !(weight.isFinite && (0...1).contains(weight)) {
            throw ValidationError(field, "invalid")
        }
        return self
    }

    /// The ticket measures a rate's numerator counts (the tickets its drill-down lists).
    public func numerator(_ rate: FigureRate) -> [FigureMeasure] {
        switch rate {
        case .response: [response == .signed ? .responded : .respondedOnTime]
        case .resolution: unratedClosuresResolve ? [.closed] : [.closedAnswered]
        case .satisfaction: ratingMeasures.filter { weight($0) > 0 }
        }
    }

    /// The ratings 满意率 is taken over (its base and its drill-down): the independent ones, and the self-recorded ones
    /// when the definition counts them.
    public var ratingMeasures: [FigureMeasure] {
        [.satisfied, .basicallySatisfied, .unsatisfied]
            + (selfRecordedRatingsCount ? [.selfSatisfied, .selfBasicallySatisfied, .selfUnsatisfied] : [])
    }

    func weight(_ measure: FigureMeasure) -> Double {
        switch measure {
        case .satisfied, .selfSatisfied: satisfiedWeight
        case .basicallySatisfied, .selfBasicallySatisfied: basicallySatisfiedWeight
        case .unsatisfied, .selfUnsatisfied: 0
        default: 1
        }
    }

    /// The rate over counts, nil when its base is empty.
    public func rate(_ rate: FigureRate, _ counts: FigureCounts) -> Double? {
        switch rate {
        case .response, .resolution:
            let base = counts[.received]
            return base == 0 ? nil : Double(numerator(rate).reduce(0) { $0 + counts[$1] }) / Double(base)
        case .satisfaction:
            let rated = ratingMeasures.reduce(0) { $0 + counts[$1] }
            guard rated > 0 else { return nil }
            return ratingMeasures.reduce(0.0) { $0 + Double(counts[$1]) * weight($1) } / Double(rated)
        }
    }
}

/// 响应率, 解决率, 满意率.
public enum FigureRate: String, Sendable, CaseIterable, Codable {
    case response, resolution, satisfaction
}
