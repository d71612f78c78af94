import Foundation
import Logging
import MashangCore
import ServiceLifecycle

/// Writes the reminders no ticket event causes into the outbox: sentiment reports due and not filed (to the unit's
/// dispatchers and supervisors, from two days before the due day) and the legal reception day tomorrow (to residents
/// who booked). Each reminder is unique by its occasion, so running this on every node and every few minutes writes
/// each one once; the dispatcher sends them outside quiet hours. A task due tomorrow is the sweeper's warning event,
/// which alerts its department's handlers with the notification (`StaffAlerts`).
public struct ReminderPlanner: Service {
    public let dependencies: AppDependencies
    public let interval: Duration
    public let logger: Logger

    public init(dependencies: AppDependencies, interval: Duration = .seconds(600), logger: Logger = Logger(label: "mashang.reminders")) {
        self.dependencies = dependencies
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "reminders") { try await planOnce() }
    }

    /// One pass; returns how many reminders were new.
    @discardableResult
    public func planOnce() async throws -> Int {
        let now = dependencies.clock()
        let today = ChinaDay(now)
        let subscribers = try await dependencies.stores.messageSettings.subscribers()
        var messages: [OutboundMessage] = []
        if !subscribers.isEmpty {
            messages += try await sentimentReportsDue(today: today, subscribers: subscribers)
        }
        messages += try await receptionDay(tomorrow: today.adding(1))
        let written = try await dependencies.stores.outbox.enqueue(messages, at: now)
        if written > 0 { logger.info("reminders written", metadata: ["count": "\(written)"]) }
        return written
    }

    /// From two days before a month's report is due until the due day: the units that have not filed it.
    func sentimentReportsDue(today: ChinaDay, subscribers: [StaffSubscriber]) async throws -> [OutboundMessage] {
        let month = SentimentSchedule.month(today.firstOfMonth.addingMonths(-1))
        guard let due = SentimentSchedule.dueDate(of: month), today >= due.adding(-2), today <= due else { return [] }
        let reference = dependencies.reference.snapshot.data
        let (_, units) = try await dependencies.stores.registers.overdueSentimentUnits(
            today: due.adding(1), organization: nil, reference: reference)
        return units.flatMap {
            StaffAlerts.sentimentReportDue(organization: $0.code, month: month, due: due, subscribers: subscribers)
        }
    }

    /// When tomorrow is the reception day of its month: its booked residents.
    func receptionDay(tomorrow: ChinaDay) async throws -> [OutboundMessage] {
        let month = SentimentSchedule.month(tomorrow)
        let reception = dependencies.stores.reception
        let calendar = dependencies.calendar.snapshot.calendar(for: "joint")
        let day = ReceptionSchedule.day(inMonthOf: tomorrow, override: try await reception.override(month: month), calendar: calendar)
        guard day == tomorrow else { return [] }
        let slots = Dictionary(uniqueKeysWithValues: try await reception.slots(month: month).map { ($0.id, $0) })
        return try await reception.bookings(month: month).filter { $0.status == .booked }.compactMap { booking in
            slots[booking.slot].map { ReceptionMessages.reminder(booking: booking, slot: $0, day: tomorrow) }
        }
    }
}
