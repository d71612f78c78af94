import Foundation
import HTTPTypes
import MashangCore
import MashangTesting
import Testing

/// 三员分立 (等保 level 3): the security and audit administrators reach their own page and nothing of the requests or
/// registers, through the pages or the API.
struct AdministrationSeparationTests {
    static let closedPages = [
        "/staff/tickets", "/staff/tickets.csv", "/staff/tickets/MS-2026-000001", "/staff/lists/tasks", "/staff/board",
        "/staff/dashboard", "/staff/figures/tickets", "/staff/hotspots", "/staff/conduct", "/staff/petitions", "/staff/mechanism",
        "/staff/risks", "/staff/inbox", "/staff/alerts", "/staff/new", "/staff/qr",
    ]
    static let closedCalls = ["/api/v1/tickets", "/api/v1/tickets/MS-2026-000001", "/api/v1/figures", "/api/v1/notifications"]

    @Test(arguments: [("joint.securityAdmin", "/staff/admin/users"), ("joint.auditAdmin", "/staff/admin/audit")])
    func theSecurityAndAuditAdministratorsSeeOnlyTheirOwnPage(username: String, home: String) async throws {
        try await WebHarness.run { web in
            let session = try await web.signIn(username)
            let desk = try await web.page(.get, "/staff", cookie: session)
            #expect(desk.status == .seeOther && desk.headers[.location] == home)
            let page = try await web.page(.get, home, cookie: session)
            #expect(page.status == .ok)
            // The navigation offers their page and signing out, no request or figure.
            #expect(page.contains(#"href="\#(home)""#) && !page.contains(#"href="/staff/tickets""#))
            #expect(!page.contains(#"href="/staff/dashboard""#))
            for path in Self.closedPages {
                #expect(try await web.page(.get, path, cookie: session).status == .forbidden, "\(username) \(path)")
            }
            let token = try await web.token(username)
            #expect(try await web.request(.get, "/api/v1/me", token: token).status == .ok)
            for path in Self.closedCalls {
                #expect(try await web.request(.get, path, token: token).status == .forbidden, "\(username) \(path)")
            }
            // Each administers only its own area.
            let other = home == "/staff/admin/users" ? "/staff/admin/audit" : "/staff/admin/users"
            for path in [other, "/staff/admin/rules", "/staff/admin/structure", "/staff/admin/api-keys"] {
                #expect(try await web.page(.get, path, cookie: session).status == .forbidden, "\(username) \(path)")
            }
        }
    }

    @Test func anAuditAdministratorIsMadeAtTheJointCentreOnly() async throws {
        var rules = FieldRules()
        let reference = Fixtures.reference
        let elsewhere = NewAccount.check(
            username: "gh.auditor", organization: "guanghua-street", role: "auditAdmin", department: nil, displayName: nil,
            password: "long-password-1", passwordRequired: true, reference: reference, rules: &rules)
        #expect(elsewhere == nil && rules.problems.contains { $0.name == "role" && $0.problem == "jointOnly" })
        var jointRules = FieldRules()
        let joint = NewAccount.check(
            username: "joint.auditor", organization: "joint", role: "auditAdmin", department: nil, displayName: nil,
            password: "long-password-1", passwordRequired: true, reference: reference, rules: &jointRules)
        #expect(joint?.role == .auditAdmin && jointRules.problems.isEmpty)
    }
}
