import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The second step of an administrator's sign-in. The right password leaves a waiting sign-in (a `login_challenges`
/// row behind an HttpOnly cookie scoped to `/staff/login`, five minutes, five wrong codes); the code page finishes
/// it, or, the first time, the enrolment page shows a new secret as text and as a QR code, takes a code from the
/// authenticator app as proof, and shows the ten recovery codes once.
struct SecondFactorController {
    let sessions: StaffSessionController
    static let challengeCookie = "mashang_login"
    private var dependencies: AppDependencies { sessions.dependencies }
    private var accounts: any AccountStore { dependencies.stores.accounts }

    struct CodeForm: Decodable {
        var code: String?
        var next: String?
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("staff/login/code", use: showCode)
        router.post("staff/login/code", use: answerCode)
        router.get("staff/login/enrol", use: showEnrol)
        router.post("staff/login/enrol", use: confirmEnrol)
    }

    /// After the right password: the waiting sign-in, and the page that finishes it.
    func challenge(_ account: StaffAccount, next: String) async throws -> Response {
        let token = TokenDigest.newToken(), now = dependencies.clock()
        try await accounts.storeLoginChallenge(
            digest: TokenDigest.of(token), accountID: account.id, at: now,
            expiresAt: now.addingTimeInterval(SecondFactor.challengeLifetime))
        let enrolled = try await accounts.secondFactor(accountID: account.id) != nil
        var response = Self.redirect(enrolled ? "/staff/login/code" : "/staff/login/enrol", next: next)
        response.setCookie(cookie(token, maxAge: Int(SecondFactor.challengeLifetime)))
        return response
    }

    @Sendable func showCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = StaffSessionController.sameSite(request.uri.queryParameters.get("next"))
        guard let (_, challenge) = try await pending(request) else { return Self.redirect("/staff/login", next: next) }
        guard try await accounts.secondFactor(accountID: challenge.account.id) != nil else {
            return Self.redirect("/staff/login/enrol", next: next)
        }
        return sessions.pages.response(
            "login-code", CodeView(chrome: sessions.chrome(request), next: next, username: challenge.account.username, failed: false))
    }

    @Sendable func answerCode(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(CodeForm.self, request)
        let next = StaffSessionController.sameSite(form.next)
        guard let (digest, challenge) = try await pending(request) else { return Self.redirect("/staff/login", next: next) }
        do {
            try await Authenticator(dependencies: dependencies).verifySecondFactor(
                account: challenge.account, code: form.code, from: context.clientAddress)
        } catch let error as APIError where error.code == APIError.badSecondFactor.code {
            if let restart = try await countWrongCode(digest, next: next) { return restart }
            let view = CodeView(chrome: sessions.chrome(request), next: next, username: challenge.account.username, failed: true)
            return sessions.pages.response("login-code", view, status: .unauthorized)
        } catch let error as APIError where error.code == APIError.secondFactorNotEnrolled.code {
            return Self.redirect("/staff/login/enrol", next: next)
        }
        try await accounts.deleteLoginChallenge(digest: digest)
        var response = Response(status: .seeOther, headers: [.location: next])
        response.setCookie(try await sessions.openSession(for: challenge.account))
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    @Sendable func showEnrol(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = StaffSessionController.sameSite(request.uri.queryParameters.get("next"))
        guard let (digest, challenge) = try await pending(request) else { return Self.redirect("/staff/login", next: next) }
        if try await accounts.secondFactor(accountID: challenge.account.id) != nil { return Self.redirect("/staff/login/code", next: next) }
        // The same secret is shown again on a reload, so that a phone that has already read it still matches.
        let secret = challenge.proposedSecret ?? Base32.encode(TOTP.newSecret())
        if challenge.proposedSecret == nil { try await accounts.proposeSecret(secret, challengeDigest: digest) }
        return Self.unstored(
            sessions.pages.response("login-enrol", try enrolView(request, challenge.account, secret: secret, next: next, failed: false)))
    }

    @Sendable func confirmEnrol(_ request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(CodeForm.self, request)
        let next = StaffSessionController.sameSite(form.next)
        guard let (digest, challenge) = try await pending(request), let secret = challenge.proposedSecret else {
            return Self.redirect("/staff/login", next: next)
        }
        let codes: [String]
        do {
            codes = try await Authenticator(dependencies: dependencies).enrol(
                account: challenge.account, secret: secret, code: form.code, from: context.clientAddress)
        } catch let error as APIError where error.code == APIError.badSecondFactor.code {
            if let restart = try await countWrongCode(digest, next: next) { return restart }
            let view = try enrolView(request, challenge.account, secret: secret, next: next, failed: true)
            return Self.unstored(sessions.pages.response("login-enrol", view, status: .unauthorized))
        }
        try await accounts.deleteLoginChallenge(digest: digest)
        var response = Self.unstored(
            sessions.pages.response("login-recovery", RecoveryView(chrome: sessions.chrome(request), next: next, codes: codes)))
        response.setCookie(try await sessions.openSession(for: challenge.account))
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    /// The waiting sign-in this browser holds, if it has not expired.
    private func pending(_ request: Request) async throws -> (String, LoginChallenge)? {
        guard let token = request.cookies[Self.challengeCookie]?.value, !token.isEmpty else { return nil }
        let digest = TokenDigest.of(token)
        guard let challenge = try await accounts.loginChallenge(digest: digest, at: dependencies.clock()) else { return nil }
        return (digest, challenge)
    }

    /// Counts a wrong code; after the last allowed one the waiting sign-in is gone and the password is asked again.
    private func countWrongCode(_ digest: String, next: String) async throws -> Response? {
        guard try await accounts.recordChallengeAttempt(digest: digest) >= SecondFactor.attemptsPerChallenge else { return nil }
        try await accounts.deleteLoginChallenge(digest: digest)
        var response = Self.redirect("/staff/login", next: next)
        response.setCookie(cookie("", maxAge: 0))
        return response
    }

    private func enrolView(_ request: Request, _ account: StaffAccount, secret: String, next: String, failed: Bool) throws -> EnrolView {
        let uri = TOTP(secret: Base32.decode(secret) ?? []).provisioningURI(account: account.username, issuer: "Mashang")
        let chrome = sessions.chrome(request)
        let grouped = stride(from: 0, to: secret.count, by: 4).map { start in
            String(secret.dropFirst(start).prefix(4))
        }
        return EnrolView(
            chrome: chrome, next: next, username: account.username, secret: grouped.joined(separator: " "),
            qr: QRCodeSVG.svg(try QRCode.encode(uri), title: chrome.t["login_enrol_qr"] ?? "", moduleSize: 4),
            failed: failed)
    }

    private func cookie(_ value: String, maxAge: Int) -> Cookie {
        Cookie(
            name: Self.challengeCookie, value: value, maxAge: maxAge, path: "/staff/login", secure: sessions.secureCookies,
            httpOnly: true, sameSite: .strict)
    }

    /// The secret and the recovery codes are shown once: no cache may keep the page.
    private static func unstored(_ response: Response) -> Response {
        var response = response
        response.headers[.cacheControl] = "no-store"
        return response
    }

    private static func redirect(_ path: String, next: String) -> Response {
        let query = next == "/staff" ? "" : "?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return Response(status: .seeOther, headers: [.location: path + query])
    }
}
