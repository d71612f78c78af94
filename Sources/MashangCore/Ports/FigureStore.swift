import Foundation

/// The figures' rollups (one fact row per ticket, counters per day and month, per scope, dimension and value), kept
/// up to date outside the requests that change tickets, and the full recounts they must equal.
public protocol FigureStore: Sendable {
    /// Brings the rollups up to date for up to `limit` changed tickets; returns how many it looked at (0: all done, or
    /// another node is refreshing).
    func refresh(limit: Int, at now: Date) async throws -> Int
    /// Refreshes until nothing lags; returns how many tickets it looked at.
    func refreshAll(batch: Int, at now: Date) async throws -> Int
    /// How many tickets changed since the rollups last looked at them.
    func lag() async throws -> Int
    /// Tickets per batch for the background refresher.
    var backgroundBatch: Int { get }
    /// The counts of a scope over the days `from...to`, per dimension and value (only `dimensions`, nil: all).
    func counts(scope: String, from: ChinaDay, to: ChinaDay, dimensions: [String]?) async throws -> FigureTotals
    /// Day-by-day totals of a scope over `from...to`.
    func daily(scope: String, from: ChinaDay, to: ChinaDay) async throws -> [Int: FigureCounts]
    func allDailyCounts() async throws -> [FigureKey: FigureCounts]
    func allMonthlyCounts() async throws -> [FigureKey: FigureCounts]
    /// The rollups as a full recount from every ticket's history would make them.
    func recount(at now: Date) async throws -> [FigureKey: FigureCounts]
    /// The conduct figures over `from...to` from the rollups, for every unit (nil) or one organisation's.
    func conduct(from: ChinaDay, to: ChinaDay, organization: String?, boilerplateLimit: Int) async throws -> ConductReport
    /// The conduct figures as a full recount would make them.
    func recountConduct(from: ChinaDay, to: ChinaDay, organization: String?, at now: Date) async throws -> ConductReport
    /// The tickets behind a figure, newest first, with their exact number.
    func tickets(matching query: FigureQuery) async throws -> TicketPage
    func definitions() async throws -> FigureDefinitions
    func setDefinitions(_ definitions: FigureDefinitions) async throws
}

extension FigureStore {
    public func refresh(at now: Date = Date()) async throws -> Int { try await refresh(limit: 500, at: now) }
    public func refreshAll(at now: Date = Date()) async throws -> Int { try await refreshAll(batch: 1000, at: now) }
    public func counts(scope: String, from: ChinaDay, to: ChinaDay) async throws -> FigureTotals {
        try await counts(scope: scope, from: from, to: to, dimensions: nil)
    }
    public func recount() async throws -> [FigureKey: FigureCounts] { try await recount(at: Date()) }
    public func conduct(from: ChinaDay, to: ChinaDay, organization: String?) async throws -> ConductReport {
        try await conduct(from: from, to: to, organization: organization, boilerplateLimit: ConductReport.boilerplateLimit)
    }
    public func recountConduct(from: ChinaDay, to: ChinaDay, organization: String?) async throws -> ConductReport {
        try await recountConduct(from: from, to: to, organization: organization, at: Date())
    }
}

/// 典型案例: tickets chosen by staff for a report period, with a short note on why.
public struct ExemplaryCase: Sendable, Equatable, Codable {
    public var period: String
    public var number: String
    public var note: String
    public var chosenBy: String
    public var chosenAt: Date

    public init(period: String, number: String, note: String, chosenBy: String, chosenAt: Date) {
        self.period = period
        self.number = number
        self.note = note
        self.chosenBy = chosenBy
        self.chosenAt = chosenAt
    }
}

/// The exemplary cases of report periods.
public protocol ExemplaryCaseStore: Sendable {
    /// Adds a case to a period, or replaces its note.
    func choose(_ number: String, period: String, note: String, by username: String, at date: Date) async throws
    /// Removes a case; false when it was not chosen.
    func remove(_ number: String, period: String) async throws -> Bool
    func cases(periods: [String]) async throws -> [ExemplaryCase]
}
