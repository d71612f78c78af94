import Foundation
import MashangCore
import MashangServices

/// Checks a username and password, the same way for API tokens and page sessions.
struct Authenticator: Sendable {
    let dependencies: AppDependencies

    /// A valid bcrypt hash checked when the username is unknown, so that both failures take the same time.
    private static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuE3Y5M3oZkC1CFmG2GXhC.7r5bVsWdvW"

    /// The account, or `APIError.badCredentials`; missing fields are a `ValidationError`; too many attempts from
    /// the address or for the username (however it is capitalised) are `TooManyRequests`.
    func verify(username: String?, password: String?, from address: String) async throws -> StaffAccount {
        var rules = FieldRules()
        let username = rules.text(username, "username", max: 64)
        // Failures are counted; while a limit is used up even the right password is refused.
        let now = dependencies.clock()
        let limiter = dependencies.limiter
        let keys =
            [("login:address:" + address, RateLimiter.loginPerAddress)]
            + (username.map { [("login:user:" + $0.lowercased(), RateLimiter.loginPerUser)] } ?? [])
        for (key, limit) in keys {
            if let wait = try await limiter.check(key, limit: limit, at: now) { throw TooManyRequests(retryAfter: wait) }
        }
        let auditor = Auditor(dependencies: dependencies)
        let accounts = dependencies.stores.accounts
        func failed(_ account: StaffAccount?) async throws -> APIError {
            for (key, _) in keys { try await limiter.record(key, at: now) }
            var lockedUntil: Date?
            if let account { lockedUntil = try await accounts.recordLoginFailure(username: account.username, at: now) }
            try await auditor.record(
                "login.failure", by: username ?? "", organization: nil, subject: username ?? "", address: address,
                detail: lockedUntil.map { "locked until \(ChinaTime.minuteString($0))" } ?? "")
            return .badCredentials
        }
        if password?.isEmpty ?? true { rules.add("password", "required") }
        if (password?.utf8.count ?? 0) > 72 { rules.add("password", "tooLong") }
        try rules.check()
        let account = try await accounts.account(username: username!)
        // A locked account is refused before its password is looked at, so the lock cannot be used to guess it.
        if let lockedUntil = account?.lockedUntil, lockedUntil > now {
            try await auditor.record("login.locked", by: username!, organization: nil, subject: username!, address: address)
            throw TooManyRequests.accountLocked(retryAfter: max(1, Int(lockedUntil.timeIntervalSince(now).rounded(.up))))
        }
        let matches = try await dependencies.passwords.verify(password!, hash: account?.passwordHash ?? Self.decoyHash)
        guard let account, account.active, matches else { throw try await failed(account) }
        if account.failedLogins > 0 { try await accounts.recordLoginSuccess(username: account.username) }
        try await auditor.record(
            "login.success", by: account.username, organization: account.organization, subject: account.username,
            address: address)
        return account
    }
}
