import Foundation
import MashangCore
import SQLKit

/// `AccountStore` over SQL.
public struct SQLAccountStore: AccountStore {
    let backend: any SQLBackend
    /// Seals the second factors' secrets.
    let cipher: ContactCipher

    public init(backend: any SQLBackend, cipher: ContactCipher) {
        self.backend = backend
        self.cipher = cipher
    }

    public func createAccount(
        username: String, passwordHash: String, displayName: String, organization: String,
        role: Role, department: String?
    ) async throws -> StaffAccount {
        try await backend.write { database in
            if try await database.raw("SELECT id FROM accounts WHERE username = \(bind: username)").first() != nil {
                throw DuplicateAccount(username: username)
            }
            let row = try await database.raw(
                """
                INSERT INTO accounts (username, password_hash, display_name, organization, role, department, active, created_at)
                VALUES (\(bind: username), \(bind: passwordHash), \(bind: displayName), \(bind: organization),
                        \(bind: role.rawValue), \(bind: department), 1, \(bind: StoreTime.milliseconds(Date())))
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw CorruptRow(column: "id", value: "") }
            return StaffAccount(
                id: id, username: username, passwordHash: passwordHash, displayName: displayName,
                organization: organization, role: role, department: department, active: true)
        }
    }

    public func account(username: String) async throws -> StaffAccount? {
        try await backend.read { database in
            try await database.raw("SELECT * FROM accounts WHERE username = \(bind: username)").first().map(Self.account)
        }
    }

    public func accounts() async throws -> [StaffAccount] {
        try await backend.read { database in
            try await database.raw("SELECT * FROM accounts ORDER BY organization, username").all().map(Self.account)
        }
    }

    public func setActive(username: String, active: Bool) async throws {
        try await backend.write { database in
            try await database.raw("UPDATE accounts SET active = \(bind: active ? 1 : 0) WHERE username = \(bind: username)").run()
        }
    }

    public func storeToken(digest: String, accountID: Int64, expiresAt: Date, scope: TokenScope) async throws {
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO api_tokens (digest, account_id, expires_at, scope)
                VALUES (\(bind: digest), \(bind: accountID), \(bind: StoreTime.milliseconds(expiresAt)), \(bind: scope.rawValue))
                """
            ).run()
        }
    }

    public func account(tokenDigest: String, at date: Date) async throws -> (account: StaffAccount, scope: TokenScope)? {
        try await backend.lookup { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT a.*, k.scope AS token_scope FROM api_tokens k JOIN accounts a ON a.id = k.account_id
                    WHERE k.digest = \(bind: tokenDigest) AND k.expires_at > \(bind: StoreTime.milliseconds(date)) AND a.active = 1
                    """
                ).first()
            else { return nil }
            let scope = try row.decode(column: "token_scope", as: String.self)
            return (try Self.account(row), TokenScope(rawValue: scope) ?? .read)
        }
    }

    public func recordLoginFailure(username: String, at date: Date) async throws -> Date? {
        try await backend.write { database in
            guard let row = try await database.raw("SELECT failed_logins FROM accounts WHERE username = \(bind: username)").first() else {
                return nil
            }
            let failures = try row.decode(column: "failed_logins", as: Int.self) + 1
            let seconds = LoginLockout.lockSeconds(afterFailures: failures)
            let until = seconds > 0 ? date.addingTimeInterval(seconds) : nil
            try await database.raw(
                """
                UPDATE accounts SET failed_logins = \(bind: failures), locked_until = \(bind: until.map(StoreTime.milliseconds))
                WHERE username = \(bind: username)
                """
            ).run()
            return until
        }
    }

    public func recordLoginSuccess(username: String) async throws {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE accounts SET failed_logins = 0, locked_until = NULL WHERE username = \(bind: username) AND failed_logins > 0
                """
            ).run()
        }
    }

    public func deleteToken(digest: String) async throws {
        try await backend.write { database in
            try await database.raw("DELETE FROM api_tokens WHERE digest = \(bind: digest)").run()
        }
    }

    public func storeSession(digest: String, accountID: Int64, csrfToken: String, at date: Date, expiresAt: Date) async throws {
        try await backend.write { database in
            try await database.raw(
                """
                INSERT INTO sessions (digest, account_id, csrf_token, expires_at, last_seen_at)
                VALUES (\(bind: digest), \(bind: accountID), \(bind: csrfToken), \(bind: StoreTime.milliseconds(expiresAt)),
                        \(bind: StoreTime.milliseconds(date)))
                """
            ).run()
        }
    }

    public func touchSession(digest: String, at date: Date) async throws {
        try await backend.write { database in
            try await database.raw(
                "UPDATE sessions SET last_seen_at = \(bind: StoreTime.milliseconds(date)) WHERE digest = \(bind: digest)"
            ).run()
        }
    }

    public func session(digest: String, at date: Date) async throws -> StaffSession? {
        try await backend.lookup { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT a.*, s.csrf_token, s.expires_at AS session_expires, s.last_seen_at AS session_seen
                    FROM sessions s JOIN accounts a ON a.id = s.account_id
                    WHERE s.digest = \(bind: digest) AND s.expires_at > \(bind: StoreTime.milliseconds(date)) AND a.active = 1
                    """
                ).first()
            else { return nil }
            return StaffSession(
                account: try Self.account(row), csrfToken: try row.decode(column: "csrf_token", as: String.self),
                expiresAt: StoreTime.date(try row.decode(column: "session_expires", as: Int64.self)),
                lastSeenAt: try row.decode(column: "session_seen", as: Int64?.self).map(StoreTime.date))
        }
    }

    public func deleteSession(digest: String) async throws {
        try await backend.write { database in
            try await database.raw("DELETE FROM sessions WHERE digest = \(bind: digest)").run()
        }
    }

    static func account(_ row: any SQLRow) throws -> StaffAccount {
        let roleCode = try row.decode(column: "role", as: String.self)
        guard let role = Role(rawValue: roleCode) else { throw CorruptRow(column: "role", value: roleCode) }
        return StaffAccount(
            id: try row.decode(column: "id", as: Int64.self),
            username: try row.decode(column: "username", as: String.self),
            passwordHash: try row.decode(column: "password_hash", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            organization: try row.decode(column: "organization", as: String.self),
            role: role,
            department: try row.decode(column: "department", as: String?.self),
            active: try row.decode(column: "active", as: Int.self) != 0,
            failedLogins: try row.decode(column: "failed_logins", as: Int.self),
            lockedUntil: try row.decode(column: "locked_until", as: Int64?.self).map(StoreTime.date)
        )
    }
}
