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

    /// How many recipients of a batch are served at once: a gateway answers in tens to hundreds of milliseconds, and
    /// waiting for each message in turn bounded delivery to one message per round trip.
    public static let concurrentRecipients = 16

    /// One batch: every due message claimed now. Messages to one address go one after another, in the order they were
    /// written (a resident reads "received" before "dispatched", and the day's cap counts each); up to
    /// `concurrentRecipients` addresses are served at once.
    @discardableResult
    public func deliverOnce(limit: Int = 64) async throws -> (claimed: Int, report: Report) {
        let outbox = dependencies.stores.outbox
        let now = dependencies.clock()
        let unknown = try await outbox.expireInFlight(at: now)
        if unknown > 0 { logger.warning("messages left mid-send by a stopped node are dead-lettered", metadata: ["count": "\(unknown)"]) }
        var due = try await outbox.claimDue(at: now, lease: Self.lease, limit: limit)
        guard !due.isEmpty else { return (0, Report()) }
        // A requester who came through WeChat is texted where this deployment has no WeChat account configured.
        if senders[.wechat] == nil, senders[.sms] != nil {
            for index in due.indices where due[index].message.channel == .wechat && due[index].message.recipient == .requester {
                try await outbox.switchChannel(due[index].id, to: .sms)
                due[index].message.channel = .sms
            }
        }
        let templates = try await Templates.current(in: dependencies.stores.messageSettings)
        var report = Report()
        var lanes: [String: [Addressed]] = [:]
        var order: [String] = []
        // Addresses are read (and opened) for the whole batch at once, then messages grouped by address.
        let addressed = try await withThrowingTaskGroup(of: (Int, (String, [String: String])?).self) { group in
            for (index, entry) in due.enumerated() where senders[entry.message.channel] != nil {
                group.addTask { (index, try await recipient(of: entry.message)) }
            }
            var found: [Int: (String, [String: String])?] = [:]
            for try await (index, recipient) in group { found[index] = recipient }
            return found
        }
        for (index, entry) in due.enumerated() {
            guard senders[entry.message.channel] != nil else {
                try await outbox.withhold(entry.id, reason: .noChannel)
                report.count(.withheld)
                continue
            }
            guard let (address, values) = addressed[index] ?? nil else {
                try await outbox.withhold(entry.id, reason: .noAddress)
                report.count(.withheld)
                continue
            }
            let lane = entry.message.channel.rawValue + ":" + address
            if lanes[lane] == nil { order.append(lane) }
            lanes[lane, default: []].append(Addressed(entry: entry, address: address, values: values))
        }
        try await withThrowingTaskGroup(of: [Outcome].self) { group in
            var next = order.makeIterator()
            func start() {
                guard let lane = next.next(), let messages = lanes[lane] else { return }
                group.addTask {
                    var outcomes: [Outcome] = []
                    for message in messages { outcomes.append(try await deliver(message, now: now, templates: templates)) }
                    return outcomes
                }
            }
            for _ in 0..<Self.concurrentRecipients { start() }
            while let outcomes = try await group.next() {
                for outcome in outcomes { report.count(outcome) }
                start()
            }
        }
        return (due.count, report)
    }

    enum Outcome {
        case sent, failed, dead, postponed, withheld, skipped
    }

    /// A claimed message with its recipient's address (opened) and its template's values.
    struct Addressed: Sendable {
        var entry: OutboxEntry
        var address: String
        var values: [String: String]
    }

    private func deliver(_ addressed: Addressed, now: Date, templates: Templates) async throws -> Outcome {
        let outbox = dependencies.stores.outbox
        let entry = addressed.entry, message = entry.message
        guard let sender = senders[message.channel] else { return .skipped }
        var values = addressed.values
        let earliest = rules.earliest(message.channel, urgent: message.urgent, at: now)
        if earliest > now {
            try await outbox.postpone(entry.id, until: earliest)
            return .postponed
        }
        // The day's cap protects residents from a flood about their own requests; staff alerts are their work.
        if message.channel == .sms, !message.urgent, message.recipient == .requester,
            try await outbox.sentToSamePhone(asTicket: message.ticket, since: ChinaTime.calendar.startOfDay(for: now)) >= rules.dailyCap
        {
            try await outbox.postpone(entry.id, until: rules.nextDay(after: now))
            return .postponed
        }
        if message.purpose == .replied {
            values["rateURL"] = publicURL + "/r/" + (try await RatingLinks.issue(for: entry, in: outbox, at: now))
        }
        let rendered = RenderedMessage(
            outboxID: entry.id, purpose: message.purpose, address: addressed.address,
            text: try templates.template(message.purpose, message.language).render(values), values: values, language: message.language)
        // The gateway's answer is awaited at most `ProviderHTTP.timeout`; the mark outlives it.
        guard try await outbox.markSending(entry.id, until: now.addingTimeInterval(Self.sendingLease)) else { return .skipped }
        do {
            let providerID = try await sender.send(rendered)
            try await outbox.markSent(entry.id, providerID: providerID, at: dependencies.clock())
            return .sent
        } catch {
            let retry = rules.retry(afterAttempts: entry.attempts + 1, at: dependencies.clock())
            try await outbox.markFailed(entry.id, error: Self.recordable(error), retryAt: retry)
            logger.warning(
                "message not sent",
                metadata: ["outbox": "\(entry.id)", "purpose": "\(message.purpose.rawValue)", "final": "\(retry == nil)"])
            return retry == nil ? .dead : .failed
        }
    }

    /// The recipient's address for the message's channel (opened only now) and the template's values; nil when there
    /// is none (no phone, the staff member changed or removed the channel, the booking was cancelled).
    func recipient(of message: OutboundMessage) async throws -> (String, [String: String])? {
        let stores = dependencies.stores
        switch message.recipient {
        case .requester:
            guard let ticket = try await stores.tickets.ticket(number: message.ticket) else { return nil }
            let requester = ticket.state.requester
            guard let address = message.channel == .wechat ? requester.wechat : requester.phone else { return nil }
            return (address, values(of: message, ticket: ticket.state))
        case .staff(let username):
            guard let account = try await stores.accounts.account(username: username), account.active,
                let contact = try await stores.messageSettings.staffContact(username: username), contact.channel == message.channel
            else { return nil }
            var values = names(message.variables, language: message.language)
            if !message.ticket.isEmpty {
                values["number"] = message.ticket
                values["trackURL"] = publicURL + "/staff/tickets/" + message.ticket
            }
            return (contact.address, values)
        case .booking(let id):
            guard let (booking, _) = try await stores.reception.booking(id: id), booking.status == .booked else { return nil }
            var values = message.variables
            values["code"] = booking.code
            return (booking.phone, values)
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
        var values = names(message.variables, language: message.language)
        values["number"] = ticket.number
        values["code"] = ticket.trackingCode ?? ""
        values["trackURL"] = publicURL + "/track?number=" + ticket.number
        return values
    }

    /// Codes among the variables (an organisation, a limit, a tier) as names in `language`.
    func names(_ variables: [String: String], language: String) -> [String: String] {
        var values = variables
        let english = language == "en"
        let data = dependencies.reference.snapshot.data
        if let code = values["organization"], let organization = data.organization(code) {
            values["organization"] = english ? organization.nameEn : organization.name
        }
        if let code = values["deadline"] { values["deadline"] = MessageLabels.deadline(code, language) }
        if let code = values["tier"] { values["tier"] = MessageLabels.tier(code, language) }
        return values
    }
}

extension MessageDispatcher.Report {
    mutating func count(_ outcome: MessageDispatcher.Outcome) {
        switch outcome {
        case .sent: sent += 1
        case .failed: failed += 1
        case .dead: dead += 1
        case .postponed: postponed += 1
        case .withheld: withheld += 1
        case .skipped: break
        }
    }
}
