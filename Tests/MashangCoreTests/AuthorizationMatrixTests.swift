import Foundation
import MashangCore
import MashangTesting
import Testing

/// The matrix in docs/authorization.md is the matrix the code enforces, and list scope agrees with it.
struct AuthorizationMatrixTests {
    /// The matrix as the Markdown table the documentation prints: one row per role and applicable relation.
    static func renderedTable() -> String {
        let operations = TicketOperation.allCases
        var lines = [
            "| role | relation | " + operations.map(\.description).joined(separator: " | ") + " |",
            "|---|---|" + operations.map { _ in "---" }.joined(separator: "|") + "|",
        ]
        for role in Role.allCases {
            for relation in TicketRelation.applicable(to: role) {
                let cells = operations.map { operation -> String in
                    switch AuthorizationMatrix.grant(operation, role: role, relation: relation) {
                    case .allow: "✓"
                    case .deny: "·"
                    case .ownTasks: "own"
                    }
                }
                lines.append("| \(role.rawValue) | \(relation.rawValue) | " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func theDocumentedMatrixIsTheEnforcedOne() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/authorization.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let table = Self.renderedTable()
        // Written out so that the page can be brought up to date by copying it in.
        try? table.write(
            toFile: FileManager.default.temporaryDirectory.appendingPathComponent("mashang-authorization-table.md").path,
            atomically: true, encoding: .utf8)
        #expect(
            text.contains(table),
            "docs/authorization.md must contain the table the code enforces (written to the temporary directory as mashang-authorization-table.md)"
        )
    }

    @Test func aRelationOutsideTheRoleOrNoneGrantsNothing() {
        for role in Role.allCases {
            for relation in TicketRelation.allCases where !TicketRelation.applicable(to: role).contains(relation) || relation == .none {
                for operation in TicketOperation.allCases {
                    #expect(
                        AuthorizationMatrix.grant(operation, role: role, relation: relation) == .deny, "\(role) \(relation) \(operation)")
                }
            }
        }
    }

    @Test func everyGrantNeedsViewAndTheListScopeShowsExactlyTheViewableTickets() throws {
        // Tickets with every relation: dispatched to 光华街道 with 交警 assisting, a task for a police department.
        var script = try TicketScript.at(.received)
        // Sent by the court (我单位派出), which keeps a read-only view.
        try script.run(
            .dispatch(organization: "guanghua-street", department: "gh-construction", assisting: ["qianjiang-traffic-police"], note: nil),
            as: Fixtures.actor("qianjiang-court", .dispatcher))
        try script.run(.acknowledge, as: Fixtures.governmentDispatcher)
        let policeDepartment = try #require(Fixtures.reference.departments.first { $0.organization == "qianjiang-traffic-police" }?.code)
        try script.run(
            .addTask(title: "路口疏导", department: policeDepartment, responsiblePerson: "李警官", dueDate: "2026-12-01"),
            as: Fixtures.governmentDispatcher)
        let ticket = script.state
        #expect(ticket.sentBy == ["qianjiang-court"])
        var relations: Set<TicketRelation> = []
        for organization in Fixtures.reference.organizations.map(\.code) {
            for role in Role.allCases {
                let departments: [String?] =
                    role == .handler
                    ? Fixtures.reference.departments.filter { $0.organization == organization }.map(\.code) : [nil]
                for department in departments {
                    let actor = Fixtures.actor(organization, role, department: department)
                    let relation = actor.relation(to: ticket)
                    relations.insert(relation)
                    #expect(TicketRelation.applicable(to: role).contains(relation))
                    let viewable = AuthorizationMatrix.grant(.view, role: role, relation: relation) == .allow
                    #expect(actor.canView(ticket) == viewable)
                    // The store's party-key scopes (the user's own list and 我单位派出) select the same tickets.
                    let scopes = [actor.scope] + (actor.sentScope.map { [$0] } ?? [])
                    let listed = scopes.contains { $0.partyKey.map { ticket.parties.contains($0) } ?? true }
                    #expect(listed == viewable, "\(actor.username) \(department ?? "")")
                    if relation == .dispatchingOrganization {
                        #expect(
                            TicketOperation.allCases.filter { AuthorizationMatrix.grant($0, role: role, relation: relation) != .deny } == [
                                .view
                            ])
                    }
                    if !viewable {
                        for operation in TicketOperation.allCases {
                            #expect(AuthorizationMatrix.grant(operation, role: role, relation: relation) == .deny)
                        }
                    }
                }
            }
        }
        #expect(relations == Set(TicketRelation.allCases), "the ticket puts some user in every relation")
    }
}

struct PasswordPolicyTests {
    @Test func passwordsNeedLengthVarietyAndNoUsername() {
        #expect(PasswordPolicy.problems("secret-pass", username: "gh.li").isEmpty)
        #expect(PasswordPolicy.problems("short-1", username: "gh.li") == ["tooShort"])
        #expect(PasswordPolicy.problems("onlyletterslong", username: "gh.li") == ["tooSimple"])
        #expect(PasswordPolicy.problems("1234567890", username: "gh.li") == ["tooSimple"])
        #expect(PasswordPolicy.problems("Password1234", username: "gh.li") == ["tooSimple"])
        #expect(PasswordPolicy.problems("my-gh.li-password", username: "gh.li") == ["containsUsername"])
        #expect(PasswordPolicy.problems(String(repeating: "密码1", count: 30), username: "gh.li") == ["tooLong"])
    }

    @Test func theLockDoublesFromOneMinuteToAnHour() {
        #expect((1..<LoginLockout.threshold).allSatisfy { LoginLockout.lockSeconds(afterFailures: $0) == 0 })
        #expect(LoginLockout.lockSeconds(afterFailures: 5) == 60)
        #expect(LoginLockout.lockSeconds(afterFailures: 6) == 120)
        #expect(LoginLockout.lockSeconds(afterFailures: 10) == 1920)
        #expect(LoginLockout.lockSeconds(afterFailures: 11) == 3600)
        #expect(LoginLockout.lockSeconds(afterFailures: 1000) == 3600)
    }
}
