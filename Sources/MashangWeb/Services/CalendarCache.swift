import Foundation
import MashangCore
import MashangStore
import Synchronization

/// The working calendar and time policy, read on every ticket page and replaced as a whole when an administrator
/// changes them.
public final class CalendarCache: Sendable {
    public struct Snapshot: Sendable {
        public var holidays: HolidayTable
        public var hours: [String: WorkingHours]
        public var policy: TimePolicy

        public func calendar(for organization: String) -> WorkingCalendar {
            WorkingCalendar(holidays: holidays, hours: hours[organization] ?? .standard)
        }

        public func deadlines(of ticket: StoredTicket) -> [Deadline] {
            TicketDeadlines.of(ticket.events, state: ticket.state, policy: policy, calendar: calendar(for:))
        }

        public func sweep(_ ticket: StoredTicket) -> DeadlineSweep {
            let holidays = self.holidays, hours = self.hours
            return DeadlineSweep(ticket: ticket, policy: policy) { WorkingCalendar(holidays: holidays, hours: hours[$0] ?? .standard) }
        }
    }

    private let current = Mutex(Snapshot(holidays: .empty, hours: [:], policy: TimePolicy()))

    public init() {}

    public var snapshot: Snapshot { current.withLock { $0 } }

    public func reload(from store: some CalendarStore) async throws {
        let snapshot = Snapshot(holidays: try await store.holidayTable(), hours: try await store.officeHours(),
                                policy: try await store.timePolicy())
        current.withLock { $0 = snapshot }
    }
}
