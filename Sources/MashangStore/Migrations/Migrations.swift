/// The schema history, oldest first.
enum Migrations {
    static let all: [Migration] = [
        createCoreSchema, createSessions, createPhotos, addNextDue, createAuditLog, sealContacts,
        secureAccounts, createCalendar, addSweepAt, createNotifications,
        createWebhooks, createSupervisionSettings, createStoreTasks, createFigures, createCommonIssues, createExemplaryCases,
        createRegisters, createIntegrations, widenListIndexes, truthfulFigures, mergedInto, unitLevels,
        conductRollups, sentByOrganizations, retiredReference, createOutbox, createRatingLinks, messageRecipients,
        rateLimitHits, ticketsByLead, rateLimitWindows, ticketNumberSequences, coveringListIndexes,
        postgresCoveringListIndexes, places, petitions, hashChains, appendOnlyAudit, sessionIdle, auditRetention,
        secondFactor,
    ]
}
