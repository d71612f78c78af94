import Foundation
import HTTPTypes
import HummingbirdTesting
import MashangCore
import MashangServices
import MashangStore
import MashangWeb
import Testing

/// Behind a reverse proxy the client's address comes from `X-Forwarded-For`, but only when the peer is a trusted
/// proxy: otherwise anyone could pick the address their rate limits and audit lines are counted under.
struct ForwardedForTests {
    static func failedSignIn(_ web: WebClient, forwardedFor: String) async throws -> String? {
        var headers = HTTPFields()
        headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor
        _ = try await web.request(
            .post, "/api/v1/auth/token", body: ["username": "joint.dispatcher", "password": "wrong-password"], headers: headers)
        return try await web.database.audit.entries(matching: AuditQuery(action: "login.failure", limit: 1)).first?.address
    }

    @Test func theForwardedAddressCountsOnlyFromATrustedProxy() async throws {
        var trusting = AppConfiguration()
        trusting.trustedProxies = ["127.0.0.1"]
        try await WebHarness.run(configuration: trusting, testing: .live) { web in
            let forwarded = try await Self.failedSignIn(web, forwardedFor: "198.51.100.4, 203.0.113.7")
            // A proxy chain: the right-most address that is not a trusted proxy is the client.
            let chained = try await Self.failedSignIn(web, forwardedFor: "203.0.113.9, 127.0.0.1")
            let garbage = try await Self.failedSignIn(web, forwardedFor: "not an address")
            #expect(forwarded == "203.0.113.7" && chained == "203.0.113.9" && garbage == "127.0.0.1")
        }
        try await WebHarness.run(testing: .live) { web in
            let untrusted = try await Self.failedSignIn(web, forwardedFor: "203.0.113.7")
            #expect(untrusted == "127.0.0.1")
        }
    }
}
