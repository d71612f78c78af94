import Hummingbird
import Logging
import MashangCore

/// Turns every error into the JSON error body in the request's language. Unexpected errors are logged with the
/// request id and answered with a generic 500 that never shows the raw error.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let messages: Messages

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError: APIError
            if let mapped = APIError.from(error) {
                apiError = mapped
            } else {
                context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
                apiError = .internalError
            }
            return apiError.response(language: request.language, messages: messages)
        }
    }
}
