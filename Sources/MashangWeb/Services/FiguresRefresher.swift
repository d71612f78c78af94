import Foundation
import Logging
import MashangStore
import ServiceLifecycle

/// Keeps the figures' rollups up to date: every `interval` it folds the tickets changed since into the counters, in
/// batches, until none lags. Runs on every node; on PostgreSQL one node at a time does the work.
public struct FiguresRefresher: Service {
    let figures: SQLFigureStore
    let interval: Duration
    let logger: Logger

    public init(figures: SQLFigureStore, interval: Duration, logger: Logger) {
        self.figures = figures
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "figures refresh") {
            let done = try await figures.refreshAll(batch: 1000)
            if done > 0 { logger.debug("figures: counted \(done) changed tickets") }
        }
    }
}
