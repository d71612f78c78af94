/// How the three rates are defined. Administrators choose; every page shows the definition in force next to the rate.
public struct FigureDefinitions: Codable, Sendable, Equatable {
    public enum ResponseBasis: String, Codable, Sendable, CaseIterable {
        /// 响应率 = signed for / received.
        case signed
        /// 响应率 = signed for within the sign-for limit / received.
        case signedOnTime
    }

    public var response: ResponseBasis
    /// Whether a ticket closed as not rated after the follow-up period counts as resolved (解决率 numerator).
    public var unratedClosuresResolve: Bool
    /// 满意率 = (satisfied × weight + basically satisfied × weight) / rated. Weights in 0...1.
    public var satisfiedWeight: Double
    public var basicallySatisfiedWeight: Double

    public init(response: ResponseBasis = .signedOnTime, unratedClosuresResolve: Bool = true,
                satisfiedWeight: Double = 1, basicallySatisfiedWeight: Double = 1) {
        self.response = response
        self.unratedClosuresResolve = unratedClosuresResolve
        self.satisfiedWeight = satisfiedWeight
        self.basicallySatisfiedWeight = basicallySatisfiedWeight
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
        case .satisfaction: [.satisfied, .basicallySatisfied].filter { weight($0) > 0 }
        }
    }

    func weight(_ measure: FigureMeasure) -> Double {
        switch measure {
        case .satisfied: satisfiedWeight
        case .basicallySatisfied: basicallySatisfiedWeight
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
            let rated = counts[.satisfied] + counts[.basicallySatisfied] + counts[.unsatisfied]
            guard rated > 0 else { return nil }
            return (Double(counts[.satisfied]) * satisfiedWeight + Double(counts[.basicallySatisfied]) * basicallySatisfiedWeight) / Double(rated)
        }
    }
}

/// 响应率, 解决率, 满意率.
public enum FigureRate: String, Sendable, CaseIterable, Codable {
    case response, resolution, satisfaction
}
