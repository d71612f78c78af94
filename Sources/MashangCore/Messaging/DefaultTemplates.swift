/// The texts messages use until an administrator edits them, one per purpose and language. The SMS cloud adds the
/// signature (【码上】) itself.
public enum DefaultTemplates {
    public static let languages = ["zh-Hans", "en"]

    public static func text(_ purpose: MessagePurpose, _ language: String) -> String {
        let english = language == "en"
        switch purpose {
        case .received:
            return english
                ? "Your request {number} has been received. Tracking code {code}. Progress: {trackURL}"
                : "您的诉求已受理，编号{number}，查询码{code}。查看进度：{trackURL}"
        case .dispatched:
            return english ? "Your request {number} has been passed to {organization}." : "您的诉求{number}已转交{organization}办理。"
        case .replied:
            return english
                ? "{organization} has replied to your request {number}. Please rate it: {rateURL}"
                : "您的诉求{number}已由{organization}答复，请评价：{rateURL}"
        case .closed:
            return english ? "Your request {number} is closed. Thank you." : "您的诉求{number}已办结，感谢您的反映。"
        case .rejected:
            return english ? "Your request {number} was not taken up: {reason}." : "您的诉求{number}未予受理，原因：{reason}。"
        case .reopened:
            return english ? "Your request {number} is being handled again: {reason}." : "您的诉求{number}已重新办理：{reason}。"
        case .extensionGranted:
            return english ? "The time to handle your request {number} now runs until {until}." : "您的诉求{number}办理期限已延长至{until}。"
        }
    }

    public static func template(_ purpose: MessagePurpose, _ language: String) -> MessageTemplate {
        MessageTemplate(purpose: purpose, language: language, text: text(purpose, language))
    }
}
