import Crypto
import Foundation
import Hummingbird
import MashangCore

/// `GET /metrics`: the Prometheus text format. With `MASHANG_METRICS_TOKEN` set, the scraper sends it as a bearer
/// token; without it, only the server's own machine may scrape (a Prometheus on the same host, or through an SSH
/// tunnel). Everyone else gets 404, so the page does not advertise itself.
struct MetricsController {
    let metrics: ServerMetrics
    let stores: Stores
    let token: String?
    let clock: @Sendable () -> Date

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("metrics") { request, context in
            guard allowed(request, context) else { throw HTTPError(.notFound) }
            let text = await metrics.exposition(stores: stores, now: clock())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    private func allowed(_ request: Request, _ context: AppRequestContext) -> Bool {
        guard let token else { return ["127.0.0.1", "::1"].contains(context.clientAddress) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        // Compared as digests, so the time taken says nothing about how much of the token was right.
        return SHA256.hash(data: Data(header.dropFirst(7).utf8)) == SHA256.hash(data: Data(token.utf8))
    }
}
