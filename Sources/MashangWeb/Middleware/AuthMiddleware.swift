import Crypto
import Foundation
import Hummingbird
import Logging
import MashangCore
import MashangServices

/// Resolves the staff user: `Authorization: Bearer <token>` on the API, the session cookie on pages. A present but
/// unknown or expired bearer token is refused outright; no credentials leave the request anonymous (public routes
/// still work). Sessions are not accepted on the API, so API calls need no CSRF token.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let sessionCookie = "mashang_session"
    let dependencies: AppDependencies
    /// A staff page session unused this long has ended (`MASHANG_SESSION_IDLE_MINUTES`, default 30).
    var idleLimit: TimeInterval = AppConfiguration.defaultSessionIdleMinutes * 60
    /// A session's last use is written at most this often, so that a page view is not a write.
    static let touchInterval: TimeInterval = 60

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if !request.uri.path.hasPrefix("/api/") {
            return try await next(request, try await withSession(request, context))
        }
        guard let header = request.headers[.authorization] else { return try await next(request, context) }
        guard header.lowercased().hasPrefix("bearer "), case let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces),
            !token.isEmpty
        else {
            throw APIError.unauthenticated
        }
        guard
            let (account, scope) = try await dependencies.stores.accounts.account(
                tokenDigest: TokenDigest.of(token), at: dependencies.clock())
        else {
            throw APIError.unauthenticated
        }
        // A read token reads; it may still sign itself out.
        let reads = request.method == .get || request.method == .head
        let signsOut = request.method == .delete && request.uri.path == "/api/v1/auth/token"
        if scope == .read && !reads && !signsOut { throw APIError.insufficientScope }
        var context = context
        context.staff = StaffActor(account: account, reference: dependencies.reference.snapshot.data)
        context.logger[metadataKey: "user"] = .string(account.username)
        return try await next(request, context)
    }

    private func withSession(_ request: Request, _ context: Context) async throws -> Context {
        guard let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty,
            case let digest = TokenDigest.of(token), case let now = dependencies.clock(),
            let session = try await dependencies.stores.accounts.session(digest: digest, at: now)
        else {
            return context
        }
        let idle = now.timeIntervalSince(session.lastSeenAt ?? now)
        if idle > idleLimit {
            // Ended by idleness: gone for good, as a sign-out would leave it.
            try await dependencies.stores.accounts.deleteSession(digest: digest)
            return context
        }
        if session.lastSeenAt == nil || idle > Self.touchInterval {
            try await dependencies.stores.accounts.touchSession(digest: digest, at: now)
        }
        var context = context
        let staff = StaffActor(account: session.account, reference: dependencies.reference.snapshot.data)
        context.staff = staff
        context.csrfToken = session.csrfToken
        if request.method == .get {
            context.unreadNotifications = try await dependencies.stores.inbox.unreadCount(
                audiences: NotificationAudience.of(staff), username: staff.username)
        }
        context.logger[metadataKey: "user"] = .string(session.account.username)
        return context
    }
}

/// API tokens are random and stored only as their SHA-256 digest.
enum TokenDigest {
    static func of(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Data(token.utf8)))
    }

    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension StaffActor {
    init(account: StaffAccount, reference: ReferenceData) {
        self.init(
            username: account.username, organization: account.organization,
            organizationKind: reference.organization(account.organization)?.kind ?? .enterprise,
            role: account.role, department: account.department)
    }
}
