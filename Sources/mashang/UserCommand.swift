import ArgumentParser
import Foundation
import MashangCore
import MashangStore
import MashangWeb

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage staff accounts.",
                                                    subcommands: [Add.self])

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
            let problems = PasswordPolicy.problems(password, username: username)
            guard problems.isEmpty else {
                throw ValidationError("""
                    the password is not accepted (\(problems.joined(separator: ", "))): at least \(PasswordPolicy.minimumLength) \
                    characters, at most \(PasswordPolicy.maximumBytes) bytes, two of letters, digits and other characters, \
                    not a well-known password and not containing the username
                    """)
            }
            try await database.withDatabase { opened in
                let reference = try await opened.reference.referenceData()
                guard reference.organization(organization) != nil else { throw ValidationError("unknown organization \(organization)") }
                if let department, !reference.department(department, belongsTo: organization) {
                    throw ValidationError("department \(department) is not in \(organization)")
                }
                if role == .handler && department == nil { throw ValidationError("a handler needs --department") }
                let hash = try await PasswordHasher().hash(password)
                do {
                    _ = try await opened.accounts.createAccount(username: username, passwordHash: hash,
                                                                displayName: displayName ?? username, organization: organization,
                                                                role: role, department: department)
                } catch let error as DuplicateAccount {
                    throw ValidationError("username \(error.username) is taken")
                }
                print("user \(username) added")
            }
        }
    }
}
