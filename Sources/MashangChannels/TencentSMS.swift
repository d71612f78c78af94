import Crypto
import Foundation
import MashangCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Tencent Cloud SMS (腾讯云短信), `SendSms` of API version 2021-01-11: a JSON POST signed with TC3-HMAC-SHA256 (a key
/// derived from the SecretKey through the day, the service and `tc3_request`, over the hashed canonical request). The
/// registered template's `{1}`, `{2}` … are filled with the purpose's values in the order of `MessagePurpose.variables`.
public struct TencentSMS: MessageSender {
    public struct Account: Sendable {
        public var secretID: String
        public var secretKey: String
        /// `SmsSdkAppId`: the SMS application the templates belong to.
        public var appID: String
        public var signName: String
        public var templates: [MessagePurpose: String]
        public var region: String
        public var endpoint: URL

        public init(
            secretID: String, secretKey: String, appID: String, signName: String, templates: [MessagePurpose: String], region: String,
            endpoint: URL
        ) {
            self.secretID = secretID
            self.secretKey = secretKey
            self.appID = appID
            self.signName = signName
            self.templates = templates
            self.region = region
            self.endpoint = endpoint
        }
    }

    public static let defaultEndpoint = URL(string: "https://sms.tencentcloudapi.com/")!
    public let account: Account
    public var channel: MessageChannel { .sms }
    var clock: @Sendable () -> Date = { Date() }

    public init(account: Account) {
        self.account = account
    }

    /// The request body; Tencent's field names are capitalised.
    struct Body: Encodable {
        var phoneNumberSet: [String]
        var smsSdkAppID: String
        var signName: String
        var templateID: String
        var templateParamSet: [String]
        var sessionContext: String

        enum CodingKeys: String, CodingKey {
            case phoneNumberSet = "PhoneNumberSet"
            case smsSdkAppID = "SmsSdkAppId"
            case signName = "SignName"
            case templateID = "TemplateId"
            case templateParamSet = "TemplateParamSet"
            case sessionContext = "SessionContext"
        }
    }

    public func send(_ message: RenderedMessage) async throws -> String? {
        guard let template = account.templates[message.purpose] else {
            throw ProviderRefused(provider: "tencent", code: "NoTemplate", message: "no template id for \(message.purpose.rawValue)")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let payload = try encoder.encode(
            Body(
                phoneNumberSet: ["+86" + message.address], smsSdkAppID: account.appID, signName: account.signName, templateID: template,
                templateParamSet: message.purpose.variables.map { message.values[$0] ?? "" }, sessionContext: String(message.outboxID)))
        var request = URLRequest(url: account.endpoint)
        request.httpMethod = "POST"
        request.httpBody = payload
        for (name, value) in headers(payload: payload, at: clock()) { request.setValue(value, forHTTPHeaderField: name) }
        let (status, body) = try await ProviderHTTP.send(request)
        let response = ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["Response"] as? [String: Any] ?? [:]
        if let error = response["Error"] as? [String: Any] {
            throw ProviderRefused(provider: "tencent", code: error["Code"] as? String ?? "", message: error["Message"] as? String ?? "")
        }
        guard status == 200, let sent = (response["SendStatusSet"] as? [[String: Any]])?.first else {
            throw ProviderRefused(provider: "tencent", code: "HTTP \(status)", message: "")
        }
        guard (sent["Code"] as? String) == "Ok" else {
            throw ProviderRefused(provider: "tencent", code: sent["Code"] as? String ?? "", message: sent["Message"] as? String ?? "")
        }
        return sent["SerialNo"] as? String
    }

    /// The headers of a request with this body at this moment, `Authorization` included.
    func headers(payload: Data, at date: Date) -> [String: String] {
        let timestamp = String(Int(date.timeIntervalSince1970))
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let day = formatter.string(from: date)
        let contentType = "application/json; charset=utf-8"
        // The Host header the HTTP client sends for the endpoint (host, and the port when not the scheme's own).
        let host = (account.endpoint.host ?? "") + (account.endpoint.port.map { ":\($0)" } ?? "")
        let canonicalRequest = [
            "POST", "/", "", "content-type:\(contentType)\nhost:\(host)\nx-tc-action:sendsms\n", "content-type;host;x-tc-action",
            Self.hex(SHA256.hash(data: payload)),
        ].joined(separator: "\n")
        let scope = "\(day)/sms/tc3_request"
        let stringToSign = ["TC3-HMAC-SHA256", timestamp, scope, Self.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))]
            .joined(separator: "\n")
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)))
        }
        let signing = hmac(hmac(hmac(SymmetricKey(data: Data(("TC3" + account.secretKey).utf8)), day), "sms"), "tc3_request")
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: signing))
        return [
            "Authorization":
                "TC3-HMAC-SHA256 Credential=\(account.secretID)/\(scope), SignedHeaders=content-type;host;x-tc-action, Signature=\(signature)",
            "Content-Type": contentType, "X-TC-Action": "SendSms", "X-TC-Timestamp": timestamp,
            "X-TC-Version": "2021-01-11", "X-TC-Region": account.region,
        ]
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
