import Crypto
import Foundation
import MashangCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Alibaba Cloud Short Message Service (阿里云短信), `SendSms` of API version 2017-05-25 over its RPC interface: a GET
/// whose query carries the parameters and a signature (HMAC-SHA1 with the AccessKey secret and "&" over
/// `GET&%2F&` + the percent-encoded, sorted query). The message is the template registered with the carriers for
/// the purpose, filled with the values by name (`${number}` …).
public struct AliyunSMS: MessageSender {
    public struct Account: Sendable {
        public var accessKeyID: String
        public var accessKeySecret: String
        public var signName: String
        /// The registered template code (`SMS_…`) of each purpose.
        public var templates: [MessagePurpose: String]
        public var endpoint: URL

        public init(accessKeyID: String, accessKeySecret: String, signName: String, templates: [MessagePurpose: String], endpoint: URL) {
            self.accessKeyID = accessKeyID
            self.accessKeySecret = accessKeySecret
            self.signName = signName
            self.templates = templates
            self.endpoint = endpoint
        }
    }

    public static let defaultEndpoint = URL(string: "https://dysmsapi.aliyuncs.com/")!
    public let account: Account
    public var channel: MessageChannel { .sms }
    /// The moment and nonce of a request (tests pin them).
    var clock: @Sendable () -> Date = { Date() }
    var nonce: @Sendable () -> String = { UUID().uuidString }

    public init(account: Account) {
        self.account = account
    }

    public func send(_ message: RenderedMessage) async throws -> String? {
        guard let template = account.templates[message.purpose] else {
            throw ProviderRefused(provider: "aliyun", code: "NoTemplate", message: "no template code for \(message.purpose.rawValue)")
        }
        let values = message.purpose.variables.reduce(into: [String: String]()) { $0[$1] = message.values[$1] ?? "" }
        let parameters = try [
            "Action": "SendSms", "Version": "2017-05-25", "RegionId": "cn-hangzhou", "Format": "JSON",
            "PhoneNumbers": message.address, "SignName": account.signName, "TemplateCode": template,
            "TemplateParam": String(decoding: JSONSerialization.data(withJSONObject: values, options: [.sortedKeys]), as: UTF8.self),
            "OutId": String(message.outboxID),
        ]
        let url = signedURL(parameters)
        let (status, body) = try await ProviderHTTP.send(URLRequest(url: url))
        let answer = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        let code = answer["Code"] as? String ?? "HTTP \(status)"
        guard status == 200, code == "OK" else {
            throw ProviderRefused(provider: "aliyun", code: code, message: answer["Message"] as? String ?? "")
        }
        return answer["BizId"] as? String
    }

    /// The request's address: the common parameters (key, time, nonce, signature method) added to `parameters`, and the
    /// signature over all of them.
    func signedURL(_ parameters: [String: String]) -> URL {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var all = parameters
        all["AccessKeyId"] = account.accessKeyID
        all["SignatureMethod"] = "HMAC-SHA1"
        all["SignatureVersion"] = "1.0"
        all["SignatureNonce"] = nonce()
        all["Timestamp"] = formatter.string(from: clock())
        let query = Self.canonicalQuery(all)
        let signature = Self.signature(query: query, secret: account.accessKeySecret)
        return URL(string: account.endpoint.absoluteString + "?Signature=" + Self.percentEncode(signature) + "&" + query)!
    }

    /// The sorted `name=value` pairs, each percent-encoded, joined with "&".
    static func canonicalQuery(_ parameters: [String: String]) -> String {
        parameters.sorted { $0.key < $1.key }.map { percentEncode($0.key) + "=" + percentEncode($0.value) }.joined(separator: "&")
    }

    static func signature(query: String, secret: String) -> String {
        let stringToSign = "GET&" + percentEncode("/") + "&" + percentEncode(query)
        let code = HMAC<Insecure.SHA1>.authenticationCode(
            for: Data(stringToSign.utf8), using: SymmetricKey(data: Data((secret + "&").utf8)))
        return Data(code).base64EncodedString()
    }

    /// RFC 3986 encoding as Alibaba Cloud specifies it: letters, digits, `-_.~` stay, everything else is `%XX` of UTF-8.
    static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
}
