import Logging
import ServiceLifecycle

/// Runs a background pass every `interval` until graceful shutdown; a failing pass is logged and the next one runs.
public enum PeriodicWork {
    public static func run(every interval: Duration, logger: Logger, name: String, _ pass: @escaping @Sendable () async throws -> Void)
        async
    {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await pass()
                } catch is CancellationError {
                    break  // shutting down
                } catch {
                    logger.error("\(name) failed: \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
        // A pass that was running has finished (cancellation waits for it); nothing is left half-done.
        logger.info("\(name) stopped")
    }
}
