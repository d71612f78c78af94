import Foundation
import MashangCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// WeChat Official Account template messages (公众号模板消息): `POST /cgi-bin/message/template/send?access_token=…`
/// with the recipient's OpenID, the template chosen for the purpose in the account's template library, the link the
/// message opens, and the fields. The access token comes from `POST /cgi-bin/stable_token` (the stable token does not
/// end other servers' tokens when fetched), is kept until five minutes before it expires, and is fetched again once
/// when WeChat says it is invalid or expired (40001, 40014, 42001).
///
/// Fields: `first` holds the whole rendered text, `keyword1`, `keyword2` … the purpose's variables in the order of
/// `MessagePurpose.variables` (the library's templates name their fields so); docs/messages.md lists them.
public struct WeChatTemplateMessages: MessageSender {
    public struct Account: Sendable {
        public var appID: String
        public var appSecret: String
        /// The template id of each purpose.
        public var templates: [MessagePurpose: String]
        public var endpoint: URL

        public init(appID: String, appSecret: String, templates: [MessagePurpose: String], endpoint: URL) {
            self.appID = appID
            self.appSecret = appSecret
            self.templates = templates
            self.endpoint = endpoint
        }
    }

    public static let defaultEndpoint = URL(string: "https://api.weixin.qq.com/")!
    public let account: Account
    public var channel: MessageChannel { .wechat }
    let tokens: AccessTokens

    public init(account: Account) {
        self.account = account
        tokens = AccessTokens(account: account)
    }

    /// WeChat's codes for a token that is not (or no longer) valid.
    static let staleToken: Set<Int> = [40001, 40014, 42001]

    public func send(_ message: RenderedMessage) async throws -> String? {
        guard let template = account.templates[message.purpose] else {
            throw ProviderRefused(provider: "wechat", code: "NoTemplate", message: "no template id for \(message.purpose.rawValue)")
        }
        var data: [String: [String: String]] = ["first": ["value": message.text]]
        for (index, name) in message.purpose.variables.enumerated() {
            data["keyword\(index + 1)"] = ["value": message.values[name] ?? ""]
        }
        var body: [String: Any] = ["touser": message.address, "template_id": template, "data": data]
        if let link = message.values["rateURL"] ?? message.values["trackURL"] { body["url"] = link }
        body["client_msg_id"] = "mashang-\(message.outboxID)"
        let json = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])
        for attempt in 0..<2 {
            let token = try await tokens.token(refresh: attempt > 0)
            var components = URLComponents(
                url: account.endpoint.appendingPathComponent("cgi-bin/message/template/send"), resolvingAgainstBaseURL: false)!
            components.queryItems = [URLQueryItem(name: "access_token", value: token)]
            var request = URLRequest(url: components.url!)
            request.httpMethod = "POST"
            request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
            request.httpBody = json
            let answer = try Self.answer(try await ProviderHTTP.send(request))
            if answer.code == 0 { return answer.messageID }
            if attempt == 0, Self.staleToken.contains(answer.code) { continue }
            throw ProviderRefused(provider: "wechat", code: String(answer.code), message: answer.message)
        }
        throw ProviderRefused(provider: "wechat", code: "Token", message: "access token refused twice")
    }

    struct Answer {
        var code: Int
        var message: String
        var messageID: String?
    }

    static func answer(_ response: (status: Int, body: Data)) throws -> Answer {
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            throw ProviderRefused(provider: "wechat", code: "HTTP\(response.status)", message: "unreadable answer")
        }
        return Answer(
            code: (object["errcode"] as? NSNumber)?.intValue ?? 0, message: object["errmsg"] as? String ?? "",
            messageID: (object["msgid"] as? NSNumber).map { "\($0.int64Value)" })
    }

    /// The account's access token, fetched when missing, near its end or refused.
    actor AccessTokens {
        let account: Account
        var current: (token: String, until: Date)?

        init(account: Account) {
            self.account = account
        }

        func token(refresh: Bool) async throws -> String {
            if !refresh, let current, current.until > Date() { return current.token }
            var request = URLRequest(url: account.endpoint.appendingPathComponent("cgi-bin/stable_token"))
            request.httpMethod = "POST"
            request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(
                withJSONObject: [
                    "grant_type": "client_credential", "appid": account.appID, "secret": account.appSecret, "force_refresh": refresh,
                ], options: [.sortedKeys])
            let response = try await ProviderHTTP.send(request)
            guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
                let token = object["access_token"] as? String
            else {
                let answer = try WeChatTemplateMessages.answer(response)
                throw ProviderRefused(provider: "wechat", code: String(answer.code), message: answer.message)
            }
            let lifetime = (object["expires_in"] as? NSNumber)?.doubleValue ?? 7200
            current = (token, Date().addingTimeInterval(max(60, lifetime - 300)))
            return token
        }
    }
}
