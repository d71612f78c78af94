import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Synchronization
import Testing

/// A clock the test moves forward.
final class MovableClock: Sendable {
    private let current = Mutex(Fixtures.now)
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

struct AccountSecurityTests {
    func signIn(_ web: WebClient, _ username: String, _ password: String, scope: String? = nil) async throws -> JSONResponse {
        var body = ["username": username, "password": password]
        if let scope { body["scope"] = scope }
        return try await web.request(.post, "/api/v1/auth/token", body: body)
    }

    @Test func repeatedFailuresLockTheAccountWithADoublingBackOff() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            for _ in 1...LoginLockout.threshold {
                #expect(try await signIn(web, "gh.dispatcher", "wrong-password-1").status == .unauthorized)
            }
            // Locked: even the right password is refused, with the time to wait.
            let locked = try await signIn(web, "gh.dispatcher", WebHarness.password)
            #expect(locked.status == .tooManyRequests)
            #expect(locked.errorCode == "account_locked")
            #expect(locked.headers[.retryAfter] == "60")
            #expect(locked.errorMessage == "登录失败次数过多，账户已临时锁定，请 60 秒后再试。")
            // The page refuses it too.
            let page = try await web.page(.post, "/staff/login", form: [("username", "gh.dispatcher"), ("password", WebHarness.password)])
            #expect(page.status == .tooManyRequests)
            // Other accounts are not affected.
            #expect(try await signIn(web, "gh.handler", WebHarness.password).status == .ok)

            clock.advance(61)
            #expect(try await signIn(web, "gh.dispatcher", "wrong-password-2").status == .unauthorized)
            #expect(try await signIn(web, "gh.dispatcher", WebHarness.password).headers[.retryAfter] == "120")
            clock.advance(121)
            #expect(try await signIn(web, "gh.dispatcher", WebHarness.password).status == .ok)
            // Success clears the count: one more failure does not lock again.
            #expect(try await signIn(web, "gh.dispatcher", "wrong-password-3").status == .unauthorized)
            #expect(try await signIn(web, "gh.dispatcher", WebHarness.password).status == .ok)
            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "login.locked"))
            #expect(audit.count == 3 && audit.allSatisfy { $0.subject == "gh.dispatcher" })
        }
    }

    @Test func tokensAreShownOnceScopedAndRevocable() async throws {
        try await WebHarness.run { web in
            let issued = try await signIn(web, "joint.dispatcher", WebHarness.password, scope: "read")
            #expect(issued.headers[.cacheControl] == "no-store")
            #expect(issued["scope"] as? String == "read")
            let read = try #require(issued["token"] as? String)
            // Only the digest is stored.
            let stored = try await web.database.backend.read { database in
                try await database.raw("SELECT digest FROM api_tokens").all().map { try $0.decode(column: "digest", as: String.self) }
            }
            #expect(!stored.contains(read) && stored.count == 1)

            let number = try #require(try await web.submitLeak()["number"] as? String)
            #expect(try await web.request(.get, "/api/v1/tickets/\(number)", token: read).status == .ok)
            let refused = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: read)
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == "insufficient_scope")
            #expect(try await web.request(.post, "/api/v1/tickets/\(number)/contact", token: read).status == .forbidden)
            #expect(
                try await web.request(.get, "/api/v1/tickets/\(number)", token: try await web.token("joint.supervisor"))["version"] as? Int
                    == 1)

            let write = try #require(try await signIn(web, "joint.dispatcher", WebHarness.password)["token"] as? String)
            #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: write).status == .ok)

            #expect(try await web.request(.delete, "/api/v1/auth/token", token: read).status == .noContent)
            #expect(try await web.request(.get, "/api/v1/me", token: read).status == .unauthorized)
            #expect(try await web.request(.get, "/api/v1/me", token: write).status == .ok)

            let badScope = try await signIn(web, "joint.dispatcher", WebHarness.password, scope: "admin")
            #expect(badScope.status == .unprocessableContent)
            #expect(badScope.errorFields.first?["field"] == "scope")
        }
    }
}
