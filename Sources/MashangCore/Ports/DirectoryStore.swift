import Foundation

/// A staff account as stored.
public struct StaffAccount: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var passwordHash: String
    public var displayName: String
    public var organization: String
    public var role: Role
    public var department: String?
    public var active: Bool
    /// Failed sign-ins in a row, and the lock they caused.
    public var failedLogins: Int
    public var lockedUntil: Date?

    public init(
        id: Int64, username: String, passwordHash: String, displayName: String, organization: String,
        role: Role, department: String?, active: Bool, failedLogins: Int = 0, lockedUntil: Date? = nil
    ) {
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.displayName = displayName
        self.organization = organization
        self.role = role
        self.department = department
        self.active = active
    }
}

/// Staff accounts and their API tokens. Tokens are stored only as SHA-256 digests.
public protocol AccountStore: Sendable {
    func createAccount(
        username: String, passwordHash: String, displayName: String, organization: String,
        role: Role, department: String?
    ) async throws -> StaffAccount
    func account(username: String) async throws -> StaffAccount?
    /// Every account, by organisation and username.
    func accounts() async throws -> [StaffAccount]
    /// Enables or disables sign-in; a disabled account's tokens and sessions stop working at once.
    func setActive(username: String, active: Bool) async throws
    func storeToken(digest: String, accountID: Int64, expiresAt: Date, scope: TokenScope) async throws
    /// The active account and the scope of an unexpired token.
    func account(tokenDigest: String, at date: Date) async throws -> (account: StaffAccount, scope: TokenScope)?
    /// Counts a failed sign-in and locks the account per `LoginLockout`; returns the lock's end, if locked.
    func recordLoginFailure(username: String, at date: Date) async throws -> Date?
    /// A successful sign-in clears the count.
    func recordLoginSuccess(username: String) async throws
    /// Ends an API token at once.
    func deleteToken(digest: String) async throws

    /// Browser sessions of the staff pages, stored as digests, each with its CSRF token.
    func storeSession(digest: String, accountID: Int64, csrfToken: String, at date: Date, expiresAt: Date) async throws
    /// Records that the session was used at `date` (its idle time starts again).
    func touchSession(digest: String, at date: Date) async throws
    func session(digest: String, at date: Date) async throws -> StaffSession?
    func deleteSession(digest: String) async throws
}

/// A signed-in browser session.
public struct StaffSession: Sendable, Equatable {
    public var account: StaffAccount
    public var csrfToken: String
    public var expiresAt: Date
    /// When the session was last used, as recorded (at most a minute behind); nil for a session from before this was kept.
    public var lastSeenAt: Date?

    public init(account: StaffAccount, csrfToken: String, expiresAt: Date, lastSeenAt: Date? = nil) {
        self.account = account
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
        self.lastSeenAt = lastSeenAt
    }
}

/// Thrown when a username is already taken.
public struct DuplicateAccount: Error, Sendable, Equatable {
    public var username: String
    public init(username: String) { self.username = username }
}

/// Reference data and dispatch rules: read as one snapshot, replaced as a whole by seeding.
public protocol ReferenceStore: Sendable {
    func referenceData() async throws -> ReferenceData
    func dispatchRules() async throws -> [DispatchRule]
    func replaceReferenceData(_ data: ReferenceData, rules: [DispatchRule]) async throws
}
