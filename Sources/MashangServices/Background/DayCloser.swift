import Foundation
import Logging
import MashangCore
import ServiceLifecycle

/// Closes each finished China day into a digest over its ticket events and audit lines (docs/integrity.md) and writes
/// the digest to the log, so that a copy of it stands outside the database. A day closes once it has been over for
/// `grace`, so that a write still committing at midnight is inside it. On PostgreSQL one node at a time closes.
/// Then it purges the audit lines of the closed days older than the retention setting.
public struct DayCloser: Service {
    public let integrity: any IntegrityStore
    public let interval: Duration
    public let logger: Logger
    /// Months audit lines are kept; nil keeps them for ever.
    public let auditRetentionMonths: Int?
    public let clock: @Sendable () -> Date
    public static let grace: TimeInterval = 300

    public init(
        integrity: any IntegrityStore, interval: Duration, logger: Logger, auditRetentionMonths: Int? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.integrity = integrity
        self.interval = interval
        self.logger = logger
        self.auditRetentionMonths = auditRetentionMonths
        self.clock = clock
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "day closing") {
            try await closeFinishedDays()
            try await purgeExpiredAudit()
        }
    }

    /// The last day whose audit lines have outlived `months` on `today`: the day before the same date `months` ago,
    /// and never later than 184 days back (six months is the legal minimum).
    public static func auditExpiry(months: Int, today: ChinaDay) -> ChinaDay {
        let back = ChinaTime.calendar.date(byAdding: .month, value: -months, to: today.start.addingTimeInterval(43_200))!
        return min(ChinaDay(back).adding(-1), today.adding(-AuditPurge.minimumAgeDays))
    }

    /// Purges the audit lines past the retention, if any; logs and returns the purge.
    @discardableResult
    public func purgeExpiredAudit() async throws -> AuditPurge? {
        guard let months = auditRetentionMonths else { return nil }
        let now = clock()
        guard let purge = try await integrity.purgeAudit(through: Self.auditExpiry(months: months, today: ChinaDay(now)), at: now)
        else { return nil }
        logger.notice("audit purged", metadata: ["through": "\(purge.throughDay)", "lines": "\(purge.lines)"])
        return purge
    }

    /// Closes every finished day not yet closed; returns the new digests.
    @discardableResult
    public func closeFinishedDays() async throws -> [DayDigest] {
        let now = clock()
        let closed = try await integrity.closeDays(through: ChinaDay(now.addingTimeInterval(-Self.grace)).adding(-1), at: now)
        for day in closed {
            logger.notice(
                "day closed",
                metadata: [
                    "day": "\(day.day)", "digest": "\(day.digest)", "previous": "\(day.previous)", "events": "\(day.events)",
                    "auditLines": "\(day.auditLines)",
                ])
        }
        return closed
    }
}
