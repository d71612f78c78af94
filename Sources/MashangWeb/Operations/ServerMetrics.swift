import CoreMetrics
import Foundation
import MashangCore
import Prometheus
import Synchronization

/// The server's metrics, recorded through swift-metrics into this application's own Prometheus registry (not the
/// process-wide metrics system, so that several applications in one process — the tests — keep theirs apart).
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    let factory: PrometheusMetricsFactory
    /// Request latency buckets from 5 ms to 10 s: the list and page targets sit at 20–100 ms.
    static let latencyBuckets: [Double] = [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets.map { Duration.milliseconds(Int($0 * 1000)) }
        self.factory = factory
    }

    /// One answered request: counted by route template, method and status, its latency in the histogram.
    func request(route: String, method: String, status: Int, nanoseconds: UInt64) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Counter(label: "mashang_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "mashang_http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            .recordNanoseconds(Int64(clamping: nanoseconds))
    }

    /// A sign-in refused (wrong password, unknown user, locked, too many attempts), by where it was tried.
    func loginRefused(via channel: String) {
        Counter(label: "mashang_logins_refused_total", dimensions: [("via", channel)], factory: factory).increment()
    }

    /// The Prometheus text exposition, with what is read now: how many changed tickets the figures' rollups have not
    /// looked at yet (the refresher's lag), how long the oldest look the deadline sweepers owe has waited, how many
    /// webhook deliveries wait, and the database driver's own figures.
    func exposition(stores: Stores, now: Date) async -> String {
        if let lag = try? await stores.figures.lag() {
            Gauge(label: "mashang_figures_lag_tickets", factory: factory).record(lag)
        }
        // Not `try?`: it would flatten "no look owed" (nil) into "could not tell", which leaves the gauge out.
        if let due = try? await Optional(stores.tickets.oldestDueSweep(at: now)) {
            Gauge(label: "mashang_sweeper_lag_seconds", factory: factory).record(max(0, now.timeIntervalSince(due ?? now)))
        }
        if let pending = try? await stores.webhooks.pendingCount() {
            Gauge(label: "mashang_webhook_outbox_pending", factory: factory).record(pending)
        }
        if let pending = try? await stores.outbox.pendingCount() {
            Gauge(label: "mashang_message_outbox_pending", factory: factory).record(pending)
        }
        record(stores.statistics())
        return registry.emitToString()
    }

    /// Totals the driver keeps since start, as the counters' increase since the last scrape.
    private let lastTotals = Mutex<[String: Double]>([:])

    private func record(_ statistics: DatabaseStatistics) {
        func gauge(_ label: String, _ value: Int?) {
            if let value { Gauge(label: label, factory: factory).record(value) }
        }
        func counter(_ label: String, _ total: Double?) {
            guard let total else { return }
            let increase = lastTotals.withLock { last in
                defer { last[label] = total }
                return max(0, total - (last[label] ?? 0))
            }
            FloatingPointCounter(label: label, factory: factory).increment(by: increase)
        }
        gauge("mashang_sqlite_write_queue", statistics.queuedWrites)
        counter("mashang_sqlite_write_groups_total", statistics.writeGroups.map(Double.init))
        counter("mashang_sqlite_grouped_writes_total", statistics.groupedWrites.map(Double.init))
        gauge("mashang_sqlite_wal_bytes", statistics.walBytes)
        counter("mashang_postgres_pool_requests_total", statistics.poolRequests.map(Double.init))
        gauge("mashang_postgres_pool_waiting", statistics.poolWaiting)
        counter("mashang_postgres_pool_wait_seconds_total", statistics.poolWaitSeconds)
    }
}
