import Foundation
import Logging
import MashangCore
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

        mutating func add(_ other: Report) {
            examined += other.examined
            warnings += other.warnings
            supervisionNotices += other.supervisionNotices
            escalations += other.escalations
            closedUnrated += other.closedUnrated
        }
    }

    /// Tickets swept at once. Each ticket's writes wait for their commit to reach the disk; one after another that
    /// was 150 tickets a second, and a backlog of 200,000 come due together (a synthetic city a day on) took 25
    /// minutes of the writer's time. Side by side, their writes share commits.
    public static let concurrency = 16

    public let dependencies: AppDependencies
    public let interval: Duration
    public let logger: Logger

    public init(dependencies: AppDependencies, interval: Duration = .seconds(60), logger: Logger = Logger(label: "mashang.sweeper")) {
        self.dependencies = dependencies
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "sweep") {
            let report = try await sweepOnce()
            if report.warnings + report.supervisionNotices + report.escalations + report.closedUnrated > 0 {
                logger.info(
                    "sweep",
                    metadata: [
                        "examined": "\(report.examined)", "warnings": "\(report.warnings)",
                        "notices": "\(report.supervisionNotices)", "escalations": "\(report.escalations)",
                        "closedUnrated": "\(report.closedUnrated)",
                    ])
            }
        }
    }

    /// One pass over every ticket that is due for a look.
    @discardableResult
    public func sweepOnce(batch: Int = 200) async throws -> Report {
        var report = Report()
        let store = dependencies.stores.tickets
        while true {
            let now = dependencies.clock()
            let numbers = try await store.claimForSweep(at: now, lease: 300, limit: batch)
            try await withThrowingTaskGroup(of: Report.self) { group in
                var pending = numbers[...]
                func next() {
                    guard let number = pending.popFirst() else { return }
                    group.addTask {
                        var ticketReport = Report()
                        ticketReport.examined = 1
                        try await sweep(number, now: now, report: &ticketReport)
                        return ticketReport
                    }
                }
                for _ in 0..<Self.concurrency { next() }
                while let done = try await group.next() {
                    report.add(done)
                    next()
                }
            }
            if numbers.count < batch { return report }
        }
    }

    private func sweep(_ number: String, now: Date, report: inout Report) async throws {
        let store = dependencies.stores.tickets
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
