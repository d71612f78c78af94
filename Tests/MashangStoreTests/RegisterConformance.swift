import Foundation
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// The registers' store on both databases: a record's changes with their ticket notes happen whole or not at all,
/// personal fields are sealed at rest, one report per unit and month, and the legal reception day's capacity and
/// one-booking-per-phone rules hold; the mechanism's figures count what was written.
extension StoreConformance {
    static let registerCases: [StoreCase] = [
        StoreCase(name: "a mediation's changes are noted on its ticket, all or nothing", run: mediationChangesReachTheTicket),
        StoreCase(name: "register personal fields are sealed at rest and opened on reading", run: personalFieldsAreSealed),
        StoreCase(name: "one sentiment report per unit and month", run: oneReportPerUnitAndMonth),
        StoreCase(name: "reception day bookings respect capacity and one booking per phone", run: bookingsRespectCapacity),
        StoreCase(name: "the mechanism's figures count records, entries, bookings and law-related tickets", run: mechanismFiguresCount),
    ]

    static let mediator = Fixtures.actor("joint", .mediator)

    static func disputeTicket(_ database: MashangDatabase) async throws -> String {
        try await database.tickets.create(Fixtures.draft(kind: .dispute), by: mediator.eventActor, at: Fixtures.now, idempotencyKey: nil)
            .ticket.state.number
    }

    static func openMediation(_ database: MashangDatabase, ticket: String) async throws -> RegisterRecord {
        let opening = try RegisterEngine.open(
            .mediation, ["ticket": .text(ticket), "title": .text("漏水纠纷"), "summary": .text("楼上漏水")],
            by: mediator, reference: Fixtures.reference, today: ChinaDay(Fixtures.now), ticketOrganizations: ["joint"])
        return try await database.registers.create(
            .mediation, opening, by: mediator.eventActor, at: Fixtures.now,
            tickets: .init(numbers: [ticket], note: RegisterNote(register: "mediation", record: 0, what: "opened", lawRelated: true)))
    }

    static func mediationChangesReachTheTicket(_ database: MashangDatabase) async throws {
        let number = try await disputeTicket(database)
        let record = try await openMediation(database, ticket: number)
        var ticket = try #require(try await database.tickets.ticket(number: number))
        #expect(ticket.state.lawRelated)
        guard case .registerNoted(let note) = ticket.events.last?.change else { Issue.record("no note on the ticket"); return }
        #expect(note.what == "opened" && note.register == "mediation" && note.record == record.id)
        #expect(try await database.registers.records(linkedTo: number).map(\.id) == [record.id])

        // A change whose ticket note cannot be written (the ticket is gone from under it) leaves the record as it was.
        let versionBefore = record.version
        await #expect(throws: (any Error).self) {
            _ = try await database.registers.append(record.id, kind: .mediation, by: mediator.eventActor, at: Fixtures.now) { current in
                (
                    .entry, "session",
                    ["date": .text("2026-03-02"), "place": .text("调解室"), "attendees": .text("双方"), "minutes": .text("调解")],
                    current.status,
                    .init(numbers: ["MS-2026-999999"], note: RegisterNote(register: "mediation", record: current.id, what: "session"))
                )
            }
        }
        #expect(try await database.registers.record(record.id, kind: .mediation)?.version == versionBefore)
        // A refusal inside the decision writes nothing either.
        await #expect(throws: RegisterRefusal("missing", "party=side:applicant")) {
            _ = try await database.registers.append(record.id, kind: .mediation, by: mediator.eventActor, at: Fixtures.now) { current in
                let (fields, status) = try RegisterEngine.action(
                    "agree", ["terms": .text("赔偿"), "signedOn": .text("2026-03-02")], on: current,
                    reference: Fixtures.reference)
                return (.action, "agree", fields, status, nil)
            }
        }
        #expect(try await database.registers.record(record.id, kind: .mediation)?.version == versionBefore)
        // The record is not found under another register.
        #expect(try await database.registers.record(record.id, kind: .risk) == nil)

        let updated = try await database.registers.append(record.id, kind: .mediation, by: mediator.eventActor, at: Fixtures.now) {
            current in
            (
                .entry, "session", ["date": .text("2026-03-02"), "place": .text("调解室"), "attendees": .text("双方"), "minutes": .text("调解")],
                current.status,
                .init(numbers: [number], note: RegisterNote(register: "mediation", record: current.id, what: "session", lawRelated: true))
            )
        }
        #expect(updated.version == versionBefore + 1 && updated.entries("session").count == 1)
        ticket = try #require(try await database.tickets.ticket(number: number))
        #expect(ticket.events.filter { if case .registerNoted = $0.change { true } else { false } }.count == 2)
    }

    static func personalFieldsAreSealed(_ database: MashangDatabase) async throws {
        let helper = Fixtures.actor("jianghan-oilfield", .assistance)
        let opening = try RegisterEngine.open(
            .household,
            [
                "name": .text("刘桂兰"), "phone": .text("13797161001"), "address": .text("五七小区8栋2单元301"), "area": .text("jiangzuan-grid1"),
                "type": .text("elderlyAlone"), "consent": .text("yes"), "consentOn": .text("2026-03-01"),
            ], by: helper, reference: Fixtures.reference, today: ChinaDay(Fixtures.now))
        let record = try await database.registers.create(.household, opening, by: helper.eventActor, at: Fixtures.now)
        _ = try await database.registers.append(record.id, kind: .household, by: helper.eventActor, at: Fixtures.now) { current in
            (
                .entry, "visit",
                try RegisterEngine.entry(
                    "visit",
                    [
                        "date": .text("2026-03-02"), "visitors": .text("吴芳"), "persons": .number(2),
                        "findings": .text("良好"),
                    ], on: current, reference: Fixtures.reference), current.status, nil
            )
        }
        let stored = try await database.backend.read { db in
            let records = try await db.raw("SELECT fields, title FROM register_records").all()
                .map { try $0.decode(column: "fields", as: String.self) + (try $0.decode(column: "title", as: String.self)) }
            let events = try await db.raw("SELECT fields FROM register_events").all().map {
                try $0.decode(column: "fields", as: String.self)
            }
            return (records + events).joined(separator: "\n")
        }
        for secret in ["刘桂兰", "13797161001", "五七小区8栋"] { #expect(!stored.contains(secret), "\(secret) stored in clear") }
        #expect(stored.contains("elderlyAlone") && stored.contains("吴芳"))
        let read = try #require(try await database.registers.record(record.id, kind: .household))
        #expect(read.fields["name"] == .text("刘桂兰") && read.fields["phone"] == .text("13797161001"))
        #expect(read.entries("visit").first?.fields["persons"] == .number(2))
        let (listed, total) = try await database.registers.records(.household, organization: "jianghan-oilfield")
        #expect(total == 1 && listed.first?.fields["address"] == .text("五七小区8栋2单元301"))
        #expect(try await database.registers.records(.household, organization: "guanghua-street").total == 0)
    }

    static func oneReportPerUnitAndMonth(_ database: MashangDatabase) async throws {
        let unit = Fixtures.enterpriseDispatcher
        func file(_ month: String) async throws -> RegisterRecord {
            let opening = try RegisterEngine.open(
                .sentiment,
                [
                    "unit": .text("jianghan-oilfield"), "period": .text(month), "topics": .list(["wages"]),
                    "mood": .text("stable"), "reporter": .text("陈琳"),
                ],
                by: unit, reference: Fixtures.reference, today: ChinaDay(Fixtures.now))
            return try await database.registers.create(.sentiment, opening, by: unit.eventActor, at: Fixtures.now)
        }
        let first = try await file("2026-02")
        await #expect(throws: RegisterRefusal("duplicate")) { _ = try await file("2026-02") }
        _ = try await file("2026-01")
        let february = try await database.registers.records(.sentiment, organization: nil, fromDay: "2026-02-01", toDay: "2026-02-01")
        #expect(february.map(\.id) == [first.id])
    }

    static func bookingsRespectCapacity(_ database: MashangDatabase) async throws {
        let reception = database.reception
        let slot = try await reception.addSlot(
            ReceptionSlot(
                id: 0, month: "2026-03", judge: "孙法官", organization: "qianjiang-court",
                starts: "09:00", ends: "11:30", place: "接访室", capacity: 2, booked: 0))
        let first = try await reception.book(
            slot: slot.id, name: "林晓", phone: "13971602345", topic: "加班工资", code: "AAAA2345", at: Fixtures.now)
        await #expect(throws: ReceptionRefusal("duplicate")) {
            _ = try await reception.book(slot: slot.id, name: "林晓", phone: "13971602345", topic: "再约", code: "AAAA2346", at: Fixtures.now)
        }
        _ = try await reception.book(slot: slot.id, name: "王芳", phone: "13971602346", topic: "合同", code: "AAAA2347", at: Fixtures.now)
        await #expect(throws: ReceptionRefusal("full")) {
            _ = try await reception.book(slot: slot.id, name: "李娜", phone: "13971602347", topic: "继承", code: "AAAA2348", at: Fixtures.now)
        }
        // A cancellation frees the place; a cancelled booking cannot be cancelled again.
        try await reception.setStatus(first.id, to: .cancelled, from: [.booked], at: Fixtures.now)
        await #expect(throws: ReceptionRefusal("status")) {
            try await reception.setStatus(first.id, to: .cancelled, from: [.booked], at: Fixtures.now)
        }
        let third = try await reception.book(
            slot: slot.id, name: "李娜", phone: "13971602347", topic: "继承", code: "AAAA2348", at: Fixtures.now)
        #expect(try await reception.slots(month: "2026-03").first?.booked == 2)
        // Names and phones are sealed; the confirmation code finds the booking in clear.
        let raw = try await database.backend.read { db in
            try await db.raw("SELECT name, phone FROM reception_bookings").all().map {
                try $0.decode(column: "name", as: String.self) + (try $0.decode(column: "phone", as: String.self))
            }.joined()
        }
        #expect(!raw.contains("李娜") && !raw.contains("13971602347"))
        let (found, _) = try #require(try await reception.booking(code: "AAAA2348"))
        #expect(found.name == "李娜" && found.id == third.id)
        // A booked slot cannot be removed.
        await #expect(throws: ReceptionRefusal("status")) { try await reception.removeSlot(slot.id) }
        // Only an attended consultation gets a ticket.
        let number = try await disputeTicket(database)
        let note = RegisterNote(register: "legalDay", record: third.id, what: "consultation", lawRelated: true)
        await #expect(throws: ReceptionRefusal("status")) {
            try await reception.linkTicket(
                booking: third.id, number: number, note: note, organization: "qianjiang-court", by: mediator.eventActor, at: Fixtures.now)
        }
        try await reception.setStatus(third.id, to: .attended, from: [.booked], at: Fixtures.now)
        try await reception.linkTicket(
            booking: third.id, number: number, note: note, organization: "qianjiang-court", by: mediator.eventActor, at: Fixtures.now)
        #expect(try await database.tickets.ticket(number: number)?.state.lawRelated == true)
        #expect(try await reception.booking(code: "AAAA2348")?.0.ticket == number)
    }

    static func mechanismFiguresCount(_ database: MashangDatabase) async throws {
        let number = try await disputeTicket(database)
        let mediation = try await openMediation(database, ticket: number)
        for _ in 0..<2 {
            _ = try await database.registers.append(mediation.id, kind: .mediation, by: mediator.eventActor, at: Fixtures.now) { current in
                (
                    .entry, "session", ["date": .text("2026-03-02"), "place": .text("室"), "attendees": .text("双方"), "minutes": .text("…")],
                    current.status, nil
                )
            }
        }
        let helper = Fixtures.actor("jianghan-oilfield", .assistance)
        let household = try await database.registers.create(
            .household,
            try RegisterEngine.open(
                .household,
                [
                    "name": .text("刘桂兰"), "address": .text("五七小区"), "area": .text("jiangzuan-grid1"), "type": .text("elderlyAlone"),
                    "consent": .text("yes"), "consentOn": .text("2026-03-01"),
                ], by: helper, reference: Fixtures.reference, today: ChinaDay(Fixtures.now)),
            by: helper.eventActor, at: Fixtures.now)
        for (date, persons) in [("2026-02-10", 2), ("2026-03-01", 3)] {
            _ = try await database.registers.append(household.id, kind: .household, by: helper.eventActor, at: Fixtures.now) { current in
                (
                    .entry, "visit", ["date": .text(date), "visitors": .text("吴芳"), "persons": .number(persons), "findings": .text("好")],
                    current.status, nil
                )
            }
        }
        let all = try await database.mechanismFigures.counts(organization: nil, fromDay: nil, toDay: nil)
        #expect(all.records["mediation"] == 1 && all.records["mediation.open"] == 1 && all.records["household"] == 1)
        #expect(all.entries["mediation.session"] == 2)
        #expect(all.entries["household.visit"] == 2 && all.entries["household.visit.quantity"] == 5)
        #expect(all.lawRelated == 1)
        // A period counts entries by their own date.
        let march = try await database.mechanismFigures.counts(organization: nil, fromDay: "2026-03-01", toDay: "2026-03-31")
        #expect(march.entries["household.visit.quantity"] == 3)
        // An organisation sees its own records only.
        let street = try await database.mechanismFigures.counts(organization: "guanghua-street", fromDay: nil, toDay: nil)
        #expect(street.records["household"] == nil && street.entries["household.visit"] == nil)
    }
}
