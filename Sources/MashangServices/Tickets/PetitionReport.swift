import Foundation
import MashangCore

/// The petition figures of a year and the petitions behind them, read from the petitions alone (a partial index).
public struct PetitionReport: Sendable {
    public let dependencies: AppDependencies

    public init(dependencies: AppDependencies) { self.dependencies = dependencies }

    /// Who reads them: the joint centre's leaders, supervisors and dispatchers (the petitions office is the joint
    /// centre's).
    public static func mayRead(_ staff: StaffActor) -> Bool {
        staff.isJointCentre && [.leader, .supervisor, .dispatcher].contains(staff.role)
    }

    /// The figures of `year` (with the year before for 同比) and that year's petitions, oldest first.
    public func figures(year: Int, for staff: StaffActor) async throws -> (figures: PetitionFigures, petitions: [StoredTicket]) {
        guard Self.mayRead(staff) else { throw AccessError.forbidden }
        guard (2000...2100).contains(year) else { throw ValidationError("year", "invalid") }
        let from = ChinaDay(String(format: "%04d-01-01", year - 1))!, before = ChinaDay(String(format: "%04d-01-01", year + 1))!
        let petitions = try await dependencies.stores.tickets.petitions(registeredFrom: from.start, before: before.start)
        let rules = dependencies.calendar.snapshot
        let figures = PetitionFigures.of(petitions, year: year, at: dependencies.clock(), deadlines: rules.deadlines(of:))
        let thisYear = petitions.filter { ($0.state.petition.map { ChinaTime.year(of: $0.registeredAt) }) == year }
        return (figures, thisYear)
    }
}
