import MashangStore
import MashangTesting
import Testing

/// One store test, run against each database.
struct StoreCase: Sendable, CustomTestStringConvertible {
    let name: String
    let run: @Sendable (MashangDatabase) async throws -> Void
    var testDescription: String { name }
}

/// The store conformance suite on the embedded SQLite database (always runs).
struct SQLiteStoreTests {
    @Test(
        arguments: StoreConformance.cases + StoreConformance.figureCases + StoreConformance.recountCases + StoreConformance.mergeCases
            + StoreConformance.registerCases + StoreConformance.outboxCases + StoreConformance.messageRecipientCases
            + StoreConformance.rateLimitCases + StoreConformance.integrationCases + IntegrityConformance.cases
            + AnonymisationConformance.cases)
    func sqlite(_ storeCase: StoreCase) async throws {
        try await TestDatabases.withSQLite(storeCase.run)
    }
}

/// The same suite on PostgreSQL; `.ci/run` starts a throwaway server and sets `MASHANG_TEST_POSTGRES_URL`.
@Suite(
    .enabled(
        if: TestDatabases.postgresURL != nil,
        "PostgreSQL suite skipped: set MASHANG_TEST_POSTGRES_URL (as .ci/run does) to run it"))
struct PostgresStoreTests {
    @Test(
        arguments: StoreConformance.cases + StoreConformance.figureCases + StoreConformance.recountCases + StoreConformance.mergeCases
            + StoreConformance.registerCases + StoreConformance.outboxCases + StoreConformance.messageRecipientCases
            + StoreConformance.rateLimitCases + StoreConformance.integrationCases + IntegrityConformance.cases
            + AnonymisationConformance.cases)
    func postgres(_ storeCase: StoreCase) async throws {
        try await TestDatabases.withPostgres(storeCase.run)
    }
}
