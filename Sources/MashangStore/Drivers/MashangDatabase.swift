import Foundation
import Logging
import MashangCore
import SQLKit

/// The opened database with every store over it. Close it on shutdown.
public struct MashangDatabase: Sendable {
    public let backend: any SQLBackend
    /// What the ticket, figure and common-issue stores remember about tickets, shared between them.
    public let caches: TicketCaches
    public let tickets: SQLTicketStore
    public let accounts: SQLAccountStore
    public let reference: SQLReferenceStore
    public let audit: SQLAuditStore
    public let calendar: SQLCalendarStore
    public let notifications: SQLNotificationStore
    public let webhooks: SQLWebhookStore
    public let apiKeys: SQLApiKeyStore
    public let figures: SQLFigureStore
    public let commonIssues: SQLCommonIssueStore
    public let exemplaryCases: SQLExemplaryCaseStore
    public let registers: SQLRegisterStore
    public let reception: SQLReceptionStore
    public let mechanismFigures: SQLMechanismFigures
    public let outbox: SQLOutboxStore
    public let messageSettings: SQLMessageSettingsStore
    public let integrity: SQLIntegrityStore
    /// In memory on SQLite (one process), in the database on PostgreSQL (shared by every node).
    public let rateLimits: any RateLimitStore

    public init(backend: any SQLBackend, cipher: ContactCipher) {
        self.backend = backend
        let caches = TicketCaches()
        self.caches = caches
        tickets = SQLTicketStore(backend: backend, cipher: cipher, caches: caches)
        accounts = SQLAccountStore(backend: backend, cipher: cipher)
        reference = SQLReferenceStore(backend: backend)
        audit = SQLAuditStore(backend: backend)
        calendar = SQLCalendarStore(backend: backend)
        notifications = SQLNotificationStore(backend: backend)
        webhooks = SQLWebhookStore(backend: backend, cipher: cipher)
        apiKeys = SQLApiKeyStore(backend: backend)
        figures = SQLFigureStore(backend: backend, cipher: cipher, caches: caches)
        commonIssues = SQLCommonIssueStore(backend: backend, cipher: cipher, caches: caches)
        exemplaryCases = SQLExemplaryCaseStore(backend: backend)
        registers = SQLRegisterStore(backend: backend, cipher: cipher)
        reception = SQLReceptionStore(backend: backend, cipher: cipher)
        mechanismFigures = SQLMechanismFigures(backend: backend)
        outbox = SQLOutboxStore(backend: backend)
        messageSettings = SQLMessageSettingsStore(backend: backend, cipher: cipher)
        integrity = SQLIntegrityStore(backend: backend)
        rateLimits = backend.flavor == .postgres ? SQLRateLimits(backend: backend) : MemoryRateLimits()
    }

    /// Opens the database and applies pending migrations.
    /// - Parameter sealLegacyContacts: seal contacts stored in clear by versions before encryption. Only with the real
    ///   data key: a command that opens the database without one (migrate, user administration) must pass false.
    public static func open(
        _ location: DatabaseLocation, cipher: ContactCipher, sealLegacyContacts: Bool = true,
        logger: Logger
    ) async throws -> MashangDatabase {
        let backend: any SQLBackend
        switch location {
        case .sqlite(let directory):
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try DataDirectoryUnwritable.check(directory)
            backend = try await SQLiteBackend.open(path: (directory as NSString).appendingPathComponent("mashang.sqlite"), logger: logger)
        case .postgres(let url, let connections):
            backend = try PostgresBackend(url: url, connections: connections, logger: logger)
        }
        let database = MashangDatabase(backend: backend, cipher: cipher)
        do {
            try await Migrator(backend: backend).migrate()
            // Contacts written in clear by versions before encryption are sealed now.
            let sealed = sealLegacyContacts ? try await database.tickets.sealLegacyContacts() : 0
            if sealed > 0 { logger.notice("sealed the contacts of \(sealed) tickets written before encryption") }
            // Rows written before the hash chains existed are chained now (after sealing, which rewrites some).
            let chained = try await database.integrity.chainLegacyRows()
            if chained > 0 { logger.notice("chained \(chained) ticket events and audit lines written before the hash chains") }
        } catch {
            try? await backend.close()
            throw error
        }
        return database
    }

    /// The stores as the core's ports, for the layers above.
    public var stores: Stores {
        let database = self, cipher = tickets.cipher
        return Stores(
            tickets: tickets, accounts: accounts, reference: reference, audit: audit, calendar: calendar,
            inbox: notifications, webhooks: webhooks, apiKeys: apiKeys, figures: figures, commonIssues: commonIssues,
            exemplaryCases: exemplaryCases, registers: registers, reception: reception, mechanismFigures: mechanismFigures, outbox: outbox,
            messageSettings: messageSettings, rateLimits: rateLimits, integrity: integrity,
            changeFeed: (backend as? PostgresBackend)?.changeFeed,
            phoneDigest: { cipher.phoneDigest($0) }, linkSignature: { cipher.linkSignature($0) }, ping: { try await database.ping() },
            close: { try await database.close() },
            statistics: { database.backend.statistics() })
    }

    /// Succeeds when the database answers.
    public func ping() async throws {
        try await backend.read { database in _ = try await database.raw("SELECT 1 AS ok").first() }
    }

    public func close() async throws {
        try await backend.close()
    }

    /// Runs `body`, then closes the database whether or not `body` succeeded.
    public func closing<T>(after body: (MashangDatabase) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            try await close()
            return result
        } catch {
            try? await close()
            throw error
        }
    }
}
