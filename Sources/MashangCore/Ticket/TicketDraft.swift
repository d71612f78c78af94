import Foundation

/// A validated request about to become a ticket; the store gives it a number.
public struct TicketDraft: Codable, Sendable, Equatable {
    public var channel: Channel
    public var kind: TicketKind
    public var category: String
    public var area: String
    public var intakePoint: String?
    public var urgency: Urgency
    public var description: String
    public var requester: Requester
    /// Public intake only: the code the requester tracks the ticket with.
    public var trackingCode: String?
    /// The organisation that holds the ticket until it is dispatched (the intake desk's, or the joint centre).
    public var holder: String
    /// What the dispatch rules suggest; nil when no rule matched and the joint centre must triage.
    public var suggestedOrganization: String?
    public var suggestedDepartment: String?
    /// Whether the requester agreed to text messages about the request (nil: not asked, as before consent was recorded).
    public var contactConsent: ContactConsent?
    /// The coordinates the request came with, if any; its area is the one holding them.
    public var location: TicketLocation?
    /// The version of the privacy notice (`PrivacyNotice`) the requester was shown (nil: not known).
    public var privacyNotice: String?

    public init(
        channel: Channel, kind: TicketKind, category: String, area: String, intakePoint: String?,
        urgency: Urgency, description: String, requester: Requester, trackingCode: String?,
        holder: String, suggestedOrganization: String?, suggestedDepartment: String?, contactConsent: ContactConsent? = nil,
        location: TicketLocation? = nil, privacyNotice: String? = nil
    ) {
        self.privacyNotice = privacyNotice
        self.channel = channel
        self.kind = kind
        self.category = category
        self.area = area
        self.intakePoint = intakePoint
        self.urgency = urgency
        self.description = description
        self.requester = requester
        self.trackingCode = trackingCode
        self.holder = holder
        self.suggestedOrganization = suggestedOrganization
        self.suggestedDepartment = suggestedDepartment
        self.contactConsent = contactConsent
        self.location = location
    }
}
