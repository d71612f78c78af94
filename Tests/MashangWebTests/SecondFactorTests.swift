import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// Administrators sign in with a password and a TOTP code (RFC 6238; 等保 level 3 asks two factors of those who
/// administer). The clock is pinned, so every code here is the one an app would show at `Fixtures.now`.
struct SecondFactorTests {
    static let challenge = "mashang_login"

    func password(_ web: WebClient, _ username: String) async throws -> (location: String, cookie: String) {
        let response = try await web.page(
            .post, "/staff/login", form: [("username", username), ("password", WebHarness.password), ("next", "/staff/admin/rules")])
        #expect(response.status == .seeOther)
        #expect(response.cookie("mashang_session") == nil, "a password alone gave \(username) a session")
        let cookie = try #require(response.cookie(Self.challenge))
        #expect(cookie.contains("HttpOnly") && cookie.contains("Path=/staff/login") && cookie.contains("SameSite=Strict"))
        return (try #require(response.headers[.location]), String(cookie.split(separator: ";")[0]))
    }

    @Test func theFirstSignInEnrolsWithAQRCodeAndShowsRecoveryCodesOnce() async throws {
        try await WebHarness.run { web in
            let (location, cookie) = try await password(web, "joint.admin")
            #expect(location == "/staff/login/enrol?next=%2Fstaff%2Fadmin%2Frules")
            // The waiting sign-in opens no page.
            #expect(try await web.page(.get, "/staff/admin/rules", cookie: cookie).status == .seeOther)
            let page = try await web.page(.get, location, cookie: cookie)
            #expect(page.status == .ok && page.headers[.cacheControl] == "no-store")
            #expect(page.text(id: "code-user") == "joint.admin")
            #expect(page.contains("<svg") && page.contains("aria-label=\"动态口令绑定二维码\""))
            let shown = try #require(page.text(id: "totp-secret"))
            let secret = try #require(Base32.decode(shown.filter { $0 != " " }))
            #expect(secret.count == 20)
            // A reload shows the same secret, so a phone that has read it still matches.
            #expect(try await web.page(.get, location, cookie: cookie).text(id: "totp-secret") == shown)

            let totp = TOTP(secret: secret)
            let wrong = try await web.page(.post, "/staff/login/enrol", form: [("code", "000000")], cookie: cookie)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.text(id: "code-error") == "动态口令不正确或已用过，请等下一个口令出现后再试。")
            #expect(try await web.database.accounts.secondFactor(accountID: try adminID(web)) == nil)

            let done = try await web.page(
                .post, "/staff/login/enrol", form: [("code", totp.code(at: Fixtures.now)), ("next", "/staff/admin/rules")], cookie: cookie)
            #expect(done.status == .ok)
            #expect(done.headers[.cacheControl] == "no-store")
            let codes = done.html.components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix { $0 != "<" }) }
            #expect(codes.count == 10 && Set(codes).count == 10)
            #expect(codes.allSatisfy { $0.wholeMatch(of: /[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}/) != nil })
            #expect(done.text(id: "recovery-continue") == "我已保存，继续")
            #expect(done.html.contains("href=\"/staff/admin/rules\""))
            let session = String(try #require(done.cookie("mashang_session")).split(separator: ";")[0])
            #expect(done.cookie(Self.challenge)?.contains("Max-Age=0") == true)
            #expect(try await web.page(.get, "/staff/admin/rules", cookie: session).status == .ok)

            // At rest: the secret is sealed with the data key and the recovery codes are digests.
            let stored = try await web.database.backend.read { database in
                try await database.raw("SELECT totp_secret, recovery_codes FROM accounts WHERE username = 'joint.admin'").first()
            }
            let sealed = try #require(try stored?.decode(column: "totp_secret", as: String.self))
            let digests = try #require(try stored?.decode(column: "recovery_codes", as: String.self))
            #expect(sealed.hasPrefix("enc1:") && !sealed.contains(shown.filter { $0 != " " }))
            #expect(codes.allSatisfy { !digests.contains($0) && digests.contains(RecoveryCodes.digest($0)) })
            // The enrolment page cannot be used again to replace the factor.
            let again = try await password(web, "joint.admin")
            #expect(again.location.hasPrefix("/staff/login/code"))
            #expect(
                try await web.page(.get, "/staff/login/enrol", cookie: again.cookie).headers[.location]?.hasPrefix("/staff/login/code")
                    == true)

            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "login.success"))
            #expect(audit.contains { $0.subject == "joint.admin" && $0.detail == "second factor enrolled" })
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "login.password")).count == 2)
        }
    }

    @Test func aCodeWorksOnceAndARecoveryCodeStandsInForALostPhone() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            _ = try await web.signIn("gh.securityAdmin")
            let app = try #require(web.authenticators.app("gh.securityAdmin"))
            let totp = TOTP(secret: app.secret)
            let now = Int64(totp.counter(at: clock.now))
            #expect(app.lastStep == now - 1)

            // The code already used (enrolment took the previous step's) and one older than the drift allows: refused.
            var (location, cookie) = try await password(web, "gh.securityAdmin")
            #expect(location == "/staff/login/code?next=%2Fstaff%2Fadmin%2Frules")
            #expect(try await web.page(.get, location, cookie: cookie).text(id: "code-user") == "gh.securityAdmin")
            for stale in [now - 1, now - 2] {
                let refused = try await web.page(
                    .post, "/staff/login/code", form: [("code", totp.code(counter: UInt64(stale)))], cookie: cookie)
                #expect(refused.status == .unauthorized)
                #expect(refused.cookie("mashang_session") == nil)
            }
            // The next step's code (a phone a little fast) is accepted; then the current one no longer is.
            let fast = try await web.page(.post, "/staff/login/code", form: [("code", totp.code(counter: UInt64(now + 1)))], cookie: cookie)
            #expect(fast.status == .seeOther && fast.headers[.location] == "/staff")
            #expect(fast.cookie("mashang_session") != nil)
            (location, cookie) = try await password(web, "gh.securityAdmin")
            let replay = try await web.page(.post, "/staff/login/code", form: [("code", totp.code(counter: UInt64(now)))], cookie: cookie)
            #expect(replay.status == .unauthorized)

            // A recovery code, typed in lower case without its dash, works once.
            let recovery = try #require(app.recoveryCodes.first)
            let typed = recovery.lowercased().replacingOccurrences(of: "-", with: "")
            let recovered = try await web.page(.post, "/staff/login/code", form: [("code", typed)], cookie: cookie)
            #expect(recovered.status == .seeOther && recovered.cookie("mashang_session") != nil)
            (location, cookie) = try await password(web, "gh.securityAdmin")
            #expect(try await web.page(.post, "/staff/login/code", form: [("code", recovery)], cookie: cookie).status == .unauthorized)
            let used = try await web.database.audit.entries(matching: AuditQuery(action: "login.success"))
            #expect(used.contains { $0.subject == "gh.securityAdmin" && $0.detail == "recovery code, 9 left" })

            // A minute later the phone shows a code past the one used early, which works.
            clock.advance(60)
            let later = try await web.page(
                .post, "/staff/login/code", form: [("code", totp.code(at: clock.now))], cookie: cookie)
            #expect(later.status == .seeOther && later.cookie("mashang_session") != nil)
        }
    }

    @Test func aWaitingSignInLastsFiveMinutesAndFiveWrongCodes() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            _ = try await web.signIn("joint.auditAdmin")
            let totp = TOTP(secret: try #require(web.authenticators.app("joint.auditAdmin")).secret)
            var (_, cookie) = try await password(web, "joint.auditAdmin")
            for attempt in 1...SecondFactor.attemptsPerChallenge {
                let wrong = try await web.page(.post, "/staff/login/code", form: [("code", "12345\(attempt)")], cookie: cookie)
                #expect(wrong.status == (attempt < SecondFactor.attemptsPerChallenge ? .unauthorized : .seeOther))
            }
            // The fifth wrong code ends it: even the right code now needs the password again.
            let ended = try await web.page(.post, "/staff/login/code", form: [("code", totp.code(at: clock.now))], cookie: cookie)
            #expect(ended.headers[.location] == "/staff/login")
            #expect(ended.cookie("mashang_session") == nil)
            #expect(try await web.page(.get, "/staff/login/code", cookie: cookie).headers[.location] == "/staff/login")
            // Wrong codes count as failed sign-ins.
            let account = try #require(try await web.database.accounts.account(username: "joint.auditAdmin"))
            #expect(account.failedLogins == SecondFactor.attemptsPerChallenge)

            clock.advance(60 * 60)
            (_, cookie) = try await password(web, "joint.auditAdmin")
            clock.advance(SecondFactor.challengeLifetime + 1)
            let late = try await web.page(.post, "/staff/login/code", form: [("code", totp.code(at: clock.now))], cookie: cookie)
            #expect(late.headers[.location] == "/staff/login" && late.cookie("mashang_session") == nil)
        }
    }

    @Test func theAPIAsksAdministratorsForTheCodeToo() async throws {
        try await WebHarness.run { web in
            let body: [String: Any] = ["username": "joint.admin", "password": WebHarness.password]
            let unenrolled = try await web.request(.post, "/api/v1/auth/token", body: body)
            #expect(unenrolled.status == .forbidden && unenrolled.errorCode == "second_factor_not_enrolled")
            #expect(unenrolled.errorMessage == "请先在员工页面登录并绑定动态口令，再申请令牌。")
            _ = try await web.signIn("joint.admin")
            let missing = try await web.request(.post, "/api/v1/auth/token", body: body, language: "en")
            #expect(missing.status == .unauthorized && missing.errorCode == "second_factor_required")
            #expect(missing.errorMessage == "An administrator's sign-in also needs the one-time code (code).")
            var withWrong = body
            withWrong["code"] = "999999"
            let wrong = try await web.request(.post, "/api/v1/auth/token", body: withWrong)
            #expect(wrong.status == .unauthorized && wrong.errorCode == "bad_second_factor")
            // A wrong password with any code is still just a wrong password.
            let guessed = try await web.request(
                .post, "/api/v1/auth/token", body: ["username": "joint.admin", "password": "not-it-1", "code": "123456"])
            #expect(guessed.errorCode == "bad_credentials")
            let token = try await web.token("joint.admin")
            #expect(try await web.request(.get, "/api/v1/me", token: token).status == .ok)
            // Everyone else still signs in with a password alone.
            let dispatcher = try await web.request(
                .post, "/api/v1/auth/token", body: ["username": "joint.dispatcher", "password": WebHarness.password])
            #expect(dispatcher.status == .ok)
        }
    }

    @Test func resettingTheFactorMakesTheNextSignInEnrolAgain() async throws {
        try await WebHarness.run { web in
            _ = try await web.signIn("joint.admin")
            #expect(try await web.database.accounts.resetSecondFactor(username: "joint.admin"))
            #expect(try await web.database.accounts.resetSecondFactor(username: "joint.admin") == false)
            let (location, _) = try await password(web, "joint.admin")
            #expect(location.hasPrefix("/staff/login/enrol"))
        }
    }

    func adminID(_ web: WebClient) async throws -> Int64 {
        try #require(try await web.database.accounts.account(username: "joint.admin")).id
    }
}
