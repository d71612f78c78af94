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
        case .paused:
            return english
                ? "The handling of your request {number} is paused ({reason}) and resumes by {resumeOn} at the latest."
                : "您的诉求{number}因{reason}暂停计时，最迟于{resumeOn}恢复办理。"
        case .resumed:
            return english ? "The handling of your request {number} has resumed." : "您的诉求{number}已恢复办理。"
        case .referred:
            return english
                ? "Your request {number} is outside the mechanism's remit and has been referred to {body} ({contact})."
                : "您的诉求{number}不属于本机制成员单位职责，已转交{body}办理（联系方式：{contact}）。"
        case .taskDue:
            return english ? "Task \"{task}\" of request {number} is due on {due}." : "诉求{number}的任务“{task}”将于{due}到期，请按时办理。"
        case .sentimentReportDue:
            return english
                ? "{organization}: the sentiment report for {month} is due by {due} and has not been filed."
                : "{organization}：{month}员工思想动态快报应于{due}前报送，尚未报送。"
        case .supervisionNotice:
            return english
                ? "Supervision notice: request {number} at {organization} has missed its {deadline} limit."
                : "督办通知：诉求{number}（{organization}）已超过{deadline}时限，请尽快办理。"
        case .escalated:
            return english ? "Request {number} has been escalated to the {tier} tier." : "诉求{number}已升级至{tier}层级协调。"
        case .legalDayReminder:
            return english
                ? "Reminder: your legal reception appointment is tomorrow, {day} {time}, at {place}. Code {code}."
                : "提醒：您预约的企法联合接访日为明天{day} {time}，地点{place}，预约码{code}。"
        case .legalDayMoved:
            return english
                ? "The legal reception day you booked has moved to {day}. Your booking {code} stays valid."
                : "您预约的企法联合接访日改至{day}举行，预约码{code}继续有效。"
        case .legalDayCancelled:
            return english
                ? "The legal reception day of {month} is cancelled. Your booking {code} no longer applies."
                : "{month}企法联合接访日取消，您的预约{code}不再有效，敬请谅解。"
        }
    }

    public static func template(_ purpose: MessagePurpose, _ language: String) -> MessageTemplate {
        MessageTemplate(purpose: purpose, language: language, text: text(purpose, language))
    }
}

/// Names of codes that messages mention (a limit's kind, a tier), in the message's language.
public enum MessageLabels {
    public static func deadline(_ code: String, _ language: String) -> String {
        let english = language == "en"
        switch Deadline.Kind(rawValue: code) {
        case .signFor: return english ? "sign-for" : "签收"
        case .firstContact: return english ? "first contact" : "首次联系"
        case .resolve: return english ? "resolution" : "办结"
        case .task: return english ? "task" : "任务"
        case .petitionAcceptance: return english ? "petition acceptance" : "信访受理"
        case .petitionHandling: return english ? "petition handling" : "信访办理"
        case .petitionReview: return english ? "review" : "复查"
        case .petitionReexamination: return english ? "re-examination" : "复核"
        case nil: return code
        }
    }

    public static func pauseReason(_ code: String, _ language: String) -> String {
        let english = language == "en"
        switch PauseReason(rawValue: code) {
        case .requesterMaterials: return english ? "awaiting your materials" : "等待您补充材料"
        case .appraisal: return english ? "awaiting an appraisal" : "等待第三方鉴定评估"
        case .courtProcedure: return english ? "awaiting a legal procedure" : "等待诉讼或仲裁程序"
        case .weather: return english ? "weather or force majeure" : "恶劣天气等不可抗力"
        case nil: return code
        }
    }

    public static func tier(_ code: String, _ language: String) -> String {
        let english = language == "en"
        switch Tier(rawValue: code) {
        case .grassroots: return english ? "grassroots" : "基层"
        case .organization: return english ? "member organisation" : "成员单位"
        case .joint: return english ? "joint centre" : "联合中心"
        case .beyond: return english ? "outside body" : "机制外"
        case nil: return code
        }
    }
}
