import Hummingbird
import Logging

/// One log line per request, with the request's id (from its logger), method and path — the path without its query,
/// because queries carry personal data (`?phone=` searches, tracking look-ups) that must not reach the log.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let level: Logger.Level

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        context.logger.log(
            level: level, "Request",
            metadata: [
                "hb.request.path": .string(request.uri.path),
                "hb.request.method": .string(request.method.rawValue),
            ])
        return try await next(request, context)
    }
}
