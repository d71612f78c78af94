import Foundation
import MashangCore
import Synchronization

/// The working calendar and time policy, read on every ticket page and replaced as a whole when an administrator
/// changes them.
public final class CalendarCache: Sendable {
    public typealias Snapshot = TimeRules

    private let current = Mutex(TimeRules.standard)

    public init() {}

    public var snapshot: Snapshot { current.withLock { $0 } }

    public func reload(from store: some CalendarStore) async throws {
        let snapshot = try await store.timeRules()
        current.withLock { $0 = snapshot }
    }
}
