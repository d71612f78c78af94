import Foundation
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// Messages to staff and to residents with a reception booking, on both databases: alerts written with the
/// notification to those who chose a channel, reminders unique by occasion, reception day notices written with the
/// change, staff addresses sealed, and administrators' templates.
extension StoreConformance {
    static let messageRecipientCases: [StoreCase] = [
        StoreCase(name: "staff alerts are written with the notification to those who chose a channel", run: staffAlertsWritten),
        StoreCase(name: "reminders are written once per occasion", run: remindersOncePerOccasion),
        StoreCase(name: "moving the reception day writes its notices with the change", run: receptionNoticesWritten),
        StoreCase(name: "edited templates are kept, and restored to the default", run: editedTemplatesKept),
    ]

    static func account(_ database: MashangDatabase, _ username: String, _ organization: String, _ role: Role, department: String? = nil)
        async throws
    {
        _ = try await database.accounts.createAccount(
            username: username, passwordHash: "x", displayName: username, organization: organization, role: role, department: department)
    }

    static func staffAlertsWritten(_ database: MashangDatabase) async throws {
        let settings = database.messageSettings
        try await account(database, "gh-disp", "guanghua-street", .dispatcher)
        try await account(database, "joint-sup", "joint", .supervisor)
        try await account(database, "gh-handler", "guanghua-street", .handler, department: "gh-construction")
        try await account(database, "gone", "joint", .supervisor)
        try await database.accounts.setActive(username: "gone", active: false)
        try await settings.setStaffContact(username: "gh-disp", StaffContact(channel: .sms, address: "13900001111"), at: Fixtures.now)
        try await settings.setStaffContact(
            username: "joint-sup", StaffContact(channel: .email, address: "sup@example.cn", language: "en"), at: Fixtures.now)
        try await settings.setStaffContact(username: "gh-handler", StaffContact(channel: .sms, address: "13900002222"), at: Fixtures.now)
        try await settings.setStaffContact(username: "gone", StaffContact(channel: .sms, address: "13900003333"), at: Fixtures.now)
        #expect(try await settings.subscribers().map(\.username) == ["gh-disp", "gh-handler", "joint-sup"])
        #expect(
            try await settings.staffContact(username: "joint-sup")
                == StaffContact(channel: .email, address: "sup@example.cn", language: "en"))
        // The address is sealed in the table.
        let raw = try await database.backend.read { sql in
            try await sql.raw("SELECT address FROM staff_contacts").all().map { try $0.decode(column: "address", as: String.self) }
        }
        #expect(raw.count == 4 && raw.allSatisfy { $0.hasPrefix("enc1:") && !$0.contains("139") && !$0.contains("@") })

        let number = try await database.tickets.create(
            consentingDraft(), by: Fixtures.jointIntake.eventActor, at: Fixtures.now, idempotencyKey: nil
        ).ticket.state.number
        let context = DecisionContext(reference: Fixtures.reference, now: Fixtures.now)
        for (command, actor) in [
            (TicketCommand.dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), Fixtures.jointDispatcher),
            (.escalate(note: "协调不动"), Fixtures.jointSupervisor),
        ] {
            _ = try await database.tickets.apply(to: number, mergeTarget: nil, by: actor.eventActor, at: Fixtures.now) { state, _ in
                try TicketLifecycle.decide(command, on: state, by: actor, context: context)
            }
        }
        let staff = try await database.outbox.messages(ofTicket: number).filter { $0.message.recipient != .requester }
        #expect(staff.map(\.message.recipient) == [.staff("gh-disp"), .staff("joint-sup")])
        #expect(staff.map(\.message.channel) == [.sms, .email])
        #expect(staff.allSatisfy { $0.message.purpose == .escalated && $0.status == .pending && $0.message.variables["tier"] != nil })
        #expect(staff[1].message.language == "en")

        // Turned off: nothing more for that person.
        try await settings.setStaffContact(username: "gh-disp", nil, at: Fixtures.now)
        #expect(try await settings.staffContact(username: "gh-disp") == nil)
        #expect(try await settings.subscribers().map(\.username) == ["gh-handler", "joint-sup"])
    }

    static func remindersOncePerOccasion(_ database: MashangDatabase) async throws {
        let subscribers = [
            StaffSubscriber(
                username: "oil-disp", organization: "jianghan-oilfield", role: .dispatcher, department: nil, channel: .sms,
                language: "zh-Hans")
        ]
        let february = StaffAlerts.sentimentReportDue(
            organization: "jianghan-oilfield", month: "2026-02", due: ChinaDay(year: 2026, month: 3, day: 5), subscribers: subscribers)
        #expect(try await database.outbox.enqueue(february, at: Fixtures.now) == 1)
        // Every node plans every few minutes: the same reminder is owed once.
        #expect(try await database.outbox.enqueue(february, at: Fixtures.now.addingTimeInterval(600)) == 0)
        let march = StaffAlerts.sentimentReportDue(
            organization: "jianghan-oilfield", month: "2026-03", due: ChinaDay(year: 2026, month: 4, day: 5), subscribers: subscribers)
        #expect(try await database.outbox.enqueue(march, at: Fixtures.now) == 1)
        let kept = try await database.outbox.recent(status: nil, limit: 10)
        #expect(kept.map(\.message.occasion) == ["2026-03", "2026-02"])
        #expect(kept.allSatisfy { $0.message.recipient == .staff("oil-disp") && $0.message.ticket.isEmpty })
    }

    static func receptionNoticesWritten(_ database: MashangDatabase) async throws {
        let slot = try await database.reception.addSlot(
            ReceptionSlot(
                id: 0, month: "2026-03", judge: "张法官", organization: "court", starts: "09:00", ends: "11:30", place: "联合接待大厅",
                capacity: 5, booked: 0))
        let kept = try await database.reception.book(
            slot: slot.id, name: "王华", phone: "13812345678", topic: "劳动合同", code: "ABCD2345", at: Fixtures.now)
        let withdrawn = try await database.reception.book(
            slot: slot.id, name: "李明", phone: "13812345679", topic: "工伤", code: "ABCD2346", at: Fixtures.now)
        try await database.reception.setStatus(withdrawn.id, to: .cancelled, from: [.booked], at: Fixtures.now)
        let before = ChinaDay(year: 2026, month: 3, day: 20), after = ChinaDay(year: 2026, month: 3, day: 24)
        try await database.reception.setOverride(month: "2026-03", .moved(after), by: "admin", at: Fixtures.now) { bookings in
            ReceptionMessages.notices(month: "2026-03", before: before, after: after, bookings: bookings)
        }
        let notices = try await database.outbox.recent(status: nil, limit: 10)
        #expect(notices.map(\.message.recipient) == [.booking(kept.id)])
        #expect(notices.first?.message.purpose == .legalDayMoved && notices.first?.message.variables["day"] == "2026-03-24")
        #expect(try await database.reception.override(month: "2026-03") == .moved(after))
    }

    static func editedTemplatesKept(_ database: MashangDatabase) async throws {
        let settings = database.messageSettings
        try await settings.saveTemplate(purpose: .received, language: "zh-Hans", text: "已受理：{number}", by: "admin", at: Fixtures.now)
        try await settings.saveTemplate(
            purpose: .received, language: "zh-Hans", text: "已受理{number}，查询码{code}", by: "admin2", at: Fixtures.now)
        let edited = try await settings.editedTemplates()
        #expect(edited.map(\.template.text) == ["已受理{number}，查询码{code}"] && edited.first?.updatedBy == "admin2")
        try await settings.saveTemplate(purpose: .received, language: "zh-Hans", text: nil, by: "admin", at: Fixtures.now)
        #expect(try await settings.editedTemplates().isEmpty)
    }
}
