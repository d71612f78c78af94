import Foundation
import MashangCore
import MashangServices

/// The text message gateway, from the environment (the README's table): none configured keeps every message as
/// "not sent: no channel"; a provider named without everything it needs stops the start.
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

    /// The configured senders (none, or the text message gateway), refusing what does not fit through `reader`.
    public static func read(_ reader: inout EnvironmentReader) -> [any MessageSender] {
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
        if let text = required("MASHANG_SMS_TEMPLATES") { templates = Self.templates(text, &reader) }
        let appID: String? = provider == "tencent" ? required("MASHANG_SMS_APP_ID") : ""
        var endpoint = provider == "aliyun" ? AliyunSMS.defaultEndpoint : TencentSMS.defaultEndpoint
        if let text = reader.value("MASHANG_SMS_ENDPOINT") {
            if let url = URL(string: text), let host = url.host,
                url.scheme == "https" || (url.scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(host))
            {
                endpoint = url
            } else {
                reader.refuse("MASHANG_SMS_ENDPOINT")
            }
        }
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

    /// `received=SMS_1,dispatched=SMS_2,…`, one for every purpose a requester is told of.
    static func templates(_ text: String, _ reader: inout EnvironmentReader) -> [MessagePurpose: String]? {
        var templates: [MessagePurpose: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let purpose = MessagePurpose(rawValue: parts[0]), !parts[1].isEmpty else {
                reader.refuse("MASHANG_SMS_TEMPLATES")
                return nil
            }
            templates[purpose] = parts[1]
        }
        let missing = purposes.filter { templates[$0] == nil }
        guard missing.isEmpty else {
            reader.problem("MASHANG_SMS_TEMPLATES: no template for \(missing.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return templates
    }
}
