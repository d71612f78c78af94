extension Migrations {
    /// On PostgreSQL, a sequence per year for ticket numbers (`ticket_numbers_2000` … `ticket_numbers_2100`), each
    /// starting after the year's counter. A creation took its number from `ticket_counters` in a transaction of its
    /// own (four statements) so as not to hold the counter's row lock through its commit; `nextval` takes no lock, so
    /// the number is now one statement inside the creation's transaction (`PostgresTicketNumbers`). SQLite, one
    /// writer, keeps the counters.
    static let ticketNumberSequences = Migration(name: "0032_ticket_number_sequences") { flavor in
        flavor == .postgres
            ? [
                """
                DO $$ BEGIN
                    FOR y IN \(PostgresTicketNumbers.years.lowerBound)..\(PostgresTicketNumbers.years.upperBound) LOOP
                        EXECUTE format('CREATE SEQUENCE ticket_numbers_%s START WITH %s', y,
                            COALESCE((SELECT last_value FROM ticket_counters WHERE year = y), 0) + 1);
                    END LOOP;
                END $$
                """
            ] : []
    }
}
