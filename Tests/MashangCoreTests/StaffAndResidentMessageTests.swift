import Foundation
import MashangCore
import MashangTesting
import Testing

/// Messages beyond the requester: staff alerts by the channel each chose, and the legal reception day's residents.
@Suite struct StaffAndResidentMessageTests {
    static let subscribers = [
        StaffSubscriber(
            username: "gh-disp", organization: "guanghua-street", role: .dispatcher, department: nil, channel: .sms, language: "zh-Hans"),
        StaffSubscriber(
            username: "gh-handler", organization: "guanghua-street", role: .handler, department: "gh-construction", channel: .email,
            language: "en"),
        StaffSubscriber(
            username: "joint-sup", organization: "joint", role: .supervisor, department: nil, channel: .sms, language: "zh-Hans"),
        StaffSubscriber(
            username: "oil-disp", organization: "jianghan-oilfield", role: .dispatcher, department: nil, channel: .sms, language: "zh-Hans"),
    ]

    @Test func aSupervisionNoticeReachesTheUnitAndTheJointCentreByTheirChannels() {
        let notification = TicketNotification(
            kind: .overdue, ticket: "MS-2026-000007",
            audiences: [
                NotificationAudience.coordinators("guanghua-street"), NotificationAudience.supervisors("guanghua-street"),
                NotificationAudience.department("gh-construction"), NotificationAudience.supervisors("joint"),
            ], details: ["deadline": "resolve", "organization": "guanghua-street"])
        let messages = StaffAlerts.messages(for: notification, id: 41, subscribers: Self.subscribers)
        #expect(messages.map(\.recipient) == [.staff("gh-disp"), .staff("gh-handler"), .staff("joint-sup")])
        #expect(messages.map(\.channel) == [.sms, .email, .sms])
        #expect(messages.allSatisfy { $0.purpose == .supervisionNotice && $0.variables["deadline"] == "resolve" && $0.occasion == "n41" })
        #expect(messages[1].language == "en")
        // One per notification and person: the same notice written again owes nothing new.
        #expect(Set(messages.map(\.deduplicationKey)).count == 3)
        #expect(messages[0].deduplicationKey == "MS-2026-000007#0#supervisionNotice#sms#staff:gh-disp#n41")
    }

    @Test func onlySupervisionNoticesEscalationsAndTaskWarningsAlert() {
        let escalated = TicketNotification(
            kind: .escalated, ticket: "MS-2026-000007", audiences: [NotificationAudience.supervisors("joint")], details: ["tier": "joint"])
        #expect(StaffAlerts.messages(for: escalated, id: 1, subscribers: Self.subscribers).map(\.recipient) == [.staff("joint-sup")])
        for kind in TicketNotification.Kind.allCases where !StaffAlerts.alerting.contains(kind) {
            let other = TicketNotification(kind: kind, ticket: "MS-2026-000007", audiences: [NotificationAudience.supervisors("joint")])
            #expect(StaffAlerts.messages(for: other, id: 1, subscribers: Self.subscribers).isEmpty)
        }
    }

    @Test func aTaskDueTomorrowIsToldToItsDepartmentsHandlersOnly() {
        let audiences = [NotificationAudience.coordinators("guanghua-street"), NotificationAudience.department("gh-construction")]
        let warning = TicketNotification(
            kind: .dueSoon, ticket: "MS-2026-000009", audiences: audiences,
            details: ["deadline": "task", "task": "现场核查", "dueDate": "2026-03-03"])
        let messages = StaffAlerts.messages(for: warning, id: 12, subscribers: Self.subscribers)
        #expect(messages.map(\.recipient) == [.staff("gh-handler")])
        #expect(messages[0].purpose == .taskDue && messages[0].occasion == "n12")
        #expect(messages[0].variables == ["task": "现场核查", "due": "2026-03-03"])
        // Other limits' warnings stay in the inbox: the coordinators are told by the supervision notice if it is missed.
        let resolve = TicketNotification(kind: .dueSoon, ticket: "MS-2026-000009", audiences: audiences, details: ["deadline": "resolve"])
        #expect(StaffAlerts.messages(for: resolve, id: 13, subscribers: Self.subscribers).isEmpty)
    }

    @Test func aSentimentReportDueIsToldToTheUnitsCoordinators() {
        let messages = StaffAlerts.sentimentReportDue(
            organization: "jianghan-oilfield", month: "2026-02", due: ChinaDay(year: 2026, month: 3, day: 5), subscribers: Self.subscribers)
        #expect(messages.map(\.recipient) == [.staff("oil-disp")])
        #expect(messages[0].ticket.isEmpty && messages[0].occasion == "2026-02" && messages[0].variables["due"] == "2026-03-05")
    }

    static func booking(_ id: Int64, _ status: ReceptionBooking.Status = .booked) -> ReceptionBooking {
        ReceptionBooking(
            id: id, slot: 1, code: "ABCD234\(id)", name: "王华", phone: "13812345678", topic: "劳动合同", status: status, ticket: nil)
    }

    @Test func movingOrCancellingTheDayTellsEveryActiveBookingOnce() {
        let before = ChinaDay(year: 2026, month: 3, day: 20), after = ChinaDay(year: 2026, month: 3, day: 24)
        let bookings = [Self.booking(1), Self.booking(2, .cancelled), Self.booking(3)]
        let moved = ReceptionMessages.notices(month: "2026-03", before: before, after: after, bookings: bookings)
        #expect(moved.map(\.recipient) == [.booking(1), .booking(3)])
        #expect(moved.allSatisfy { $0.purpose == .legalDayMoved && $0.variables["day"] == "2026-03-24" && $0.channel == .sms })
        let cancelled = ReceptionMessages.notices(month: "2026-03", before: after, after: nil, bookings: bookings)
        #expect(cancelled.map(\.purpose) == [.legalDayCancelled, .legalDayCancelled])
        // Moved twice: a second notice for the new date; set back to the same day: none.
        let again = ReceptionMessages.notices(month: "2026-03", before: after, after: before, bookings: bookings)
        #expect(Set(again.map(\.deduplicationKey)).isDisjoint(with: moved.map(\.deduplicationKey)))
        #expect(ReceptionMessages.notices(month: "2026-03", before: before, after: before, bookings: bookings).isEmpty)
    }

    @Test func theReminderNamesTheSlotAndTheDay() {
        let slot = ReceptionSlot(
            id: 1, month: "2026-03", judge: "张法官", organization: "court", starts: "09:00", ends: "11:30", place: "联合接待大厅", capacity: 5,
            booked: 1)
        let reminder = ReceptionMessages.reminder(booking: Self.booking(1), slot: slot, day: ChinaDay(year: 2026, month: 3, day: 20))
        #expect(reminder.recipient == .booking(1) && reminder.purpose == .legalDayReminder)
        #expect(reminder.variables == ["day": "2026-03-20", "time": "09:00–11:30", "place": "联合接待大厅"])
        let text = try? DefaultTemplates.template(.legalDayReminder, "zh-Hans").render(
            reminder.variables.merging(["code": "ABCD2341"]) { a, _ in a })
        #expect(text == "提醒：您预约的企法联合接访日为明天2026-03-20 09:00–11:30，地点联合接待大厅，预约码ABCD2341。")
    }

    @Test func recipientsRoundTripThroughTheirStoredKey() {
        for recipient in [MessageRecipient.requester, .staff("gh-disp"), .booking(12)] {
            #expect(MessageRecipient(key: recipient.key) == recipient)
        }
        #expect(MessageRecipient(key: "staff:") == nil && MessageRecipient(key: "booking:x") == nil && MessageRecipient(key: "") == nil)
    }

    @Test func staffChooseAValidAddressForTheirChannel() throws {
        #expect(try StaffContact.validated(channel: "sms", phone: "138 1234 5678", email: nil, language: nil).address == "13812345678")
        #expect(
            try StaffContact.validated(channel: "email", phone: nil, email: " Li.Hua@Example.CN ", language: "en")
                == StaffContact(channel: .email, address: "Li.Hua@example.cn", language: "en"))
        #expect(throws: ValidationError("phone", "required")) {
            try StaffContact.validated(channel: "sms", phone: " ", email: nil, language: nil)
        }
        #expect(throws: ValidationError("phone", "invalid")) {
            try StaffContact.validated(channel: "sms", phone: "12345", email: nil, language: nil)
        }
        #expect(throws: ValidationError("email", "invalid")) {
            try StaffContact.validated(channel: "email", phone: nil, email: "a@b", language: nil)
        }
        #expect(throws: ValidationError("channel", "invalid")) {
            try StaffContact.validated(channel: "fax", phone: nil, email: nil, language: nil)
        }
        // Nothing that could break an SMTP command or header.
        for bad in ["a b@example.cn", "a@example.cn\r\nBcc: x@y.cn", "<a@example.cn>", "a@@example.cn", "a@.cn"] {
            #expect(EmailAddress.normalized(bad) == nil, "\(bad)")
        }
    }

    @Test func everyPurposesDefaultTextRendersInBothLanguages() throws {
        for purpose in MessagePurpose.allCases {
            for language in DefaultTemplates.languages {
                let template = try DefaultTemplates.template(purpose, language).validated()
                let text = try template.render(MessagePurpose.sampleValues(language, publicURL: "https://m.example.cn"))
                #expect(!text.contains("{") && !text.isEmpty, "\(purpose) \(language)")
            }
        }
    }
}
