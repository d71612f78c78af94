import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Signing in and out of the staff pages. The session cookie is HttpOnly and SameSite=Lax (Secure when the server
/// is told it sits behind HTTPS); every form of a signed-in page carries the session's CSRF token.
struct StaffSessionController {
    let dependencies: AppDependencies
    let pages: PageRenderer
    let messages: Messages
    let sessionLifetime: TimeInterval
    let secureCookies: Bool

    struct LoginForm: Decodable {
        var username: String?
        var password: String?
        var next: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("staff/login", use: showLogin)
        router.post("staff/login", use: logIn)
        router.post("staff/logout", use: logOut)
        SecondFactorController(sessions: self).addRoutes(to: router)
    }

    @Sendable func showLogin(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = Self.sameSite(request.uri.queryParameters.get("next"))
        var view = LoginView(chrome: chrome(request), next: next, username: "", failed: false)
        view.sessionEnded = context.staff == nil && request.cookies[AuthMiddleware.sessionCookie]?.value.isEmpty == false
        return pages.response("login", view)
    }

    @Sendable func logIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(LoginForm.self, request)
        let next = Self.sameSite(form.next)
        let account: StaffAccount
        do {
            account = try await Authenticator(dependencies: dependencies).verify(
                username: form.username, password: form.password,
                from: context.clientAddress)
        } catch is APIError {
            return failed(request, form, next)
        } catch is ValidationError {
            return failed(request, form, next)
        }
        if SecondFactor.isRequired(for: account.role) {
            return try await SecondFactorController(sessions: self).challenge(account, next: next)
        }
        var response = Response(status: .seeOther, headers: [.location: next])
        response.setCookie(try await openSession(for: account))
        return response
    }

    /// Starts a signed-in session and returns its cookie.
    func openSession(for account: StaffAccount) async throws -> Cookie {
        let token = TokenDigest.newToken()
        try await dependencies.stores.accounts.storeSession(
            digest: TokenDigest.of(token), accountID: account.id,
            csrfToken: TokenDigest.newToken(), at: dependencies.clock(),
            expiresAt: dependencies.clock().addingTimeInterval(sessionLifetime))
        return Cookie(
            name: AuthMiddleware.sessionCookie, value: token, maxAge: Int(sessionLifetime), path: "/",
            secure: secureCookies, httpOnly: true, sameSite: .lax)
    }

    @Sendable func logOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(CSRFForm.self, request)
        if let token = request.cookies[AuthMiddleware.sessionCookie]?.value, let expected = context.csrfToken, form._csrf == expected {
            try await dependencies.stores.accounts.deleteSession(digest: TokenDigest.of(token))
            if let staff = context.staff {
                try await Auditor(dependencies: dependencies).record(
                    "logout", by: staff, subject: staff.username, address: context.clientAddress)
            }
        }
        var response = Response(status: .seeOther, headers: [.location: "/staff/login"])
        response.setCookie(
            .init(
                name: AuthMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies,
                httpOnly: true, sameSite: .lax))
        return response
    }

    private func failed(_ request: Request, _ form: LoginForm, _ next: String) -> Response {
        pages.response(
            "login", LoginView(chrome: chrome(request), next: next, username: form.username ?? "", failed: true),
            status: .unauthorized)
    }

    func chrome(_ request: Request) -> PageChrome {
        PageChrome(language: request.language, messages: messages, path: request.uri.path)
    }

    /// A path on this site to return to after signing in; anything else goes to the desk.
    static func sameSite(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\") else { return "/staff" }
        return path
    }
}
