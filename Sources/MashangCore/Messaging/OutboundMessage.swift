import Foundation

/// Who receives a message. Never the address itself: that is read at send time from where it is kept sealed (the
/// ticket's contact, the staff account's chosen channel, the booking).
public enum MessageRecipient: Sendable, Equatable, Hashable {
    /// The requester of the message's ticket.
    case requester
    /// A staff account, by username.
    case staff(String)
    /// The resident of a legal reception day booking, by its id.
    case booking(Int64)

    /// As stored: `requester`, `staff:<username>`, `booking:<id>`.
    public var key: String {
        switch self {
        case .requester: "requester"
        case .staff(let username): "staff:" + username
        case .booking(let id): "booking:\(id)"
        }
    }

    public init?(key: String) {
        if key == "requester" {
            self = .requester
        } else if key.hasPrefix("staff:"), key.count > 6 {
            self = .staff(String(key.dropFirst(6)))
        } else if key.hasPrefix("booking:"), let id = Int64(key.dropFirst(8)) {
            self = .booking(id)
        } else {
            return nil
        }
    }
}

extension MessageRecipient: Codable {
    public init(from decoder: any Decoder) throws {
        let key = try decoder.singleValueContainer().decode(String.self)
        guard let recipient = MessageRecipient(key: key) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "recipient \(key)"))
        }
        self = recipient
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(key)
    }
}

/// A message to send, as the event that causes it leaves it in the outbox: what to say (purpose and the variables only
/// the event knows), to whom, by which channel. The recipient's address is not in it: it is read at send time from
/// where it is kept sealed, and the ticket's number and tracking code from the ticket.
public struct OutboundMessage: Codable, Sendable, Equatable {
    public var purpose: MessagePurpose
    public var channel: MessageChannel
    /// The ticket it is about; empty for messages about no ticket (a report due, a reception day).
    public var ticket: String
    /// The event that caused it (0 for reminders, which no ticket event causes); with the purpose, the channel, the
    /// recipient and the occasion, what makes it unique (sent once per event and channel).
    public var eventSequence: Int
    public var recipient: MessageRecipient
    /// What else tells this message from another of the same purpose to the same recipient: the reminded task and day,
    /// the report's month, the notification's id. Empty for requesters' messages, whose event says it all.
    public var occasion: String
    public var variables: [String: String]
    /// `zh-Hans` or `en`.
    public var language: String
    /// Sent in quiet hours too.
    public var urgent: Bool
    /// Why it will not be sent, when that is known as it is written: the requester did not agree to text messages (or
    /// was not asked, before consent was recorded), or gave no phone. It is still kept and shown.
    public var withheld: OutboxEntry.Withheld?

    public init(
        purpose: MessagePurpose, channel: MessageChannel, ticket: String, eventSequence: Int, variables: [String: String] = [:],
        language: String = "zh-Hans", urgent: Bool = false, withheld: OutboxEntry.Withheld? = nil,
        recipient: MessageRecipient = .requester, occasion: String = ""
    ) {
        self.recipient = recipient
        self.occasion = occasion
        self.purpose = purpose
        self.channel = channel
        self.ticket = ticket
        self.eventSequence = eventSequence
        self.variables = variables
        self.language = language
        self.urgent = urgent
        self.withheld = withheld
    }

    /// The key the outbox keeps unique, so that an event replayed or retried never sends twice.
    public var deduplicationKey: String {
        let base = "\(ticket)#\(eventSequence)#\(purpose.rawValue)#\(channel.rawValue)"
        return recipient == .requester && occasion.isEmpty ? base : base + "#\(recipient.key)#\(occasion)"
    }
}

/// The messages one ticket event owes its requester (事事有回音), from the ticket's state before and after it.
public enum RequesterMessages {
    public static func of(_ event: TicketEvent, before: TicketState?, after: TicketState) -> [OutboundMessage] {
        let purpose: MessagePurpose
        var variables: [String: String] = [:]
        switch event.change {
        case .created:
            purpose = .received
        case .dispatched(let dispatch):
            // Only the first dispatch away from the intake, and each later change of the organisation in charge.
            guard before?.leadOrganization != dispatch.organization else { return [] }
            purpose = .dispatched
            variables["organization"] = dispatch.organization
        case .replied, .answeredAtSource:
            purpose = .replied
            variables["organization"] = after.leadOrganization
        case .rejected(let rejection):
            purpose = .rejected
            variables["reason"] = rejection.reason
        case .answered, .followedUp, .closedUnrated:
            guard after.status == .closed, before?.status != .closed else { return [] }
            purpose = .closed
        case .reopened(let reopening):
            purpose = .reopened
            variables["reason"] = reopening.reason
        case .extensionDecided(let decision):
            guard decision.approved else { return [] }
            purpose = .extensionGranted
            variables["until"] = decision.until
        case .pauseDecided(let decision):
            guard decision.approved else { return [] }
            purpose = .paused
            // Told as its category, in the requester's language: the unit's note is not for them.
            variables["reason"] = MessageLabels.pauseReason(decision.reason.rawValue, after.contactConsent?.language ?? "zh-Hans")
            variables["resumeOn"] = decision.resumeOn
        case .resumed:
            purpose = .resumed
        case .referred(let referral):
            purpose = .referred
            variables["body"] = referral.body
            variables["contact"] = referral.contact ?? "—"
        default:
            return []
        }
        let consent = after.contactConsent
        // A requester who came through WeChat (an OpenID given) is told there; others by text message.
        var message = OutboundMessage(
            purpose: purpose, channel: after.requester.wechat == nil ? .sms : .wechat, ticket: after.number,
            eventSequence: event.sequence, variables: variables, language: consent?.language ?? "zh-Hans")
        if after.requester.phone == nil && after.requester.wechat == nil {
            message.withheld = .noAddress
        } else if consent?.sms != true {
            message.withheld = .noConsent
        }
        return [message]
    }
}
