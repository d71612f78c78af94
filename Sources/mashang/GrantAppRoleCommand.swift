import ArgumentParser
import Foundation
import MashangCore
import MashangStore

/// `mashang grant-app-role --role NAME`: as the schema's owner (DATABASE_URL), give the role the server runs as what
/// serving needs, and no UPDATE, DELETE or TRUNCATE on the audit log and the closed days (docs/security.md).
struct GrantAppRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant-app-role",
        abstract: "PostgreSQL: grant the server's own role what it needs, but no changing or deleting of the audit trail.",
        discussion: """
            Run as the owner of the schema (DATABASE_URL), after `mashang migrate`, for a role created beforehand
            (CREATE ROLE mashang_app LOGIN PASSWORD '…'). Then serve with DATABASE_URL naming that role.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The PostgreSQL role the server connects as.")
    var role: String

    func run() async throws {
        let settings = try ProcessEnvironment.settings()
        if case .sqlite = database.location(settings) {
            throw ValidationError("grant-app-role is for PostgreSQL: set DATABASE_URL to the schema owner's connection")
        }
        let schema = try await database.withDatabase { try await DatabaseRoles.grantApplication(role: role, on: $0.backend) }
        print("granted \(role) the application's rights on schema \(schema); it cannot update, delete or truncate audit_log or day_digests")
    }
}
