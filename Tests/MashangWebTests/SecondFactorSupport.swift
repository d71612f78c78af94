import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangTesting
import Testing

/// What an administrator's authenticator app holds in the tests: the secret read off the enrolment page, the last
/// time step whose code was used (a code works once) and the recovery codes not yet spent.
final class Authenticators: @unchecked Sendable {
    struct App {
        var secret: [UInt8]
        var lastStep: Int64
        var recoveryCodes: [String]
    }

    private let lock = NSLock()
    private var apps: [String: App] = [:]

    func app(_ username: String) -> App? { lock.withLock { apps[username] } }
    func keep(_ app: App, for username: String) { lock.withLock { apps[username] = app } }

    /// The next code that has not been used: the next time step within the one step of drift the server allows,
    /// else a recovery code (the tests' clock is pinned, so only three steps are at hand).
    func nextCode(_ username: String, at date: Date) throws -> String {
        try lock.withLock {
            var app = try #require(apps[username], "\(username) has no authenticator")
            let totp = TOTP(secret: app.secret)
            let now = Int64(totp.counter(at: date))
            let step = max(app.lastStep + 1, now - 1)
            let code: String
            if step <= now + 1 {
                app.lastStep = step
                code = totp.code(counter: UInt64(step))
            } else {
                guard let spare = app.recoveryCodes.popLast() else { throw UsedUp(username: username) }
                code = spare
            }
            apps[username] = app
            return code
        }
    }
}

struct UsedUp: Error {
    let username: String
}

extension HTMLResponse {
    /// The `name=value; …` of the cookie `name` this response sets.
    func cookie(_ name: String) -> String? {
        headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
    }
}

extension WebClient {
    static let challenge = "mashang_login"

    /// A code for `username`, enrolling through the pages first if the account has no second factor yet.
    func oneTimeCode(_ username: String) async throws -> String {
        if authenticators.app(username) == nil { _ = try await signIn(username) }
        return try authenticators.nextCode(username, at: clock())
    }

    /// Finishes a sign-in the password started: enrols on the enrolment page (reading the secret and the recovery
    /// codes off the pages) or answers the code page.
    func answerSecondFactor(_ username: String, at location: String, challenge: String) async throws -> HTMLResponse {
        let cookie = String(challenge.split(separator: ";")[0])
        if location.hasPrefix("/staff/login/code") {
            let code = try authenticators.nextCode(username, at: clock())
            return try await page(.post, "/staff/login/code", form: [("code", code)], cookie: cookie)
        }
        let enrolment = try await page(.get, location, cookie: cookie)
        let text = try #require(enrolment.text(id: "totp-secret"), "no secret on the enrolment page")
        let secret = try #require(Base32.decode(text.filter { !$0.isWhitespace }))
        let totp = TOTP(secret: secret)
        // Confirmed with the previous step's code, which leaves the current and the next step for later sign-ins.
        let step = Int64(totp.counter(at: clock())) - 1
        let done = try await page(.post, "/staff/login/enrol", form: [("code", totp.code(counter: UInt64(step)))], cookie: cookie)
        #expect(done.status == .ok, "enrolment of \(username) failed")
        let codes = done.html.components(separatedBy: "<li><code>").dropFirst().map { String($0.prefix { $0 != "<" }) }
        #expect(codes.count == 10)
        authenticators.keep(.init(secret: secret, lastStep: step, recoveryCodes: codes), for: username)
        return done
    }
}
