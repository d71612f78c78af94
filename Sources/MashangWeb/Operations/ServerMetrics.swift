import CoreMetrics
import Foundation
import MashangCore
import Prometheus

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

    /// The Prometheus text exposition, with the gauges read now from the stores: how many changed tickets the
    /// figures' rollups have not looked at yet (the refresher's lag) and how many webhook deliveries wait.
    func exposition(stores: Stores) async -> String {
        if let lag = try? await stores.figures.lag() {
            Gauge(label: "mashang_figures_lag_tickets", factory: factory).record(lag)
        }
        if let pending = try? await stores.webhooks.pendingCount() {
            Gauge(label: "mashang_webhook_outbox_pending", factory: factory).record(pending)
        }
        return registry.emitToString()
    }
}
