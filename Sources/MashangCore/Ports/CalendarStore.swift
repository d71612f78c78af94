/// The working calendar's data: holiday tables per year, office hours per organisation, time limits per kind and
/// urgency. Each change replaces one unit (a year, an organisation, a pair) as a whole.
public protocol CalendarStore: Sendable {
    func holidayTable() async throws -> HolidayTable
    /// Replaces one year's entries and records where they come from.
    func replaceHolidays(year: Int, entries: [HolidayTable.Entry], source: String) async throws
    func officeHours() async throws -> [String: WorkingHours]
    func setOfficeHours(_ hours: WorkingHours?, organization: String) async throws
    func timePolicy() async throws -> TimePolicy
    /// Sets (or, with nil, removes) the override of one kind and urgency.
    func setTimeLimits(_ limits: TimeLimits?, for key: TimePolicy.Key) async throws
    /// The escalation wait (working days) and the follow-up period (days) of the time policy.
    /// - Parameter petitionLastDayRolls: `PetitionRules.lastDayRolls`, the one choice the petition regulation leaves.
    func setSupervision(escalateAfterDays: Int, followUpDays: Int, petitionLastDayRolls: Bool) async throws
}

extension CalendarStore {
    /// The calendar and time policy in force, as one value.
    public func timeRules() async throws -> TimeRules {
        TimeRules(holidays: try await holidayTable(), hours: try await officeHours(), policy: try await timePolicy())
    }
}
