import Foundation
import MashangCore
import MashangServices

/// The channels, from the environment (the README's table): the text message gateway, WeChat and SMTP. A channel not
/// configured keeps its messages as "not sent: no channel"; one named without everything it needs stops the start.
public enum ChannelSettings {
    public static let keys: [SettingKey] = [
        SettingKey("MASHANG_SMS_PROVIDER", "aliyun or tencent"),
        SettingKey("MASHANG_SMS_KEY_ID", "the provider's AccessKey ID (aliyun) or SecretId (tencent)"),
        SettingKey("MASHANG_SMS_KEY_SECRET", "the provider's AccessKey secret or SecretKey", secret: true),
        SettingKey("MASHANG_SMS_SIGN_NAME", "the registered signature (签名), such as 码上就办"),
        SettingKey(
            "MASHANG_SMS_TEMPLATES",
            "purpose=template pairs separated by commas, one for each of " + purposes.map(\.rawValue).joined(separator: ", ")),
        SettingKey("MASHANG_SMS_APP_ID", "Tencent's SmsSdkAppId (tencent only)"),
        SettingKey("MASHANG_SMS_REGION", "a Tencent region such as ap-guangzhou (tencent only; the default)"),
        SettingKey("MASHANG_SMS_ENDPOINT", "an https:// address (or http:// on this machine), for a private gateway or a test double"),
        SettingKey("MASHANG_SMS_QUIET_HOURS", "HH:MM-HH:MM in China time (22:00-08:00 by default), or off"),
        SettingKey("MASHANG_SMS_DAILY_CAP", "a whole number of text messages per phone and day, 1 to 100 (5 by default)"),
        SettingKey("MASHANG_WECHAT_APP_ID", "the official account's AppID, for template messages to requesters who came through WeChat"),
        SettingKey("MASHANG_WECHAT_APP_SECRET", "the official account's AppSecret", secret: true),
        SettingKey(
            "MASHANG_WECHAT_TEMPLATES",
            "purpose=template id pairs separated by commas, one for each of " + wechatPurposes.map(\.rawValue).joined(separator: ", ")),
        SettingKey("MASHANG_WECHAT_ENDPOINT", "an https:// address instead of api.weixin.qq.com (or http:// on this machine)"),
        SettingKey(
            "MASHANG_SMTP_URL",
            "smtps://user:password@host:465 (TLS) or smtp://user:password@host:587 (STARTTLS; plain only to this machine)",
            secret: true),
        SettingKey("MASHANG_SMTP_FROM", "the sender address of staff alerts, such as alerts@mashang.example.cn"),
    ]

    /// When text messages may go out: quiet hours and the daily cap per phone.
    public static func rules(_ reader: inout EnvironmentReader) -> DeliveryRules {
        var rules = DeliveryRules()
        if let text = reader.value("MASHANG_SMS_QUIET_HOURS") {
            if text == "off" {
                rules.quietFrom = 0
                rules.quietUntil = 0
            } else if let (from, until) = quietHours(text) {
                rules.quietFrom = from
                rules.quietUntil = until
            } else {
                reader.refuse("MASHANG_SMS_QUIET_HOURS")
            }
        }
        if let cap = reader.number("MASHANG_SMS_DAILY_CAP", in: 1...100) { rules.dailyCap = cap }
        return rules
    }

    /// `22:00-08:00` as minutes after midnight.
    static func quietHours(_ text: String) -> (Int, Int)? {
        let minutes = text.split(separator: "-").map { part -> Int? in
            let clock = part.split(separator: ":").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard clock.count == 2, (0..<24).contains(clock[0]), (0..<60).contains(clock[1]) else { return nil }
            return clock[0] * 60 + clock[1]
        }
        guard minutes.count == 2, let from = minutes[0], let until = minutes[1], from != until else { return nil }
        return (from, until)
    }

    static let ruleKeys: Set<String> = ["MASHANG_SMS_QUIET_HOURS", "MASHANG_SMS_DAILY_CAP"]

    static let purposes = MessagePurpose.allCases
    /// WeChat reaches requesters only (staff choose SMS or e-mail; bookings give a phone).
    static let wechatPurposes = MessagePurpose.allCases.filter { $0.audience == .requester }

    /// Every configured sender.
    public static func read(_ reader: inout EnvironmentReader) -> [any MessageSender] {
        textMessages(&reader) + weChat(&reader) + mail(&reader)
    }

    /// An https:// address, or http:// to this machine (a test double).
    static func endpoint(_ key: String, default fallback: URL, _ reader: inout EnvironmentReader) -> URL {
        guard let text = reader.value(key) else { return fallback }
        if let url = URL(string: text), let host = url.host,
            url.scheme == "https" || (url.scheme == "http" && loopback.contains(host))
        {
            return url
        }
        reader.refuse(key)
        return fallback
    }

    static let loopback: Set<String> = ["127.0.0.1", "localhost", "::1"]

    static func weChat(_ reader: inout EnvironmentReader) -> [any MessageSender] {
        let keys = ["MASHANG_WECHAT_APP_ID", "MASHANG_WECHAT_APP_SECRET", "MASHANG_WECHAT_TEMPLATES"]
        let given = keys.filter { reader.value($0) != nil }
        guard !given.isEmpty else { return [] }
        guard given.count == keys.count else {
            reader.problem("\(keys.filter { !given.contains($0) }.joined(separator: ", ")): required with \(given.joined(separator: ", "))")
            return []
        }
        let endpoint = endpoint("MASHANG_WECHAT_ENDPOINT", default: WeChatTemplateMessages.defaultEndpoint, &reader)
        guard let templates = templates(reader.value("MASHANG_WECHAT_TEMPLATES")!, "MASHANG_WECHAT_TEMPLATES", for: wechatPurposes, &reader)
        else { return [] }
        return [
            WeChatTemplateMessages(
                account: .init(
                    appID: reader.value("MASHANG_WECHAT_APP_ID")!, appSecret: reader.value("MASHANG_WECHAT_APP_SECRET")!,
                    templates: templates, endpoint: endpoint))
        ]
    }

    static func mail(_ reader: inout EnvironmentReader) -> [any MessageSender] {
        guard let text = reader.value("MASHANG_SMTP_URL") else {
            if reader.value("MASHANG_SMTP_FROM") != nil { reader.problem("MASHANG_SMTP_FROM: set MASHANG_SMTP_URL too, or leave it unset") }
            return []
        }
        guard let from = reader.value("MASHANG_SMTP_FROM") else {
            reader.problem("MASHANG_SMTP_FROM: required with MASHANG_SMTP_URL")
            return []
        }
        guard let account = smtpAccount(text, from: from) else {
            reader.refuse("MASHANG_SMTP_URL")
            return []
        }
        guard EmailAddress.normalized(from) != nil else {
            reader.refuse("MASHANG_SMTP_FROM")
            return []
        }
        return [SMTPMail(account: account)]
    }

    /// `smtps://user:password@host[:465]`, `smtp://user:password@host[:587]` (STARTTLS), or plain `smtp://` to this
    /// machine only; the password percent-encoded.
    static func smtpAccount(_ text: String, from: String) -> SMTPMail.Account? {
        guard let url = URLComponents(string: text), let host = url.host, !host.isEmpty, url.path.isEmpty || url.path == "/" else {
            return nil
        }
        let security: SMTPMail.Account.Security
        switch url.scheme {
        case "smtps": security = .implicitTLS
        case "smtp": security = loopback.contains(host) ? .none : .startTLS
        default: return nil
        }
        return SMTPMail.Account(
            host: host, port: url.port ?? (security == .implicitTLS ? 465 : 587), security: security,
            user: url.percentEncodedUser?.removingPercentEncoding, password: url.percentEncodedPassword?.removingPercentEncoding,
            from: from)
    }

    /// The text message gateway, if configured, refusing what does not fit through `reader`.
    static func textMessages(_ reader: inout EnvironmentReader) -> [any MessageSender] {
        guard let provider = reader.value("MASHANG_SMS_PROVIDER") else {
            // The gateway's own keys; quiet hours and the cap apply to any channel.
            let stray = keys.dropFirst().map(\.key).filter {
                $0.hasPrefix("MASHANG_SMS_") && !ruleKeys.contains($0) && reader.value($0) != nil
            }
            if !stray.isEmpty { reader.problem("\(stray.joined(separator: ", ")): set MASHANG_SMS_PROVIDER too, or leave them unset") }
            return []
        }
        guard provider == "aliyun" || provider == "tencent" else {
            reader.refuse("MASHANG_SMS_PROVIDER")
            return []
        }
        func required(_ key: String) -> String? {
            if let value = reader.value(key) { return value }
            reader.problem("\(key): required with MASHANG_SMS_PROVIDER=\(provider)")
            return nil
        }
        let keyID = required("MASHANG_SMS_KEY_ID")
        let secret = required("MASHANG_SMS_KEY_SECRET")
        let sign = required("MASHANG_SMS_SIGN_NAME")
        var templates: [MessagePurpose: String]?
        if let text = required("MASHANG_SMS_TEMPLATES") {
            templates = Self.templates(text, "MASHANG_SMS_TEMPLATES", for: purposes, &reader)
        }
        let appID: String? = provider == "tencent" ? required("MASHANG_SMS_APP_ID") : ""
        let endpoint = endpoint(
            "MASHANG_SMS_ENDPOINT", default: provider == "aliyun" ? AliyunSMS.defaultEndpoint : TencentSMS.defaultEndpoint, &reader)
        guard let keyID, let secret, let sign, let templates, let appID else { return [] }
        if provider == "aliyun" {
            return [
                AliyunSMS(
                    account: .init(accessKeyID: keyID, accessKeySecret: secret, signName: sign, templates: templates, endpoint: endpoint))
            ]
        }
        return [
            TencentSMS(
                account: .init(
                    secretID: keyID, secretKey: secret, appID: appID, signName: sign, templates: templates,
                    region: reader.value("MASHANG_SMS_REGION") ?? "ap-guangzhou", endpoint: endpoint))
        ]
    }

    /// `received=SMS_1,dispatched=SMS_2,…`: one for every purpose of `required`.
    static func templates(_ text: String, _ key: String, for required: [MessagePurpose], _ reader: inout EnvironmentReader)
        -> [MessagePurpose: String]?
    {
        var templates: [MessagePurpose: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let purpose = MessagePurpose(rawValue: parts[0]), !parts[1].isEmpty else {
                reader.refuse(key)
                return nil
            }
            templates[purpose] = parts[1]
        }
        let missing = required.filter { templates[$0] == nil }
        guard missing.isEmpty else {
            reader.problem("\(key): no template for \(missing.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return templates
    }
}
