import Foundation
import Hummingbird
import HummingbirdTesting
import MashangChannels
import MashangCore
import NIOCore
import Synchronization
import Testing

/// The WeChat template message adapter against a fake of WeChat's API on this machine that checks what WeChat
/// checks: the AppID and secret for a token, the token on every send (expiring it on demand), the OpenID, the
/// template and the fields.
struct WeChatGatewayTests {
    /// The fake's state: tokens issued (the last one valid), sends accepted.
    final class Fake: Sendable {
        private let state = Mutex((tokens: [String](), sent: [Data](), expireNext: false))
        var tokens: [String] { state.withLock { $0.tokens } }
        var sent: [[String: Any]] {
            state.withLock { $0.sent }.map { (try? JSONSerialization.jsonObject(with: $0) as? [String: Any]) ?? [:] }
        }
        func expireCurrentToken() { state.withLock { $0.expireNext = true } }

        func issue() -> String {
            state.withLock {
                $0.tokens.append("token-\($0.tokens.count + 1)")
                return $0.tokens.last!
            }
        }

        /// Nil when accepted, else WeChat's error code.
        func accept(token: String?, body: Data) -> Int? {
            state.withLock { state in
                if state.expireNext {
                    state.expireNext = false
                    return 42001
                }
                guard let token, token == state.tokens.last else { return 40001 }
                let object = (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:]
                guard (object["touser"] as? String)?.count == 28 else { return 40003 }
                state.sent.append(body)
                return nil
            }
        }
    }

    static func json(_ object: [String: Any]) -> Response {
        Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: try! JSONSerialization.data(withJSONObject: object))))
    }

    static func gateway(_ fake: Fake) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("/cgi-bin/stable_token") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 10_000)
            let object = try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
            guard object["grant_type"] as? String == "client_credential", object["appid"] as? String == "wx-app",
                object["secret"] as? String == "wx-secret"
            else { return json(["errcode": 40125, "errmsg": "invalid appsecret"]) }
            return json(["access_token": fake.issue(), "expires_in": 7200])
        }
        router.post("/cgi-bin/message/template/send") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 10_000)
            if let code = fake.accept(token: request.uri.queryParameters.get("access_token"), body: Data(body.readableBytesView)) {
                let reasons = [42001: "access_token expired", 40001: "invalid credential", 40003: "invalid openid"]
                return json(["errcode": code, "errmsg": reasons[code] ?? ""])
            }
            return json(["errcode": 0, "errmsg": "ok", "msgid": 200_228_332])
        }
        return router
    }

    static let templates = Dictionary(uniqueKeysWithValues: MessagePurpose.allCases.map { ($0, "tmpl-\($0.rawValue)") })
    static let openID = "oVb2Xt1qzPZ3a9LwYb7mK0c4Rs8Q"

    @Test func aReplyGoesAsATemplateMessageWithItsFieldsAndLink() async throws {
        let fake = Fake()
        try await Application(router: Self.gateway(fake)).test(.live) { client in
            let sender = WeChatTemplateMessages(
                account: .init(
                    appID: "wx-app", appSecret: "wx-secret", templates: Self.templates,
                    endpoint: URL(string: "http://127.0.0.1:\(client.port!)/")!))
            let message = RenderedMessage(
                outboxID: 7, purpose: .replied, address: Self.openID, text: "您的诉求MS-2026-000001已由广华街道办事处答复，请评价：https://m.example.cn/r/abc",
                values: ["number": "MS-2026-000001", "organization": "广华街道办事处", "rateURL": "https://m.example.cn/r/abc"],
                language: "zh-Hans")
            #expect(try await sender.send(message) == "200228332")
            let sent = try #require(fake.sent.first)
            #expect(sent["touser"] as? String == Self.openID && sent["template_id"] as? String == "tmpl-replied")
            #expect(sent["url"] as? String == "https://m.example.cn/r/abc" && sent["client_msg_id"] as? String == "mashang-7")
            let data = try #require(sent["data"] as? [String: [String: String]])
            // keyword1… in the order of the purpose's variables: number, organization, rateURL.
            #expect(data["first"]?["value"] == message.text)
            #expect(data["keyword1"]?["value"] == "MS-2026-000001" && data["keyword2"]?["value"] == "广华街道办事处")
            #expect(data["keyword3"]?["value"] == "https://m.example.cn/r/abc")

            // The token is kept: a second message fetches none.
            _ = try await sender.send(message)
            #expect(fake.tokens == ["token-1"] && fake.sent.count == 2)
            // WeChat says the token expired: one new token, the message goes.
            fake.expireCurrentToken()
            _ = try await sender.send(message)
            #expect(fake.sent.count == 3 && fake.tokens.last == "token-2")
        }
    }

    @Test func aRefusalSaysWhyWithoutTheOpenIDAndABadSecretGetsNoToken() async throws {
        let fake = Fake()
        try await Application(router: Self.gateway(fake)).test(.live) { client in
            let endpoint = URL(string: "http://127.0.0.1:\(client.port!)/")!
            let sender = WeChatTemplateMessages(
                account: .init(appID: "wx-app", appSecret: "wx-secret", templates: Self.templates, endpoint: endpoint))
            let bad = RenderedMessage(outboxID: 8, purpose: .closed, address: "short", text: "已办结", values: [:], language: "zh-Hans")
            do {
                _ = try await sender.send(bad)
                Issue.record("an invalid OpenID was accepted")
            } catch let refusal as ProviderRefused {
                #expect(refusal.code == "40003" && !refusal.safeDescription.contains("short"))
            }
            let wrong = WeChatTemplateMessages(
                account: .init(appID: "wx-app", appSecret: "other", templates: Self.templates, endpoint: endpoint))
            await #expect(throws: ProviderRefused.self) {
                try await wrong.send(
                    RenderedMessage(outboxID: 9, purpose: .closed, address: Self.openID, text: "已办结", values: [:], language: "zh-Hans"))
            }
            #expect(fake.sent.isEmpty)
        }
    }
}
