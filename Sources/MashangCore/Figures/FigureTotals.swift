/// Counts over a period, per dimension and value.
public struct FigureTotals: Sendable, Equatable {
    public var byDimension: [String: [String: FigureCounts]] = [:]

    public init() {}

    public mutating func add(dimension: String, value: String, _ counts: FigureCounts) {
        byDimension[dimension, default: [:]][value] = (byDimension[dimension]?[value] ?? FigureCounts()) + counts
    }

    public func values(_ dimension: FigureDimension) -> [String: FigureCounts] { byDimension[dimension.rawValue] ?? [:] }

    /// The whole scope's counts.
    public var total: FigureCounts { byDimension[FigureDimension.total.rawValue]?[""] ?? FigureCounts() }

    /// Counts per duration bucket of one of `DurationHistogram`'s dimensions.
    public func histogram(_ dimension: String) -> [Int: Int64] {
        (byDimension[dimension] ?? [:]).reduce(into: [:]) { result, entry in
            if let bucket = Int(entry.key) { result[bucket] = entry.value[.received] }
        }
    }
}

/// Which tickets stand behind a figure: a scope, received days, optionally one dimension value and one measure.
public struct FigureQuery: Sendable, Equatable {
    public var scope: String
    public var from: ChinaDay
    public var to: ChinaDay
    public var dimension: FigureDimension
    public var value: String
    /// Tickets for which any of these measures holds (empty: every ticket received).
    public var measures: [FigureMeasure]
    public var page: Int
    public var pageSize: Int

    public init(
        scope: String, from: ChinaDay, to: ChinaDay, dimension: FigureDimension = .total, value: String = "",
        measures: [FigureMeasure] = [], page: Int = 1, pageSize: Int = 50
    ) {
        self.scope = scope
        self.from = from
        self.to = to
        self.dimension = dimension
        self.value = value
        self.measures = measures
        self.page = page
        self.pageSize = pageSize
    }
}
