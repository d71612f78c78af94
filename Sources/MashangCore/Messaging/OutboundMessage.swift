import Foundation

/// A message to send, as the event that causes it leaves it in the outbox: what to say (purpose and the variables only
/// the event knows), to whom, by which channel. The recipient's number is not in it: it is read from the ticket's
/// sealed contact at send time, and the ticket's number and tracking code from the ticket.
public struct OutboundMessage: Codable, Sendable, Equatable {
    public var purpose: MessagePurpose
    public var channel: MessageChannel
    public var ticket: String
    /// The event that caused it; with the purpose and the channel, what makes it unique (sent once per event and channel).
    public var eventSequence: Int
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
        language: String = "zh-Hans", urgent: Bool = false, withheld: OutboxEntry.Withheld? = nil
    ) {
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
    public var deduplicationKey: String { "\(ticket)#\(eventSequence)#\(purpose.rawValue)#\(channel.rawValue)" }
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
        default:
            return []
        }
        let consent = after.contactConsent
        var message = OutboundMessage(
            purpose: purpose, channel: .sms, ticket: after.number, eventSequence: event.sequence, variables: variables,
            language: consent?.language ?? "zh-Hans")
        if after.requester.phone == nil {
            message.withheld = .noAddress
        } else if consent?.sms != true {
            message.withheld = .noConsent
        }
        return [message]
    }
}
