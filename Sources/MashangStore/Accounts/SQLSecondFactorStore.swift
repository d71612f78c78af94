import Foundation
import MashangCore
import SQLKit

/// Administrators' second factors and their half-done sign-ins, over SQL. The secret is sealed like contacts.
extension SQLAccountStore {
    public func secondFactor(accountID: Int64) async throws -> SecondFactorRecord? {
        try await backend.read { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT totp_secret, totp_last_step, totp_enrolled_at, recovery_codes FROM accounts
                    WHERE id = \(bind: accountID) AND totp_secret IS NOT NULL
                    """
                ).first()
            else { return nil }
            return SecondFactorRecord(
                secret: try cipher.open(try row.decode(column: "totp_secret", as: String.self)),
                lastStep: try row.decode(column: "totp_last_step", as: Int64?.self),
                recoveryDigests: try Self.digests(try row.decode(column: "recovery_codes", as: String?.self)),
                enrolledAt: StoreTime.date(try row.decode(column: "totp_enrolled_at", as: Int64.self)))
        }
    }

    public func enrolSecondFactor(
        accountID: Int64, secret: String, step: Int64, recoveryDigests: [String], at date: Date
    ) async throws -> Bool {
        let sealed = try cipher.seal(secret)
        let codes = String(decoding: try JSONEncoder().encode(recoveryDigests), as: UTF8.self)
        return try await backend.write { database in
            try await database.raw(
                """
                UPDATE accounts SET totp_secret = \(bind: sealed), totp_last_step = \(bind: step),
                    totp_enrolled_at = \(bind: StoreTime.milliseconds(date)), recovery_codes = \(bind: codes)
                WHERE id = \(bind: accountID) AND totp_secret IS NULL RETURNING id
                """
            ).first() != nil
        }
    }

    public func useSecondFactorStep(accountID: Int64, step: Int64) async throws -> Bool {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE accounts SET totp_last_step = \(bind: step)
                WHERE id = \(bind: accountID) AND totp_secret IS NOT NULL
                    AND (totp_last_step IS NULL OR totp_last_step < \(bind: step))
                RETURNING id
                """
            ).first() != nil
        }
    }

    public func useRecoveryCode(accountID: Int64, digest: String) async throws -> Int? {
        try await backend.write { database in
            guard
                let row = try await database.raw(
                    "SELECT recovery_codes FROM accounts WHERE id = \(bind: accountID) AND totp_secret IS NOT NULL"
                ).first()
            else { return nil }
            var digests = try Self.digests(try row.decode(column: "recovery_codes", as: String?.self))
            guard let index = digests.firstIndex(of: digest) else { return nil }
            digests.remove(at: index)
            let codes = String(decoding: try JSONEncoder().encode(digests), as: UTF8.self)
            try await database.raw("UPDATE accounts SET recovery_codes = \(bind: codes) WHERE id = \(bind: accountID)").run()
            return digests.count
        }
    }

    public func resetSecondFactor(username: String) async throws -> Bool {
        try await backend.write { database in
            try await database.raw(
                """
                UPDATE accounts SET totp_secret = NULL, totp_last_step = NULL, totp_enrolled_at = NULL, recovery_codes = NULL
                WHERE username = \(bind: username) AND totp_secret IS NOT NULL RETURNING id
                """
            ).first() != nil
        }
    }

    public func storeLoginChallenge(digest: String, accountID: Int64, at date: Date, expiresAt: Date) async throws {
        try await backend.write { database in
            try await database.raw("DELETE FROM login_challenges WHERE expires_at <= \(bind: StoreTime.milliseconds(date))").run()
            try await database.raw(
                """
                INSERT INTO login_challenges (digest, account_id, expires_at)
                VALUES (\(bind: digest), \(bind: accountID), \(bind: StoreTime.milliseconds(expiresAt)))
                """
            ).run()
        }
    }

    public func loginChallenge(digest: String, at date: Date) async throws -> LoginChallenge? {
        try await backend.read { database in
            guard
                let row = try await database.raw(
                    """
                    SELECT a.*, c.proposed_secret, c.expires_at AS challenge_expires, c.attempts AS challenge_attempts
                    FROM login_challenges c JOIN accounts a ON a.id = c.account_id
                    WHERE c.digest = \(bind: digest) AND c.expires_at > \(bind: StoreTime.milliseconds(date)) AND a.active = 1
                    """
                ).first()
            else { return nil }
            return LoginChallenge(
                account: try Self.account(row),
                proposedSecret: try row.decode(column: "proposed_secret", as: String?.self).map { try cipher.open($0) },
                expiresAt: StoreTime.date(try row.decode(column: "challenge_expires", as: Int64.self)),
                attempts: try row.decode(column: "challenge_attempts", as: Int.self))
        }
    }

    public func proposeSecret(_ secret: String, challengeDigest: String) async throws {
        let sealed = try cipher.seal(secret)
        try await backend.write { database in
            try await database.raw(
                "UPDATE login_challenges SET proposed_secret = \(bind: sealed) WHERE digest = \(bind: challengeDigest)"
            ).run()
        }
    }

    public func recordChallengeAttempt(digest: String) async throws -> Int {
        try await backend.write { database in
            let row = try await database.raw(
                "UPDATE login_challenges SET attempts = attempts + 1 WHERE digest = \(bind: digest) RETURNING attempts"
            ).first()
            return try row?.decode(column: "attempts", as: Int.self) ?? 0
        }
    }

    public func deleteLoginChallenge(digest: String) async throws {
        try await backend.write { database in
            try await database.raw("DELETE FROM login_challenges WHERE digest = \(bind: digest)").run()
        }
    }

    static func digests(_ json: String?) throws -> [String] {
        guard let json else { return [] }
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }
}
