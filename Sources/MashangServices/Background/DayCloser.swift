import Foundation
import Logging
import MashangCore
import ServiceLifecycle

/// Closes each finished China day into a digest over its ticket events and audit lines (docs/integrity.md) and writes
/// the digest to the log, so that a copy of it stands outside the database. A day closes once it has been over for
/// `grace`, so that a write still committing at midnight is inside it. On PostgreSQL one node at a time closes.
public struct DayCloser: Service {
    public let integrity: any IntegrityStore
    public let interval: Duration
    public let logger: Logger
    public let clock: @Sendable () -> Date
    public static let grace: TimeInterval = 300

    public init(integrity: any IntegrityStore, interval: Duration, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.integrity = integrity
        self.interval = interval
        self.logger = logger
        self.clock = clock
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "day closing") { try await closeFinishedDays() }
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
