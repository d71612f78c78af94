import Foundation
import Logging
import MashangCore
import MashangStore
import ServiceLifecycle

/// Looks after time limits in the background: claims the tickets whose sweep time has come, appends the warnings,
/// supervision notices (督办单), escalations and "not rated" closings they are owed, and sets when to look again. Safe to run on several nodes at once
/// and to rerun: claims skip tickets another node holds, and each notice is decided inside the ticket's own write
/// from its history, so it is issued once. Stops cleanly on graceful shutdown.
public struct DeadlineSweeper: Service {
    /// The actor of the sweeper's events.
    public static let actor = EventActor(username: "system:sweeper", organization: nil)

    public struct Report: Sendable, Equatable {
        public var examined = 0
        public var warnings = 0
        public var supervisionNotices = 0
        public var escalations = 0
        public var closedUnrated = 0
        public init() {}
    }

    let dependencies: AppDependencies
    let interval: Duration
    let logger: Logger

    public init(dependencies: AppDependencies, interval: Duration = .seconds(60), logger: Logger = Logger(label: "mashang.sweeper")) {
        self.dependencies = dependencies
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "sweep") {
            let report = try await sweepOnce()
            if report.warnings + report.supervisionNotices + report.escalations + report.closedUnrated > 0 {
                logger.info("sweep", metadata: ["examined": "\(report.examined)", "warnings": "\(report.warnings)",
                                                "notices": "\(report.supervisionNotices)", "escalations": "\(report.escalations)",
                                                "closedUnrated": "\(report.closedUnrated)"])
            }
        }
    }

    /// One pass over every ticket that is due for a look.
    @discardableResult
    public func sweepOnce(batch: Int = 200) async throws -> Report {
        var report = Report()
        let store = dependencies.database.tickets
        while true {
            let now = dependencies.clock()
            let numbers = try await store.claimForSweep(at: now, lease: 300, limit: batch)
            for number in numbers {
                report.examined += 1
                try await sweep(number, now: now, report: &report)
            }
            if numbers.count < batch { return report }
        }
    }

    private func sweep(_ number: String, now: Date, report: inout Report) async throws {
        let store = dependencies.database.tickets
        let calendar = dependencies.calendar.snapshot
        var latest: StoredTicket?
        // Every notice owed now, one event each (a ticket can be owed a warning on one limit and a notice on another).
        for _ in 0..<16 {
            let applied = try await store.applyIfNeeded(to: number, by: Self.actor, at: now) { ticket in
                calendar.sweep(ticket).nextEvent(at: now)
            }
            guard let applied else { break }
            latest = applied
            switch applied.events.last?.change {
            case .deadlineWarned: report.warnings += 1
            case .deadlineMissed: report.supervisionNotices += 1
            case .escalated: report.escalations += 1
            case .closedUnrated: report.closedUnrated += 1
            default: break
            }
            dependencies.changes.publish(number)
        }
        if latest == nil { latest = try await store.ticket(number: number) }
        guard let ticket = latest else { return }
        try await store.setSweepAt(calendar.sweep(ticket).nextCheck, number: number, ifVersion: ticket.state.version)
    }
}
