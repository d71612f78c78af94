import Dispatch
import Hummingbird

/// Counts every answered request by route template (not by path, so ticket numbers do not make a series each),
/// method and status, with its latency, and counts refused sign-ins (401 and 429 from the two sign-in routes).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    static var signInRoutes: [String: String] { ["/staff/login": "page", "/api/v1/auth/token": "api"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let status: Int
        do {
            let response = try await next(request, context)
            status = Int(response.status.code)
            record(request, context, status: status, start: start)
            return response
        } catch {
            status = (error as? any HTTPResponseError).map { Int($0.status.code) } ?? 500
            record(request, context, status: status, start: start)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, start: UInt64) {
        let route = context.endpointPath ?? "unmatched"
        metrics.request(
            route: route, method: request.method.rawValue, status: status,
            nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
        if request.method == .post, status == 401 || status == 429, let via = Self.signInRoutes[route] {
            metrics.loginRefused(via: via)
        }
    }
}
