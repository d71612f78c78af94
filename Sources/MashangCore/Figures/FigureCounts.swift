import Foundation

/// The measures the rollups add up. The first group are 0/1 per ticket (and drill down to the tickets for which
/// they hold); the second are counts and sums of seconds for the average times.
public enum FigureMeasure: String, Sendable, CaseIterable, Codable, Hashable {
    /// 受理量: every request received.
    case received
    /// Signed for (签收) at least once.
    case responded
    /// Signed for, and never past a sign-for limit.
    case respondedOnTime
    /// The requester was contacted, replied to or answered at least once.
    case contacted
    /// Closed now (by a satisfied rating, a direct answer, or as not rated after the follow-up period).
    case closed
    /// Closed by a satisfied or basically satisfied rating or by a direct answer.
    case closedAnswered
    /// Closed as not rated after the follow-up period.
    case closedUnrated
    /// The latest rating, recorded by the requester or by someone outside the handling chain.
    case satisfied, basicallySatisfied, unsatisfied
    /// A time limit was missed: met after its due time, or still unmet past it (`Deadline.isLate`).
    case overdue
    /// 推诿: sent back, then given back to the same unit by the joint centre's binding decision.
    case bounced
    case signCount, signSeconds, contactCount, contactSeconds, closeCount, closeSeconds
    /// The latest rating, recorded by the handling chain itself (自评: the lead or an assisting organisation).
    case selfSatisfied, selfBasicallySatisfied, selfUnsatisfied

    /// The measures that are true or false per ticket.
    public static let ticketFlags: [FigureMeasure] = [
        .received, .responded, .respondedOnTime, .contacted, .closed, .closedAnswered,
        .closedUnrated, .satisfied, .basicallySatisfied, .unsatisfied, .overdue, .bounced,
        .selfSatisfied, .selfBasicallySatisfied, .selfUnsatisfied,
    ]

    /// The column that stores the measure in the rollup and facts tables.
    public var column: String {
        rawValue.reduce(into: "") { name, character in
            if character.isUppercase { name += "_" + character.lowercased() } else { name.append(character) }
        }
    }
}

/// What the figures are broken down by.
public enum FigureDimension: String, Sendable, CaseIterable, Codable {
    case total, channel, kind, category, area, organization, department, tier
    /// Area × category, for the heat grid (value `area|category`).
    case areaCategory
}

/// One rollup row's identity: a scope's counts for one received day and one dimension value.
public struct FigureKey: Hashable, Sendable {
    public var scope: String
    public var day: Int
    public var dimension: String
    public var value: String
    public init(scope: String, day: Int, dimension: String, value: String) {
        self.scope = scope
        self.day = day
        self.dimension = dimension
        self.value = value
    }
}

/// A vector of measures, added and subtracted as tickets change.
public struct FigureCounts: Sendable, Equatable {
    public private(set) var values: [Int64]

    public init() { values = Array(repeating: 0, count: FigureMeasure.allCases.count) }
    public init(values: [Int64]) {
        precondition(values.count == FigureMeasure.allCases.count)
        self.values = values
    }

    public subscript(_ measure: FigureMeasure) -> Int64 {
        get { values[measure.position] }
        set { values[measure.position] = newValue }
    }

    public var isZero: Bool { values.allSatisfy { $0 == 0 } }

    public static func + (lhs: FigureCounts, rhs: FigureCounts) -> FigureCounts {
        FigureCounts(values: zip(lhs.values, rhs.values).map(+))
    }

    public static func - (lhs: FigureCounts, rhs: FigureCounts) -> FigureCounts {
        FigureCounts(values: zip(lhs.values, rhs.values).map(-))
    }
}

extension FigureMeasure {
    /// The measure's place in `allCases` (and in a `FigureCounts` vector).
    var position: Int {
        switch self {
        case .received: 0
        case .responded: 1
        case .respondedOnTime: 2
        case .contacted: 3
        case .closed: 4
        case .closedAnswered: 5
        case .closedUnrated: 6
        case .satisfied: 7
        case .basicallySatisfied: 8
        case .unsatisfied: 9
        case .overdue: 10
        case .bounced: 11
        case .signCount: 12
        case .signSeconds: 13
        case .contactCount: 14
        case .contactSeconds: 15
        case .closeCount: 16
        case .closeSeconds: 17
        case .selfSatisfied: 18
        case .selfBasicallySatisfied: 19
        case .selfUnsatisfied: 20
        }
    }
}

extension Dictionary where Key == FigureKey, Value == FigureCounts {
    /// What changes in the rollups when a ticket's facts go from `old` to `new` (either may be nil); zero rows left out.
    public static func delta(from old: [FigureKey: FigureCounts], to new: [FigureKey: FigureCounts]) -> [FigureKey: FigureCounts] {
        var result = new
        for (key, counts) in old { result[key, default: FigureCounts()] = result[key, default: FigureCounts()] - counts }
        return result.filter { !$0.value.isZero }
    }

    /// Adds another set of counts in place.
    public mutating func add(_ other: [FigureKey: FigureCounts]) {
        for (key, counts) in other { self[key, default: FigureCounts()] = self[key, default: FigureCounts()] + counts }
    }
}

/// Durations counted in buckets 25 % wide (from one minute up), so a percentile over any period and scope comes from
/// the rollups: it is reported as the upper edge of the bucket it falls in, at most 25 % above the exact value.
public enum DurationHistogram {
    public static let signDimension = "signTime", contactDimension = "contactTime", closeDimension = "closeTime"
    static let ratio = 1.25, lastBucket = 90

    public static func bucket(_ seconds: Int) -> Int {
        guard seconds > 60 else { return 0 }
        return min(lastBucket, Int((log(Double(seconds) / 60) / log(ratio)).rounded(.up)))
    }

    /// The upper edge of a bucket, in seconds.
    public static func upperEdge(_ bucket: Int) -> Double { 60 * pow(ratio, Double(bucket)) }

    /// The `share` percentile (0.9 for p90) of the durations counted per bucket; nil when there are none.
    public static func percentile(_ share: Double, of counts: [Int: Int64]) -> Double? {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = Int64((Double(total) * share).rounded(.up))
        var seen: Int64 = 0
        for bucket in counts.keys.sorted() {
            seen += counts[bucket]!
            if seen >= rank { return upperEdge(bucket) }
        }
        return upperEdge(counts.keys.max()!)
    }
}
