import SQLKit

/// Ticket numbers on PostgreSQL: each year's come from a sequence of its own (migration 0032), so a creation takes its
/// number with one `nextval` inside its transaction, holding no lock that other creations wait for. A number is never
/// taken back (a creation that fails leaves it unused), and one acknowledged is never handed out again after a crash:
/// the sequence's WAL record precedes the creation's commit record, flushed before the answer. `ticket_counters`
/// still numbers years outside `years` (old imports), inside the caller's transaction.
enum PostgresTicketNumbers {
    static let years = 2000...2100

    static func sequence(_ year: Int) -> String { "ticket_numbers_\(year)" }

    /// The next number of `year`, or nil when the year has no sequence.
    static func next(year: Int, on database: any SQLDatabase) async throws -> Int64? {
        guard years.contains(year) else { return nil }
        let row = try await database.raw("SELECT nextval(\(bind: sequence(year))::regclass) AS n").first()
        return try row?.decode(column: "n", as: Int64.self)
    }

    /// Moves `year`'s sequence past `sequence` (imported tickets), never back.
    static func advance(year: Int, past sequence: Int64, on database: any SQLDatabase) async throws {
        guard years.contains(year) else { return }
        // The name comes from an integer year, not from input.
        try await database.raw(
            """
            SELECT setval(\(bind: Self.sequence(year))::regclass, GREATEST(\(bind: sequence),
                (SELECT last_value - CASE WHEN is_called THEN 0 ELSE 1 END FROM \(unsafeRaw: Self.sequence(year)))))
            """
        ).run()
    }

    /// The last number taken in each year that has taken one.
    static func last(on database: any SQLDatabase) async throws -> [Int: Int64] {
        var numbers: [Int: Int64] = [:]
        let rows = try await database.raw(
            """
            SELECT sequencename, last_value FROM pg_sequences
            WHERE schemaname = current_schema() AND sequencename LIKE 'ticket_numbers_%' AND last_value IS NOT NULL
            """
        ).all()
        for row in rows {
            let name = try row.decode(column: "sequencename", as: String.self)
            if let year = Int(name.dropFirst("ticket_numbers_".count)) {
                numbers[year] = try row.decode(column: "last_value", as: Int64.self)
            }
        }
        return numbers
    }
}
