/// What the requester agreed to at intake: whether Mashang may send them text messages about the request, under which
/// version of the consent text, and in which language they asked (messages are written in it).
public struct ContactConsent: Codable, Sendable, Equatable {
    /// Agreed to be told about the request: by text message, or in WeChat when they came through it.
    public var sms: Bool
    /// The version of the consent text shown (`ContactConsent.currentText`), kept with the answer.
    public var textVersion: String
    /// `zh-Hans` or `en`.
    public var language: String

    public init(sms: Bool, textVersion: String = ContactConsent.currentText, language: String = "zh-Hans") {
        self.sms = sms
        self.textVersion = textVersion
        self.language = language
    }

    /// The version of the consent text the forms show now; a change of wording is a new version.
    public static let currentText = "2026-12-sms-1"
}
