import ArgumentParser
import Foundation
import MashangCore
import MashangServices
import MashangStore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage staff accounts.",
        subcommands: [Add.self, ResetSecondFactor.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a staff user; the password is read from standard input.")
        @Option var username: String
        @Option var organization: String
        @Option(help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var role: String
        @Option var department: String?
        @Option(help: "Name shown to colleagues (defaults to the username).") var displayName: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("unknown role \(role); use one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let password = readLine(strippingNewline: true) else {
                throw ValidationError("the password must be given on standard input")
            }
            try await database.withDatabase { opened in
                var rules = FieldRules()
                let account = NewAccount.check(
                    username: username, organization: organization, role: role.rawValue, department: department,
                    displayName: displayName, password: password, passwordRequired: true,
                    reference: try await opened.reference.referenceData(), rules: &rules)
                guard let account else {
                    throw ValidationError(
                        """
                        not added: \(rules.problems.map { "\($0.name) \($0.problem)" }.joined(separator: ", ")). A password needs at \
                        least \(PasswordPolicy.minimumLength) characters, at most \(PasswordPolicy.maximumBytes) bytes, two of letters, \
                        digits and other characters, is not a well-known password and does not contain the username; a handler needs \
                        --department of the organisation
                        """)
                }
                do {
                    _ = try await AccountService(accounts: opened.accounts, passwords: PasswordHasher()).add(account)
                } catch let error as DuplicateAccount {
                    throw ValidationError("username \(error.username) is taken")
                }
                print("user \(username) added")
            }
        }
    }

    /// For an administrator who has lost both the phone and the recovery codes: the factor is removed and the next
    /// sign-in enrols a new one. It is done on the server, by someone who can reach the database, and audited.
    struct ResetSecondFactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-2fa", abstract: "Remove an administrator's second factor; the next sign-in sets up a new one.")
        @Option var username: String
        @Option(help: "Why, for the audit log (e.g. the ticket of the lost phone).") var reason: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await database.withDatabase { opened in
                guard try await opened.accounts.account(username: username) != nil else {
                    throw ValidationError("no user \(username)")
                }
                guard try await opened.accounts.resetSecondFactor(username: username) else {
                    throw ValidationError("\(username) has no second factor")
                }
                try await opened.audit.append(
                    AuditEntry(
                        at: Date(), actor: "cli", organization: nil, action: "user.resetSecondFactor", subject: username,
                        address: "", detail: reason))
                print("second factor of \(username) removed; the next sign-in sets up a new one")
            }
        }
    }
}
