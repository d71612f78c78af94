import Foundation
import MashangCore

/// Adding staff accounts: the one place the admin page, `mashang user add` and `mashang import users` make them.
public struct AccountService: Sendable {
    public let accounts: any AccountStore
    public let passwords: PasswordHasher

    public init(accounts: any AccountStore, passwords: PasswordHasher) {
        self.accounts = accounts
        self.passwords = passwords
    }

    /// Stores a checked account (`NewAccount.check`) with its password hashed, generating one when it has none; returns
    /// the account and the generated password. A taken username throws `DuplicateAccount`.
    public func add(_ account: NewAccount) async throws -> (account: StaffAccount, generatedPassword: String?) {
        let generated = account.password == nil ? PasswordPolicy.generated() : nil
        let hash = try await passwords.hash(account.password ?? generated!)
        let stored = try await accounts.createAccount(
            username: account.username, passwordHash: hash, displayName: account.displayName,
            organization: account.organization, role: account.role, department: account.department)
        return (stored, generated)
    }
}
