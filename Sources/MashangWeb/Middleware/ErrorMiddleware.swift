import Foundation
import Hummingbird
import Logging
import MashangCore
import MashangServices

/// Turns every error into the JSON error body (API) or an error page (pages) in the request's language. Unexpected errors are logged with the
/// request id and answered with a generic 500 that never shows the raw error.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let messages: Messages
    let pages: PageRenderer

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
            let path = request.uri.path
            if path.hasPrefix("/api/") || path == "/health" {
                return apiError.response(language: request.language, messages: messages)
            }
            return page(for: apiError, request)
        }
    }

    /// Pages never show a raw error: a not-found page, or a generic apology with the status.
    private func page(for error: APIError, _ request: Request) -> Response {
        if error.status == .unauthorized {
            // A staff page without a session: sign in, then come back here.
            // A page's query comes back too (a prefilled form, a filtered list), but only for pages one can get again.
            let query = request.method == .get ? request.uri.query.map { "?" + $0 } ?? "" : ""
            let next = (request.uri.path + query).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/staff"
            return Response(status: .seeOther, headers: [.location: "/staff/login?next=" + next])
        }
        let language = request.language
        let missing = error.status == .notFound
        let view = MessageView(
            chrome: PageChrome(language: language, messages: messages, path: request.uri.path),
            heading: messages.text(missing ? "ui.notFound.title" : "ui.error.title", language),
            text: missing ? messages.text("ui.notFound.text", language) : messages.text(error.messageKey, language, error.arguments))
        var response = pages.response("message", view, status: error.status)
        if let retryAfter = error.retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }
}
