import Foundation
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import Synchronization
import Testing

/// A channel that keeps what it was given, or refuses everything.
final class RecordingSender: MessageSender {
    let channel: MessageChannel
    private let state = Mutex((sent: [RenderedMessage](), failing: false))

    init(channel: MessageChannel = .sms) { self.channel = channel }

    var sent: [RenderedMessage] { state.withLock { $0.sent } }
    func fail(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func send(_ message: RenderedMessage) async throws -> String? {
        try state.withLock { state in
            if state.failing { throw Refused() }
            state.sent.append(message)
            return "gw-\(state.sent.count)"
        }
    }

    struct Refused: DeliveryFailure, CustomStringConvertible {
        var description: String { "gateway said 503" }
        var safeDescription: String { description }
    }
}

/// An error whose text carries a phone number, as a network error's URL can.
struct Leaky: Error, CustomStringConvertible {
    var description: String { "could not reach https://dysmsapi.aliyuncs.com/?PhoneNumbers=13812345678" }
}

/// 事事有回音 end to end below the web: what the dispatcher sends, when it holds back, and what it keeps.
struct MessageDispatcherTests {
    static func create(_ web: WebClient, phone: String = "13812345678", consent: Bool = true, language: String = "zh-Hans") async throws
        -> String
    {
        var draft = Fixtures.draft(channel: .qr)
        draft.requester.phone = phone
        draft.contactConsent = ContactConsent(sms: consent, language: language)
        return try await web.database.tickets.create(draft, by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: nil)
            .ticket.state.number
    }

    static func dispatcher(_ web: WebClient, _ clock: MovableClock, senders: [any MessageSender]) async throws -> MessageDispatcher {
        let dependencies = try await AppDependencies.load(stores: web.database.stores, clock: { clock.now })
        return MessageDispatcher(dependencies: dependencies, senders: senders, publicURL: "https://mashang.example.cn")
    }

    @Test func theRequesterGetsTheNumberTheCodeAndWhoHasIt() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let sender = RecordingSender()
            let dispatcher = try await Self.dispatcher(web, clock, senders: [sender])
            let number = try await Self.create(web)
            _ = try await web.database.tickets.apply(
                to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: Fixtures.now
            ) {
                state, _ in
                try TicketLifecycle.decide(
                    .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: state,
                    by: Fixtures.jointDispatcher, context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
            }
            let (claimed, report) = try await dispatcher.deliverOnce()
            #expect(claimed == 2 && report.sent == 2)
            let texts = sender.sent.map(\.text)
            #expect(
                texts == [
                    "您的诉求已受理，编号\(number)，查询码ABCD2345。查看进度：https://mashang.example.cn/track?number=\(number)",
                    "您的诉求\(number)已转交广华街道办事处办理。",
                ])
            #expect(sender.sent.allSatisfy { $0.address == "13812345678" })
            #expect(sender.sent[0].values["code"] == "ABCD2345" && sender.sent[0].purpose == .received)
            let kept = try await web.database.outbox.messages(ofTicket: number)
            #expect(kept.map(\.status) == [.sent, .sent] && kept.map(\.attempts) == [1, 1])
            // Nothing is sent twice.
            #expect(try await dispatcher.deliverOnce().claimed == 0)
            #expect(sender.sent.count == 2)
        }
    }

    @Test func englishRequestersReadEnglish() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let sender = RecordingSender()
            let number = try await Self.create(web, language: "en")
            try await Self.dispatcher(web, clock, senders: [sender]).deliverOnce()
            #expect(
                sender.sent.map(\.text) == [
                    "Your request \(number) has been received. Tracking code ABCD2345. Progress: https://mashang.example.cn/track?number=\(number)"
                ])
        }
    }

    @Test func withoutAChannelOrConsentNothingIsSentAndNothingIsLost() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let unconfigured = try await Self.dispatcher(web, clock, senders: [])
            let number = try await Self.create(web)
            let refused = try await Self.create(web, consent: false)
            #expect(try await unconfigured.deliverOnce().report.withheld == 1)
            #expect(try await web.database.outbox.messages(ofTicket: number).map(\.withheld) == [.noChannel])
            #expect(try await web.database.outbox.messages(ofTicket: refused).map(\.withheld) == [.noConsent])
            // Once a channel is configured, an administrator sends it again; the one without consent stays unsent.
            let sender = RecordingSender()
            let configured = try await Self.dispatcher(web, clock, senders: [sender])
            let kept = try #require(try await web.database.outbox.messages(ofTicket: number).first)
            #expect(try await web.database.outbox.resend(kept.id, at: clock.now))
            let refusedEntry = try #require(try await web.database.outbox.messages(ofTicket: refused).first)
            #expect(try await !web.database.outbox.resend(refusedEntry.id, at: clock.now))
            try await configured.deliverOnce()
            #expect(sender.sent.count == 1 && sender.sent.first?.address == "13812345678")
        }
    }

    @Test func quietHoursAndTheDailyCapHoldMessagesBack() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let sender = RecordingSender()
            let dispatcher = try await Self.dispatcher(web, clock, senders: [sender])
            let number = try await Self.create(web)
            // 23:00 China time: nothing goes out until 08:00.
            let start = ChinaTime.calendar.startOfDay(for: Fixtures.now)
            clock.advance(start.addingTimeInterval(23 * 3600).timeIntervalSince(Fixtures.now))
            #expect(try await dispatcher.deliverOnce().report.postponed == 1)
            #expect(sender.sent.isEmpty)
            let waiting = try #require(try await web.database.outbox.messages(ofTicket: number).first)
            #expect(waiting.status == .pending && waiting.attempts == 0)
            #expect(waiting.nextAttemptAt == start.addingTimeInterval(32 * 3600))
            clock.advance(9 * 3600)  // 08:00
            #expect(try await dispatcher.deliverOnce().report.sent == 1)

            // Five text messages to one phone in a day; the sixth waits for the next morning.
            for _ in 0..<5 { _ = try await Self.create(web) }
            let report = try await dispatcher.deliverOnce().report
            #expect(report.sent == 4 && report.postponed == 1)
            #expect(sender.sent.count == 5)
            // Another person's phone is not held back by it.
            _ = try await Self.create(web, phone: "13900001111")
            #expect(try await dispatcher.deliverOnce().report.sent == 1)
        }
    }

    @Test func aRefusingGatewayIsTriedAgainThenTheMessageIsDeadLettered() async throws {
        let clock = MovableClock()
        try await WebHarness.run(clock: { clock.now }) { web in
            let sender = RecordingSender()
            sender.fail(true)
            let dispatcher = try await Self.dispatcher(web, clock, senders: [sender])
            let number = try await Self.create(web)
            var outcomes: [String] = []
            for delay in DeliveryRules().retryDelays + [0] {
                let report = try await dispatcher.deliverOnce().report
                outcomes.append(report.dead == 1 ? "dead" : report.failed == 1 ? "failed" : "none")
                clock.advance(delay)
            }
            #expect(outcomes == ["failed", "failed", "failed", "failed", "failed", "dead"])
            let dead = try #require(try await web.database.outbox.messages(ofTicket: number).first)
            #expect(dead.status == .dead && dead.attempts == 6 && dead.lastError == "gateway said 503")
            // Resent by an administrator, it goes when the gateway is back.
            #expect(MessageDispatcher.recordable(Leaky()) == "delivery failed: Leaky")
            sender.fail(false)
            #expect(try await web.database.outbox.resend(dead.id, at: clock.now))
            #expect(try await dispatcher.deliverOnce().report.sent == 1)
        }
    }
}
