import Foundation
import Hummingbird
import MashangCore
import MashangStore

/// Issues bearer tokens for username + password, and tells a signed-in user who they are.
struct AuthController {
    let dependencies: AppDependencies
    let tokenLifetime: TimeInterval

    /// A valid bcrypt hash checked when the username is unknown, so that both failures take the same time.
    private static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuE3Y5M3oZkC1CFmG2GXhC.7r5bVsWdvW"

    struct Credentials: Decodable {
        var username: String?
        var password: String?
    }

    struct TokenView: Encodable {
        var token: String
        var expiresAt: Date
    }

    struct MeView: Encodable {
        var username: String
        var role: Role
        var organization: String
        var department: String?
    }

    func addRoutes(public group: RouterGroup<AppRequestContext>, staff: RouterGroup<StaffRequestContext>) {
        group.post("auth/token", use: issueToken)
        staff.get("me", use: me)
    }

    @Sendable func issueToken(_ request: Request, context: AppRequestContext) async throws -> Response {
        let credentials = try await JSONBody.decode(Credentials.self, from: request)
        var rules = FieldRules()
        let username = rules.text(credentials.username, "username", max: 64)
        if credentials.password?.isEmpty ?? true { rules.add("password", "required") }
        if (credentials.password?.utf8.count ?? 0) > 72 { rules.add("password", "tooLong") }
        try rules.check()
        let account = try await dependencies.database.accounts.account(username: username!)
        let matches = try await dependencies.passwords.verify(credentials.password!, hash: account?.passwordHash ?? Self.decoyHash)
        guard let account, account.active, matches else { throw APIError.badCredentials }
        let token = TokenDigest.newToken()
        let expiresAt = dependencies.clock().addingTimeInterval(tokenLifetime)
        try await dependencies.database.accounts.storeToken(digest: TokenDigest.of(token), accountID: account.id, expiresAt: expiresAt)
        return JSONBody.response(TokenView(token: token, expiresAt: expiresAt))
    }

    @Sendable func me(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let staff = context.staff
        return JSONBody.response(MeView(username: staff.username, role: staff.role, organization: staff.organization,
                                        department: staff.department))
    }
}
