import Hummingbird
import MashangCore

/// Keeps the security and audit administrators (三员分立) to their own pages: any other staff page or staff API call
/// is refused with 403 before a handler runs, so no page, list, figure or export can show them a request or a
/// register, whatever that page's own checks would have allowed.
struct AdministratorConfinementMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// What they may open: the desk (which sends them to their page), the administration pages (each checks its own
    /// area), signing out, and the API's account routes.
    static let openPrefixes = ["/staff/admin/", "/api/v1/auth/"]
    static let openPaths: Set<String> = ["/staff", "/staff/", "/staff/logout", "/api/v1/me"]

    static func isOpen(_ path: String) -> Bool {
        guard path.hasPrefix("/staff") || path.hasPrefix("/api/v1") else { return true }
        return openPaths.contains(path) || openPrefixes.contains { path.hasPrefix($0) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let staff = context.staff, !staff.role.seesRequests, !Self.isOpen(request.uri.path) {
            throw AccessError.forbidden
        }
        return try await next(request, context)
    }
}
