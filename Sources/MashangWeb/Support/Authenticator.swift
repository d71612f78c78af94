import Foundation
import MashangCore
import MashangServices

/// Checks a username and password, the same way for API tokens and page sessions.
struct Authenticator: Sendable {
    let dependencies: AppDependencies

    /// A valid bcrypt hash checked when the username is unknown, so that both failures take the same time.
    private static let decoyHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhuE3Y5M3oZkC1CFmG2GXhC.7r5bVsWdvW"

    /// The account, or `APIError.badCredentials`; missing fields are a `ValidationError`; too many attempts from
    /// the address or for the username (however it is capitalised) are `TooManyRequests`. An administrator's right
    /// password is recorded as `login.password`: the sign-in is not done until `verifySecondFactor` or `enrol`.
    func verify(username: String?, password: String?, from address: String) async throws -> StaffAccount {
        var rules = FieldRules()
        let username = rules.text(username, "username", max: 64)
        // Failures are counted; while a limit is used up even the right password is refused.
        let now = dependencies.clock()
        let keys = Self.limitKeys(username: username, address: address)
        try await checkLimits(keys, at: now)
        let auditor = Auditor(dependencies: dependencies)
        let accounts = dependencies.stores.accounts
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
        guard let account, account.active, matches else {
            throw try await failed(username: username!, account: account, keys: keys, from: address, detail: "")
        }
        let pending = SecondFactor.isRequired(for: account.role)
        if account.failedLogins > 0 && !pending { try await accounts.recordLoginSuccess(username: account.username) }
        try await auditor.record(
            pending ? "login.password" : "login.success", by: account.username, organization: account.organization,
            subject: account.username, address: address)
        return account
    }

    /// Checks an administrator's code: six digits from the authenticator app (each works once) or one of the
    /// recovery codes. A wrong code counts as a failed sign-in, towards the same limits and lock as a password.
    func verifySecondFactor(account: StaffAccount, code: String?, from address: String) async throws {
        let now = dependencies.clock()
        let keys = Self.limitKeys(username: account.username, address: address)
        try await checkLimits(keys, at: now)
        try refuseIfLocked(account, at: now)
        let accounts = dependencies.stores.accounts
        let code = code?.trimmingCharacters(in: .whitespaces) ?? ""
        guard let factor = try await accounts.secondFactor(accountID: account.id) else { throw APIError.secondFactorNotEnrolled }
        var detail = ""
        if let secret = Base32.decode(factor.secret), let step = TOTP(secret: secret).matchingStep(code, at: now),
            try await accounts.useSecondFactorStep(accountID: account.id, step: Int64(step))
        {
            detail = "totp"
        } else if code.count >= 10, let left = try await accounts.useRecoveryCode(accountID: account.id, digest: RecoveryCodes.digest(code))
        {
            detail = "recovery code, \(left) left"
        } else {
            throw try await failed(username: account.username, account: account, keys: keys, from: address, detail: "second factor")
        }
        try await succeeded(account, from: address, detail: detail)
    }

    /// Confirms the secret shown on the enrolment page with a code from the app; returns the new recovery codes,
    /// which are shown once and kept only as digests.
    func enrol(account: StaffAccount, secret: String, code: String?, from address: String) async throws -> [String] {
        let now = dependencies.clock()
        let keys = Self.limitKeys(username: account.username, address: address)
        try await checkLimits(keys, at: now)
        try refuseIfLocked(account, at: now)
        guard let bytes = Base32.decode(secret), let step = TOTP(secret: bytes).matchingStep(code ?? "", at: now) else {
            throw try await failed(username: account.username, account: account, keys: keys, from: address, detail: "second factor")
        }
        let codes = RecoveryCodes.generate()
        guard
            try await dependencies.stores.accounts.enrolSecondFactor(
                accountID: account.id, secret: secret, step: Int64(step), recoveryDigests: codes.map(RecoveryCodes.digest), at: now)
        else { throw APIError.badSecondFactor }
        try await succeeded(account, from: address, detail: "second factor enrolled")
        return codes
    }

    private static func limitKeys(username: String?, address: String) -> [(String, RateLimiter.Limit)] {
        [("login:address:" + address, RateLimiter.loginPerAddress)]
            + (username.map { [("login:user:" + $0.lowercased(), RateLimiter.loginPerUser)] } ?? [])
    }

    private func checkLimits(_ keys: [(String, RateLimiter.Limit)], at now: Date) async throws {
        for (key, limit) in keys {
            if let wait = try await dependencies.limiter.check(key, limit: limit, at: now) { throw TooManyRequests(retryAfter: wait) }
        }
    }

    /// A lock from failed passwords or codes holds on the code page too.
    private func refuseIfLocked(_ account: StaffAccount, at now: Date) throws {
        if let lockedUntil = account.lockedUntil, lockedUntil > now {
            throw TooManyRequests.accountLocked(retryAfter: max(1, Int(lockedUntil.timeIntervalSince(now).rounded(.up))))
        }
    }

    private func failed(
        username: String, account: StaffAccount?, keys: [(String, RateLimiter.Limit)], from address: String, detail: String
    ) async throws -> APIError {
        let now = dependencies.clock()
        for (key, _) in keys { try await dependencies.limiter.record(key, at: now) }
        var lockedUntil: Date?
        if let account { lockedUntil = try await dependencies.stores.accounts.recordLoginFailure(username: account.username, at: now) }
        let lock = lockedUntil.map { "locked until \(ChinaTime.minuteString($0))" }
        try await Auditor(dependencies: dependencies).record(
            "login.failure", by: username, organization: nil, subject: username, address: address,
            detail: [detail, lock ?? ""].filter { !$0.isEmpty }.joined(separator: "; "))
        return detail.isEmpty ? .badCredentials : .badSecondFactor
    }

    private func succeeded(_ account: StaffAccount, from address: String, detail: String) async throws {
        if account.failedLogins > 0 { try await dependencies.stores.accounts.recordLoginSuccess(username: account.username) }
        try await Auditor(dependencies: dependencies).record(
            "login.success", by: account.username, organization: account.organization, subject: account.username,
            address: address, detail: detail)
    }
}
