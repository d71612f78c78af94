import Foundation
import MashangCore
import Testing

/// The staff-admin matrix: enforced by the pages through `AdminPolicy`, documented in docs/authorization.md.
@Suite struct AdminPolicyTests {
    static func actor(_ role: Role, joint: Bool) -> StaffActor {
        StaffActor(
            username: "u", organization: joint ? "joint" : "guanghua-street", organizationKind: joint ? .joint : .government,
            role: role, department: role == .handler ? "d" : nil)
    }

    /// The matrix as a Markdown table: who may open each area (✓ own organisation's only where marked "own").
    static func renderedTable() -> String {
        var lines = [
            "| role | " + AdminArea.allCases.map(\.rawValue).joined(separator: " | ") + " |",
            "|---|" + AdminArea.allCases.map { _ in "---" }.joined(separator: "|") + "|",
        ]
        for joint in [true, false] {
            for role in Role.allCases {
                let staff = actor(role, joint: joint)
                let cells = AdminArea.allCases.map { area -> String in
                    guard AdminPolicy.mayAdminister(staff, area) else { return "–" }
                    return AdminPolicy.organizationScope(staff) == nil ? "✓" : "own"
                }
                lines.append("| \(role.rawValue) (\(joint ? "joint centre" : "member")) | " + cells.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func onlyAdministratorsAdministerAndMembersOnlyTheirOwn() {
        for role in Role.allCases where !Role.administration.contains(role) {
            for joint in [true, false] {
                #expect(AdminArea.allCases.allSatisfy { !AdminPolicy.mayAdminister(Self.actor(role, joint: joint), $0) })
            }
        }
        let jointAdmin = Self.actor(.admin, joint: true), memberAdmin = Self.actor(.admin, joint: false)
        let jointSecurity = Self.actor(.securityAdmin, joint: true), memberSecurity = Self.actor(.securityAdmin, joint: false)
        #expect(AdminArea.allCases.filter { AdminPolicy.mayAdminister(memberAdmin, $0) } == [.apiKeys])
        #expect(AdminArea.allCases.filter { AdminPolicy.mayAdminister(memberSecurity, $0) } == [.users])
        #expect(AdminPolicy.mayManage(memberSecurity, .users, organization: "guanghua-street"))
        #expect(!AdminPolicy.mayManage(memberSecurity, .users, organization: "jianghan-court"))
        #expect(AdminPolicy.mayManage(jointSecurity, .users, organization: "jianghan-court"))
        #expect(!AdminPolicy.mayManage(memberAdmin, .rules, organization: "guanghua-street"))
        #expect(AdminPolicy.mayManage(jointAdmin, .apiKeys, organization: "jianghan-court"))
        #expect(AdminPolicy.organizationScope(memberAdmin) == "guanghua-street" && AdminPolicy.organizationScope(jointAdmin) == nil)
    }

    /// 三员分立: the system, security and audit administrators' areas do not overlap and together cover every area;
    /// none of them administers accounts of an administrator on a page, and the two new ones see no request.
    @Test func theThreeAdministratorsSplitTheAreas() {
        let areas = [Role.admin, .securityAdmin, .auditAdmin].map { role in
            Set(AdminArea.allCases.filter { AdminPolicy.mayAdminister(Self.actor(role, joint: true), $0) })
        }
        #expect(areas[1] == [.users] && areas[2] == [.auditLog])
        #expect(areas[0].isDisjoint(with: areas[1]) && areas[0].isDisjoint(with: areas[2]))
        #expect(areas[0].union(areas[1]).union(areas[2]) == Set(AdminArea.allCases))
        #expect(Role.allCases.filter { !AdminPolicy.mayManageOnPage($0) } == [.admin, .securityAdmin, .auditAdmin])
        for role in [Role.securityAdmin, .auditAdmin] {
            let staff = Self.actor(role, joint: true)
            #expect(staff.scope == .nothing && staff.sentScope == nil && TicketRelation.applicable(to: role) == [.none])
        }
    }

    @Test func theDocumentedMatrixIsTheEnforcedOne() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/authorization.md")
        let table = Self.renderedTable()
        try? table.write(
            toFile: FileManager.default.temporaryDirectory.appendingPathComponent("mashang-admin-table.md").path,
            atomically: true, encoding: .utf8)
        #expect(
            try String(contentsOf: docs, encoding: .utf8).contains(table),
            "docs/authorization.md must contain the admin table the code enforces (written to the temporary directory as mashang-admin-table.md)"
        )
    }
}
