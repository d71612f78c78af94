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

    /// An administrator's second factor, or nil before one is enrolled.
    func secondFactor(accountID: Int64) async throws -> SecondFactorRecord?
    /// Keeps a newly confirmed factor: the secret (Base32; sealed at rest), the step of the code that confirmed it and
    /// the recovery codes' digests. False if the account already has one (two enrolment pages raced).
    func enrolSecondFactor(accountID: Int64, secret: String, step: Int64, recoveryDigests: [String], at date: Date) async throws -> Bool
    /// Records that a code of `step` was used; false if that step or a later one was already used, so that a code
    /// works once.
    func useSecondFactorStep(accountID: Int64, step: Int64) async throws -> Bool
    /// Spends a recovery code; the codes left, or nil if the digest is not among them.
    func useRecoveryCode(accountID: Int64, digest: String) async throws -> Int?
    /// Removes the factor (a lost phone): the next sign-in enrols again. False if the account had none.
    func resetSecondFactor(username: String) async throws -> Bool

    /// A password that was right and waits for its second factor, stored as a digest; also removes expired ones.
    func storeLoginChallenge(digest: String, accountID: Int64, at date: Date, expiresAt: Date) async throws
    /// The unexpired challenge and its active account.
    func loginChallenge(digest: String, at date: Date) async throws -> LoginChallenge?
    /// Keeps the secret offered on the enrolment page, so that its confirmation is checked against the same one.
    func proposeSecret(_ secret: String, challengeDigest: String) async throws
    /// Counts a wrong code; returns the attempts so far.
    func recordChallengeAttempt(digest: String) async throws -> Int
    func deleteLoginChallenge(digest: String) async throws
}

/// An enrolled second factor (RFC 6238 TOTP).
public struct SecondFactorRecord: Sendable, Equatable {
    /// The shared secret in Base32, as the authenticator app has it.
    public var secret: String
    /// The last time step whose code was used.
    public var lastStep: Int64?
    /// SHA-256 digests of the unused recovery codes.
    public var recoveryDigests: [String]
    public var enrolledAt: Date

    public init(secret: String, lastStep: Int64?, recoveryDigests: [String], enrolledAt: Date) {
        self.secret = secret
        self.lastStep = lastStep
        self.recoveryDigests = recoveryDigests
        self.enrolledAt = enrolledAt
    }
}

/// The half-done sign-in of an administrator: the password was right, the code is awaited.
public struct LoginChallenge: Sendable, Equatable {
    public var account: StaffAccount
    /// The secret shown on the enrolment page, in Base32, until it is confirmed.
    public var proposedSecret: String?
    public var expiresAt: Date
    public var attempts: Int

    public init(account: StaffAccount, proposedSecret: String?, expiresAt: Date, attempts: Int) {
        self.account = account
        self.proposedSecret = proposedSecret
        self.expiresAt = expiresAt
        self.attempts = attempts
    }
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
