import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangTesting
import MashangWeb
import Testing

/// A staff page session ends after 30 minutes without use (等保 level 3's idle timeout), however long its lifetime;
/// using it starts the 30 minutes again; the sign-in page then says why.
struct SessionIdleTests {
    @Test func aSessionUnusedForThirtyMinutesEnds() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let cookie = try await web.signIn("joint.dispatcher")
            // Used every 29 minutes for two hours: still signed in.
            for _ in 0..<4 {
                clock.advance(29 * 60)
                #expect(try await web.page(.get, "/staff", cookie: cookie).status == .ok)
            }
            clock.advance(30 * 60 + 61)
            let ended = try await web.page(.get, "/staff", cookie: cookie)
            #expect(ended.status == .seeOther)
            #expect(ended.headers[.location] == "/staff/login?next=%2Fstaff")
            // Gone for good, also once the clock would allow it again, and the sign-in page says so.
            clock.advance(-3600)
            #expect(try await web.page(.get, "/staff", cookie: cookie).status == .seeOther)
            let login = try await web.page(.get, "/staff/login?next=%2Fstaff", cookie: cookie)
            #expect(login.text(id: "session-ended") == "会话已结束（长时间未操作或已到期），请重新登录。")
            #expect(try await web.page(.get, "/staff/login").text(id: "session-ended") == nil)
            // The API's bearer tokens are not page sessions: they keep their own lifetime.
            let token = try await web.token("joint.dispatcher")
            clock.advance(2 * 3600)
            #expect(try await web.request(.get, "/api/v1/tickets", token: token).status == .ok)
        }
    }

    @Test func theIdleLimitIsASettingFromFiveMinutesToEightHours() throws {
        func configuration(_ value: String) throws -> AppConfiguration {
            try AppConfiguration.from(
                environment: ["MASHANG_SESSION_IDLE_MINUTES": value], host: "127.0.0.1", port: 0,
                database: .sqlite(directory: "./data"), seedDemoData: false)
        }
        #expect(try configuration("15").sessionIdleMinutes == 15)
        #expect(try configuration("").sessionIdleMinutes == 30)
        #expect(throws: ConfigurationError.self) { try configuration("2") }
        #expect(throws: ConfigurationError.self) { try configuration("30m") }
    }
}
