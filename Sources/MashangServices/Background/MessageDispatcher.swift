import Foundation
import Logging
import MashangCore
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends the outbox's messages to requesters (事事有回音) through the configured channels: claims what is due, holds
/// text messages back in quiet hours and over the day's cap, reads the phone from the ticket's sealed contact only
/// now, renders the template in the requester's language, and records what the provider said. A message without a
/// configured channel is kept as "not sent: no channel", never dropped. Logs name the message, never the number or text.
public struct MessageDispatcher: Service {
    public struct Report: Sendable, Equatable {
        public var sent = 0
        public var failed = 0
        public var dead = 0
        public var postponed = 0
        public var withheld = 0
        public init() {}
    }

    public let dependencies: AppDependencies
    /// The senders by channel; a channel without one withholds its messages.
    public let senders: [MessageChannel: any MessageSender]
    public let rules: DeliveryRules
    /// The address residents open (links in messages), without a trailing slash.
    public let publicURL: String
    public let interval: Duration
    public let logger: Logger
    /// How long a claimed message is left to this node before another may try it. A stale claim is harmless: only a
    /// message still pending can be marked sending, so two nodes never hand the same message over.
    public static let lease: TimeInterval = 30
    /// How long a message handed to the gateway may stay without an answer recorded before it counts as lost mid-send.
    public static let sendingLease: TimeInterval = 30

    public init(
        dependencies: AppDependencies, senders: [any MessageSender], rules: DeliveryRules = DeliveryRules(), publicURL: String,
        interval: Duration = .seconds(5), logger: Logger = Logger(label: "mashang.messages")
    ) {
        self.dependencies = dependencies
        self.senders = Dictionary(senders.map { ($0.channel, $0) }, uniquingKeysWith: { first, _ in first })
        self.rules = rules
        self.publicURL = publicURL
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await PeriodicWork.run(every: interval, logger: logger, name: "message delivery") {
            while try await deliverOnce().claimed > 0 {}
        }
    }

    /// One batch: every due message claimed now, handled one after another.
    @discardableResult
    public func deliverOnce(limit: Int = 20) async throws -> (claimed: Int, report: Report) {
        let outbox = dependencies.stores.outbox
        let now = dependencies.clock()
        let unknown = try await outbox.expireInFlight(at: now)
        if unknown > 0 { logger.warning("messages left mid-send by a stopped node are dead-lettered", metadata: ["count": "\(unknown)"]) }
        let due = try await outbox.claimDue(at: now, lease: Self.lease, limit: limit)
        var report = Report()
        for entry in due { try await deliver(entry, now: now, report: &report) }
        return (due.count, report)
    }

    private func deliver(_ entry: OutboxEntry, now: Date, report: inout Report) async throws {
        let outbox = dependencies.stores.outbox
        let message = entry.message
        guard let sender = senders[message.channel] else {
            try await outbox.withhold(entry.id, reason: .noChannel)
            report.withheld += 1
            return
        }
        guard let ticket = try await dependencies.stores.tickets.ticket(number: message.ticket), let phone = ticket.state.requester.phone
        else {
            try await outbox.withhold(entry.id, reason: .noAddress)
            report.withheld += 1
            return
        }
        let earliest = rules.earliest(message.channel, urgent: message.urgent, at: now)
        if earliest > now {
            try await outbox.postpone(entry.id, until: earliest)
            report.postponed += 1
            return
        }
        if message.channel == .sms, !message.urgent,
            try await outbox.sentToSamePhone(asTicket: message.ticket, since: ChinaTime.calendar.startOfDay(for: now)) >= rules.dailyCap
        {
            try await outbox.postpone(entry.id, until: rules.nextDay(after: now))
            report.postponed += 1
            return
        }
        var values = values(of: message, ticket: ticket.state)
        if message.purpose == .replied {
            values["rateURL"] = publicURL + "/r/" + (try await RatingLinks.issue(for: entry, in: outbox, at: now))
        }
        let template = DefaultTemplates.template(message.purpose, message.language)
        let rendered = RenderedMessage(
            outboxID: entry.id, purpose: message.purpose, address: phone, text: try template.render(values), values: values,
            language: message.language)
        // The gateway's answer is awaited at most `ProviderHTTP.timeout`; the mark outlives it.
        guard try await outbox.markSending(entry.id, until: now.addingTimeInterval(Self.sendingLease)) else { return }
        do {
            let providerID = try await sender.send(rendered)
            try await outbox.markSent(entry.id, providerID: providerID, at: dependencies.clock())
            report.sent += 1
        } catch {
            let retry = rules.retry(afterAttempts: entry.attempts + 1, at: dependencies.clock())
            try await outbox.markFailed(entry.id, error: Self.recordable(error), retryAt: retry)
            if retry == nil { report.dead += 1 } else { report.failed += 1 }
            logger.warning(
                "message not sent",
                metadata: ["outbox": "\(entry.id)", "purpose": "\(message.purpose.rawValue)", "final": "\(retry == nil)"])
        }
    }

    /// What is kept of a failure: a channel's own description, or only the error's kind (never its text, which for a
    /// network error can hold the request's address and the number in it).
    public static func recordable(_ error: any Error) -> String {
        if let failure = error as? any DeliveryFailure { return failure.safeDescription }
        if let urlError = error as? URLError { return "network error \(urlError.code.rawValue)" }
        return "delivery failed: \(type(of: error))"
    }

    /// The template's values: the event's own, with codes turned into names in the message's language, and what the
    /// ticket holds now (its number and tracking code; links to follow it).
    func values(of message: OutboundMessage, ticket: TicketState) -> [String: String] {
        var values = message.variables
        let english = message.language == "en"
        let data = dependencies.reference.snapshot.data
        if let code = values["organization"], let organization = data.organization(code) {
            values["organization"] = english ? organization.nameEn : organization.name
        }
        values["number"] = ticket.number
        values["code"] = ticket.trackingCode ?? ""
        values["trackURL"] = publicURL + "/track?number=" + ticket.number
        return values
    }
}
