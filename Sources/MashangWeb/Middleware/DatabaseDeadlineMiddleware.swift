import Hummingbird
import MashangCore

/// Bounds each database operation of a request (`DatabaseDeadline`): a PostgreSQL server that hangs with connections
/// open then costs the request seconds and a 503 with Retry-After, not the minutes background work may wait.
struct DatabaseDeadlineMiddleware<Context: RequestContext>: RouterMiddleware {
    let deadline: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await DatabaseDeadline.$request.withValue(deadline) { try await next(request, context) }
    }
}
