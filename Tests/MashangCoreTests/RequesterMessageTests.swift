import Foundation
import MashangCore
import MashangTesting
import Testing

/// 事事有回音: the messages each event owes the requester, and when a message may go out.
@Suite struct RequesterMessageTests {
    static func consenting(_ sms: Bool = true, language: String = "zh-Hans", phone: String? = "13812345678") -> TicketState {
        var draft = Fixtures.draft()
        draft.requester.phone = phone
        draft.contactConsent = ContactConsent(sms: sms, language: language)
        return Fixtures.receivedTicket(draft)
    }

    /// Every message the script's events owe, in order.
    static func messages(_ script: TicketScript) -> [OutboundMessage] {
        var state: TicketState?
        var messages: [OutboundMessage] = []
        for event in script.events {
            if let current = state {
                var next = current
                next.apply(event)
                messages += RequesterMessages.of(event, before: current, after: next)
                state = next
            } else if case .created(let created) = event.change {
                let first = TicketState(created: created, at: event.occurredAt)
                messages += RequesterMessages.of(event, before: nil, after: first)
                state = first
            }
        }
        return messages
    }

    @Test func theRequesterHearsOfReceiptDispatchReplyAndClosing() throws {
        var script = TicketScript(Self.consenting())
        try script.run(
            .dispatch(organization: "guanghua-street", department: "gh-construction", assisting: [], note: nil),
            as: Fixtures.jointDispatcher)
        try script.run(.acknowledge, as: Fixtures.governmentDispatcher)
        try script.run(.contact(method: .phone, note: "已联系"), as: Fixtures.governmentDispatcher)
        try script.run(.reply(text: "已安排维修", contactMethod: .phone), as: Fixtures.governmentDispatcher)
        try script.run(.followUp(satisfaction: .satisfied, note: nil), as: Fixtures.jointIntake)
        let messages = Self.messages(script)
        #expect(messages.map(\.purpose) == [.received, .dispatched, .replied, .closed])
        #expect(messages.allSatisfy { $0.channel == .sms && $0.withheld == nil && $0.ticket == script.state.number })
        #expect(messages[1].variables == ["organization": "guanghua-street"])
        // One per event: the key names the event, so a retried write cannot owe it twice.
        #expect(Set(messages.map(\.deduplicationKey)).count == 4)
        #expect(messages[0].deduplicationKey == "MS-2026-000001#1#received#sms")
    }

    @Test func rejectionReopeningAndAGrantedExtensionAreTold() throws {
        var rejected = TicketScript(Self.consenting(language: "en"))
        try rejected.run(.reject(reason: "不属于受理范围"), as: Fixtures.jointDispatcher)
        let refusal = try #require(Self.messages(rejected).last)
        #expect(refusal.purpose == .rejected && refusal.variables["reason"] == "不属于受理范围" && refusal.language == "en")

        var script = try TicketScript.at(.closed)
        try script.run(.reopen(reason: "群众再次反映"), as: Fixtures.jointSupervisor)
        #expect(Self.messages(script).last?.purpose == .reopened)
        #expect(Self.messages(script).last?.variables["reason"] == "群众再次反映")
    }

    @Test func withoutConsentOrAPhoneTheMessageIsKeptButWithheld() throws {
        #expect(Self.messages(TicketScript(Self.consenting(false))).map(\.withheld) == [.noConsent])
        // Tickets from before consent was asked are not texted either.
        #expect(Self.messages(TicketScript(Fixtures.receivedTicket())).map(\.withheld) == [.noConsent])
        #expect(Self.messages(TicketScript(Self.consenting(phone: nil))).map(\.withheld) == [.noAddress])
    }

    @Test func aSecondDispatchToTheSameOrganisationIsNotToldAgain() throws {
        var script = TicketScript(Self.consenting())
        try script.run(
            .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), as: Fixtures.jointDispatcher)
        try script.run(.sendBack(reason: .notOurJurisdiction, note: "不属于本单位"), as: Fixtures.governmentDispatcher)
        try script.run(
            .dispatch(organization: "jianghan-oilfield", department: nil, assisting: [], note: nil), as: Fixtures.jointDispatcher)
        let dispatches = Self.messages(script).filter { $0.purpose == .dispatched }
        #expect(dispatches.map { $0.variables["organization"] } == ["guanghua-street", "jianghan-oilfield"])
    }

    // MARK: - When

    static func china(_ text: String) -> Date {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        formatter.timeZone = ChinaTime.timeZone
        return formatter.date(from: text)!
    }

    @Test func noTextMessageInQuietHoursUnlessUrgent() {
        let rules = DeliveryRules()
        #expect(rules.earliest(.sms, urgent: false, at: Self.china("2026-12-03 21:59")) == Self.china("2026-12-03 21:59"))
        #expect(rules.earliest(.sms, urgent: false, at: Self.china("2026-12-03 22:00")) == Self.china("2026-12-04 08:00"))
        #expect(rules.earliest(.sms, urgent: false, at: Self.china("2026-12-04 07:59")) == Self.china("2026-12-04 08:00"))
        #expect(rules.earliest(.sms, urgent: false, at: Self.china("2026-12-04 08:00")) == Self.china("2026-12-04 08:00"))
        #expect(rules.earliest(.sms, urgent: true, at: Self.china("2026-12-03 23:30")) == Self.china("2026-12-03 23:30"))
        #expect(rules.earliest(.email, urgent: false, at: Self.china("2026-12-03 23:30")) == Self.china("2026-12-03 23:30"))
        #expect(rules.nextDay(after: Self.china("2026-12-31 12:00")) == Self.china("2027-01-01 08:00"))
    }

    @Test func failuresAreRetriedLaterAndLaterThenDeadLettered() {
        let rules = DeliveryRules(), now = Self.china("2026-12-03 10:00")
        #expect(rules.retry(afterAttempts: 1, at: now) == now.addingTimeInterval(60))
        #expect(rules.retry(afterAttempts: 5, at: now) == now.addingTimeInterval(21_600))
        #expect(rules.retry(afterAttempts: 6, at: now) == nil)
    }

    // MARK: - Templates

    @Test func everyDefaultTemplateRendersWithItsPurposesVariables() throws {
        for purpose in MessagePurpose.allCases {
            for language in DefaultTemplates.languages {
                let template = try DefaultTemplates.template(purpose, language).validated()
                let values = Dictionary(uniqueKeysWithValues: purpose.variables.map { ($0, "<\($0)>") })
                let text = try template.render(values)
                #expect(!text.contains("{") && !text.contains("}"), "\(purpose) \(language)")
                for name in purpose.variables where try template.placeholders.contains(name) { #expect(text.contains("<\(name)>")) }
                #expect(text.count <= MessageTemplate.maximumLength)
            }
        }
        #expect(try DefaultTemplates.template(.received, "zh-Hans").placeholders == ["number", "code", "trackURL"])
    }

    @Test func aTemplateThatCouldNotBeRenderedIsRefused() {
        func problem(_ text: String, _ purpose: MessagePurpose = .dispatched) -> MessageTemplate.Problem? {
            do {
                _ = try MessageTemplate(purpose: purpose, language: "zh-Hans", text: text).validated()
                return nil
            } catch {
                return error.problem
            }
        }
        #expect(problem("您的诉求{number}已转交{organization}办理。") == nil)
        #expect(problem("您的诉求{number}的查询码是{code}") == .unknownVariable("code"))
        #expect(problem("您的诉求{number") == .unclosedBrace)
        #expect(problem("   ") == .empty)
        #expect(problem(String(repeating: "字", count: 211)) == .tooLong)
    }
}
