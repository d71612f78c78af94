/// A message ready for its channel: the address (decrypted only now), the rendered text, and the purpose and values
/// the SMS clouds need (they send templates registered with the carriers, filled with the values, not free text).
public struct RenderedMessage: Sendable, Equatable {
    public var outboxID: Int64
    public var purpose: MessagePurpose
    public var address: String
    public var text: String
    public var values: [String: String]
    public var language: String

    public init(outboxID: Int64, purpose: MessagePurpose, address: String, text: String, values: [String: String], language: String) {
        self.outboxID = outboxID
        self.purpose = purpose
        self.address = address
        self.text = text
        self.values = values
        self.language = language
    }
}

/// A failure a channel describes without personal data (a provider's code and message), so that it may be kept with
/// the message and shown to administrators. Other errors are recorded by their kind only: a network error's text can
/// carry the request's address, and with it the phone number.
public protocol DeliveryFailure: Error {
    var safeDescription: String { get }
}

/// One channel's way out (an SMS cloud, WeChat, SMTP). Returns the provider's message id when it gives one; throws
/// when the provider refused or could not be reached (the outbox tries again later).
public protocol MessageSender: Sendable {
    var channel: MessageChannel { get }
    func send(_ message: RenderedMessage) async throws -> String?
}
