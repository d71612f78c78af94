import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Issues bearer tokens for username + password, and tells a signed-in user who they are.
struct AuthController {
    let dependencies: AppDependencies
    let tokenLifetime: TimeInterval

    struct Credentials: Decodable {
        var username: String?
        var password: String?
        /// `read` or `write` (the default).
        var scope: String?
        /// An administrator's one-time code (or a recovery code); administrators enrol on the staff pages first.
        var code: String?
    }

    struct TokenView: Encodable {
        var token: String
        var expiresAt: Date
        var scope: TokenScope
    }

    struct MeView: Encodable {
        var username: String
        var role: Role
        var organization: String
        var department: String?
    }

    func addRoutes(public group: RouterGroup<AppRequestContext>, staff: RouterGroup<StaffRequestContext>) {
        group.post("auth/token", use: issueToken)
        staff.delete("auth/token", use: revokeToken)
        staff.get("me", use: me)
    }

    @Sendable func issueToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credentials = try await JSONBody.decode(Credentials.self, from: request)
        guard let scope = credentials.scope.map(TokenScope.init(rawValue:)) ?? .write else {
            throw ValidationError("scope", "invalid")
        }
        let account = try await Authenticator(dependencies: dependencies).verify(
            username: credentials.username, password: credentials.password,
            from: context.clientAddress)
        if SecondFactor.isRequired(for: account.role) {
            guard let code = credentials.code, !code.isEmpty else {
                let enrolled = try await dependencies.stores.accounts.secondFactor(accountID: account.id) != nil
                throw enrolled ? APIError.secondFactorRequired : APIError.secondFactorNotEnrolled
            }
            try await Authenticator(dependencies: dependencies).verifySecondFactor(
                account: account, code: code, from: context.clientAddress)
        }
        let token = TokenDigest.newToken()
        let expiresAt = dependencies.clock().addingTimeInterval(tokenLifetime)
        try await dependencies.stores.accounts.storeToken(
            digest: TokenDigest.of(token), accountID: account.id, expiresAt: expiresAt,
            scope: scope)
        // The token is shown this once; only its digest is kept.
        var response = JSONBody.response(TokenView(token: token, expiresAt: expiresAt, scope: scope))
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// Signs the bearer token out: it stops working at once. 204.
    @Sendable func revokeToken(_ request: Request, context: StaffRequestContext) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { throw APIError.unauthenticated }
        let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
        try await dependencies.stores.accounts.deleteToken(digest: TokenDigest.of(token))
        try await Auditor(dependencies: dependencies).record(
            "token.revoke", by: context.staff, subject: context.staff.username,
            address: context.clientAddress)
        return Response(status: .noContent)
    }

    @Sendable func me(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let staff = context.staff
        return JSONBody.response(
            MeView(
                username: staff.username, role: staff.role, organization: staff.organization,
                department: staff.department))
    }
}
