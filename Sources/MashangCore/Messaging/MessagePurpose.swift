/// Why a message goes out: the event that causes it, which decides who receives it, its template and its variables.
public enum MessagePurpose: String, Codable, Sendable, CaseIterable {
    // To the requester (事事有回音).
    /// Received: the number and the tracking code.
    case received
    /// Dispatched: who has it now.
    case dispatched
    /// A reply, with the one-time link to rate it.
    case replied
    case closed
    /// Not taken up (不予受理), with the reason.
    case rejected
    case reopened
    /// A longer limit was granted: until when.
    case extensionGranted
    /// The clock was paused (中止计时): why, in a category, and the day work resumes at the latest.
    case paused
    /// The clock runs again after a pause.
    case resumed
    /// Referred beyond the mechanism: to whom, and how to reach them.
    case referred

    // To staff who chose SMS or e-mail, besides their inbox (the joint centre chases every unit).
    /// A task of theirs is due tomorrow.
    case taskDue
    /// Their unit's monthly sentiment report (员工思想动态快报) is due and not filed.
    case sentimentReportDue
    /// 督办单: a limit was missed.
    case supervisionNotice
    /// A ticket went up a tier.
    case escalated

    // To residents who booked the legal reception day.
    /// The day before their appointment.
    case legalDayReminder
    /// The month's day was moved to another date.
    case legalDayMoved
    /// The month's day was cancelled.
    case legalDayCancelled

    /// Who receives messages of this purpose.
    public var audience: Audience {
        switch self {
        case .received, .dispatched, .replied, .closed, .rejected, .reopened, .extensionGranted, .paused, .resumed, .referred: .requester
        case .taskDue, .sentimentReportDue, .supervisionNotice, .escalated: .staff
        case .legalDayReminder, .legalDayMoved, .legalDayCancelled: .resident
        }
    }

    public enum Audience: String, Sendable {
        /// The ticket's requester.
        case requester
        /// A staff account that chose a channel.
        case staff
        /// A resident with a legal reception day booking.
        case resident
    }

    /// The variables its template may use; a template naming any other is refused when saved.
    public var variables: [String] {
        switch self {
        case .received: ["number", "code", "trackURL"]
        case .dispatched: ["number", "organization"]
        case .replied: ["number", "organization", "rateURL"]
        case .closed: ["number"]
        case .rejected: ["number", "reason"]
        case .reopened: ["number", "reason"]
        case .extensionGranted: ["number", "until"]
        case .paused: ["number", "reason", "resumeOn"]
        case .resumed: ["number"]
        case .referred: ["number", "body", "contact"]
        case .taskDue: ["number", "task", "due"]
        case .sentimentReportDue: ["organization", "month", "due"]
        case .supervisionNotice: ["number", "organization", "deadline"]
        case .escalated: ["number", "tier"]
        case .legalDayReminder: ["day", "time", "place", "code"]
        case .legalDayMoved: ["day", "code"]
        case .legalDayCancelled: ["month", "code"]
        }
    }
}

/// How a message reaches its recipient.
public enum MessageChannel: String, Codable, Sendable, CaseIterable {
    case sms
    case wechat
    case email
}
