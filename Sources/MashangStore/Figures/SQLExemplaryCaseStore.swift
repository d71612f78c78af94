import Foundation
import MashangCore
import SQLKit

public struct SQLExemplaryCaseStore: ExemplaryCaseStore {
    let backend: any SQLBackend

    public init(backend: any SQLBackend) { self.backend = backend }

    /// Adds a case to a period, or replaces its note.
    public func choose(_ number: String, period: String, note: String, by username: String, at date: Date) async throws {
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO exemplary_cases (period, number, note, chosen_by, chosen_at)
                VALUES (\(bind: period), \(bind: number), \(bind: note), \(bind: username), \(bind: StoreTime.milliseconds(date)))
                ON CONFLICT (period, number) DO UPDATE SET note = excluded.note, chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at
                """
            ).run()
        }
    }

    /// Removes a case; returns whether there was one.
    @discardableResult
    public func remove(_ number: String, period: String) async throws -> Bool {
        try await backend.write { database in
            try await database.raw(
                "DELETE FROM exemplary_cases WHERE period = \(bind: period) AND number = \(bind: number) RETURNING number"
            )
            .all().count > 0
        }
    }

    /// The cases of these periods, in the order they were chosen.
    public func cases(periods: [String]) async throws -> [ExemplaryCase] {
        guard !periods.isEmpty else { return [] }
        return try await backend.read { database in
            try await database.raw(
                """
                SELECT period, number, note, chosen_by, chosen_at FROM exemplary_cases WHERE period IN (\(binds: periods))
                ORDER BY chosen_at, number
                """
            ).all().map { row in
                ExemplaryCase(
                    period: try row.decode(column: "period", as: String.self), number: try row.decode(column: "number", as: String.self),
                    note: try row.decode(column: "note", as: String.self), chosenBy: try row.decode(column: "chosen_by", as: String.self),
                    chosenAt: StoreTime.date(try row.decode(column: "chosen_at", as: Int64.self)))
            }
        }
    }
}
