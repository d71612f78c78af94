import Foundation
import Logging
import MashangCore
import ServiceLifecycle

/// Keeps the figures' rollups up to date: every `interval` it folds the tickets changed since into the counters, in
/// batches, until none lags. Runs on every node; on PostgreSQL one node at a time does the work.
public struct FiguresRefresher: Service {
    public let figures: any FigureStore
    public let interval: Duration
    public let logger: Logger
    public let clock: @Sendable () -> Date

    public init(figures: any FigureStore, interval: Duration, logger: Logger, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.figures = figures
        self.clock = clock
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "figures refresh") {
            let done = try await figures.refreshAll(batch: figures.backgroundBatch, at: clock())
            if done > 0 { logger.debug("figures: counted \(done) changed tickets") }
        }
    }
}
