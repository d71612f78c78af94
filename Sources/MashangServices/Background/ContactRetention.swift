import Foundation
import Logging
import MashangCore
import ServiceLifecycle

/// The daily anonymisation of requesters' personal data (PIPL art. 19: kept no longer than the purpose needs): a
/// ticket closed more than the retention period ago loses its requester's name, phone, identity number and WeChat id
/// and its phone hash, in place; its history and every figure stay as they were. Each ticket records it in its own
/// chained history, and each run that anonymised something leaves an audit line.
public struct ContactRetention: Service {
    let dependencies: AppDependencies
    /// Years after closure a requester's contact is kept (`MASHANG_CONTACT_RETENTION_YEARS`).
    public let years: Int
    let interval: Duration
    let logger: Logger
    public static let actor = EventActor(username: "system:retention", organization: nil)
    /// Tickets anonymised per transaction batch; a run continues until none is left.
    static let batch = 200

    public init(dependencies: AppDependencies, years: Int, interval: Duration, logger: Logger) {
        self.dependencies = dependencies
        self.years = years
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "contact retention") {
            try await anonymiseExpired()
        }
    }

    /// The moment before which a closure has outlived the retention on `now`.
    public static func cutoff(years: Int, now: Date) -> Date {
        ChinaTime.calendar.date(byAdding: .year, value: -years, to: now)!
    }

    /// Anonymises every ticket past the retention; returns their numbers.
    @discardableResult
    public func anonymiseExpired() async throws -> [String] {
        let now = dependencies.clock()
        let cutoff = Self.cutoff(years: years, now: now)
        let tickets = dependencies.stores.tickets
        var done: [String] = []
        while true {
            let due = try await tickets.ticketsToAnonymise(closedBefore: cutoff, limit: Self.batch)
            var progressed = false
            for number in due
            where try await tickets.anonymiseRequester(
                number: number, reason: .retention, note: nil, by: Self.actor, at: now) != nil
            {
                done.append(number)
                progressed = true
            }
            if due.count < Self.batch || !progressed { break }
        }
        if !done.isEmpty {
            try await Auditor(dependencies: dependencies).record(
                "privacy.retention", by: Self.actor.username, organization: nil, subject: "\(done.count) tickets",
                address: "",
                detail:
                    "closed before \(ChinaTime.minuteString(cutoff)), kept \(years) years: "
                    + done.prefix(50).joined(separator: " ") + (done.count > 50 ? " …" : ""))
            logger.notice(
                "requesters anonymised", metadata: ["tickets": "\(done.count)", "closedBefore": "\(ChinaTime.minuteString(cutoff))"])
        }
        return done
    }
}
