import Foundation
import MashangCore
import SQLKit

/// `CalendarStore` over SQL.
public struct SQLCalendarStore: CalendarStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) {
        self.backend = backend
    }

    public func holidayTable() async throws -> HolidayTable {
        try await backend.read { database in
            let entries = try await database.raw("SELECT day, kind, name FROM holidays ORDER BY day").all().map { row in
                let kind = try row.decode(column: "kind", as: String.self)
                return HolidayTable.Entry(
                    day: try row.decode(column: "day", as: String.self),
                    kind: try HolidayTable.Entry.Kind(rawValue: kind).orThrow(CorruptRow(column: "kind", value: kind)),
                    name: try row.decode(column: "name", as: String.self))
            }
            var sources: [Int: String] = [:]
            for row in try await database.raw("SELECT year, source FROM holiday_sources").all() {
                sources[try row.decode(column: "year", as: Int.self)] = try row.decode(column: "source", as: String.self)
            }
            return try HolidayTable(entries: entries, sources: sources)
        }
    }

    public func replaceHolidays(year: Int, entries: [HolidayTable.Entry], source: String) async throws {
        try await backend.write { database in
            let prefix = String(format: "%04d-", year)
            try await database.raw("DELETE FROM holidays WHERE day LIKE \(bind: prefix + "%")").run()
            try await SQLRows.insert(
                into: "holidays", columns: ["day", "kind", "name"],
                rows: entries.map { [$0.day, $0.kind.rawValue, $0.name] }, on: database)
            try await database.raw("DELETE FROM holiday_sources WHERE year = \(bind: year)").run()
            if !entries.isEmpty {
                try await database.raw("INSERT INTO holiday_sources (year, source) VALUES (\(bind: year), \(bind: source))").run()
            }
            try await Self.recheckLateness(on: database)
        }
    }

    public func officeHours() async throws -> [String: WorkingHours] {
        try await backend.read { database in
            var hours: [String: WorkingHours] = [:]
            for row in try await database.raw("SELECT organization, sessions FROM office_hours").all() {
                let json = try row.decode(column: "sessions", as: String.self)
                let sessions = try JSONDecoder().decode([WorkingHours.Session].self, from: Data(json.utf8))
                hours[try row.decode(column: "organization", as: String.self)] = try WorkingHours(sessions: sessions)
            }
            return hours
        }
    }

    public func setOfficeHours(_ hours: WorkingHours?, organization: String) async throws {
        let json = try hours.map { String(decoding: try JSONEncoder().encode($0.sessions), as: UTF8.self) }
        try await backend.write { database in
            try await database.raw("DELETE FROM office_hours WHERE organization = \(bind: organization)").run()
            if let json {
                try await database.raw("INSERT INTO office_hours (organization, sessions) VALUES (\(bind: organization), \(bind: json))")
                    .run()
            }
            try await Self.recheckLateness(on: database)
        }
    }

    public func timePolicy() async throws -> TimePolicy {
        try await backend.read { database in
            var overrides: [TimePolicy.Key: TimeLimits] = [:]
            for row in try await database.raw("SELECT * FROM time_limits").all() {
                let kind = try row.decode(column: "kind", as: String.self), urgency = try row.decode(column: "urgency", as: String.self)
                let key = TimePolicy.Key(
                    try TicketKind(rawValue: kind).orThrow(CorruptRow(column: "kind", value: kind)),
                    try Urgency(rawValue: urgency).orThrow(CorruptRow(column: "urgency", value: urgency)))
                overrides[key] = try TimeLimits(
                    signForHours: try row.decode(column: "sign_for_hours", as: Double.self),
                    firstContactHours: try row.decode(column: "first_contact_hours", as: Double.self),
                    resolveDays: try row.decode(column: "resolve_days", as: Int.self),
                    warnShare: try row.decode(column: "warn_share", as: Double.self))
            }
            var settings: [String: Int] = [:]
            for row in try await database.raw("SELECT name, value FROM supervision_settings").all() {
                settings[try row.decode(column: "name", as: String.self)] = try row.decode(column: "value", as: Int.self)
            }
            let defaults = TimePolicy()
            return TimePolicy(
                overrides: overrides, escalateAfterDays: settings["escalate_after_days"] ?? defaults.escalateAfterDays,
                followUpDays: settings["follow_up_days"] ?? defaults.followUpDays,
                petition: PetitionRules(lastDayRolls: (settings["petition_last_day_rolls"] ?? 1) != 0))
        }
    }

    public func setSupervision(escalateAfterDays: Int, followUpDays: Int, petitionLastDayRolls: Bool) async throws {
        try await backend.write { database in
            try await database.raw("DELETE FROM supervision_settings").run()
            try await SQLRows.insert(
                into: "supervision_settings", columns: ["name", "value"],
                rows: [
                    ["escalate_after_days", escalateAfterDays], ["follow_up_days", followUpDays],
                    ["petition_last_day_rolls", petitionLastDayRolls ? 1 : 0],
                ], on: database)
        }
    }

    public func setTimeLimits(_ limits: TimeLimits?, for key: TimePolicy.Key) async throws {
        try await backend.write { database in
            try await database.raw(
                """
                DELETE FROM time_limits WHERE kind = \(bind: key.kind.rawValue) AND urgency = \(bind: key.urgency.rawValue)
                """
            ).run()
            if let limits {
                try await database.raw(
                    """
                    INSERT INTO time_limits (kind, urgency, sign_for_hours, first_contact_hours, resolve_days, warn_share)
                    VALUES (\(bind: key.kind.rawValue), \(bind: key.urgency.rawValue), \(bind: limits.signForHours),
                            \(bind: limits.firstContactHours), \(bind: limits.resolveDays), \(bind: limits.warnShare))
                    """
                ).run()
            }
            try await Self.recheckLateness(kind: key.kind, on: database)
        }
    }

    /// Lateness is worked out under the calendar and limits in force: when they change, the figures look at every
    /// affected ticket again (in the same transaction as the change).
    static func recheckLateness(kind: TicketKind? = nil, on database: any SQLDatabase) async throws {
        if let kind {
            try await database.raw("UPDATE ticket_facts SET recheck_at = 0 WHERE kind = \(bind: kind.rawValue)").run()
        } else {
            try await database.raw("UPDATE ticket_facts SET recheck_at = 0").run()
        }
    }
}
