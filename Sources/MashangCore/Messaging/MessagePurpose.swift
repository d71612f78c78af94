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

    /// Who receives messages of this purpose.
    public var audience: Audience {
        switch self {
        case .received, .dispatched, .replied, .closed, .rejected, .reopened, .extensionGranted: .requester
        }
    }

    public enum Audience: String, Sendable {
        case requester
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
        }
    }
}

/// How a message reaches its recipient.
public enum MessageChannel: String, Codable, Sendable, CaseIterable {
    case sms
    case wechat
    case email
}
