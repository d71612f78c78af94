import Foundation
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// The behaviour every database must show. Each case gets a fresh, migrated, empty database.
enum StoreConformance {
    static let cases: [StoreCase] = [
        StoreCase(name: "creation numbers the ticket and records its creation event", run: creationNumbersAndRecords),
        StoreCase(name: "numbers run per China calendar year", run: numbersRunPerYear),
        StoreCase(name: "an idempotency key creates one ticket, even when submitted concurrently", run: idempotency),
        StoreCase(name: "concurrent creations all commit with distinct numbers", run: concurrentCreations),
        StoreCase(name: "an action appends one event and updates the projection", run: actionAppendsAndProjects),
        StoreCase(name: "a refused action writes nothing", run: refusedActionWritesNothing),
        StoreCase(name: "random action sequences keep the projection equal to the folded history", run: randomSequences),
        StoreCase(name: "list filters, scopes and Chinese text search agree with the data", run: listFilters),
        StoreCase(name: "pages are ordered newest first and counted", run: pagination),
        StoreCase(name: "list rows show tickets as they are now; a remembered row is used only at its version", run: rememberedListRows),
        StoreCase(name: "a ticket is found by number and tracking code only", run: trackingLookup),
        StoreCase(name: "photos are stored with the ticket and read back byte for byte", run: photosTravelWithTheTicket),
        StoreCase(name: "accounts and tokens", run: accountsAndTokens),
        StoreCase(name: "reference data and rules round-trip", run: referenceRoundTrip),
        StoreCase(name: "migrating again applies nothing", run: migratingAgain),
        StoreCase(name: "what an organisation dispatched is its sent list, also for tickets dispatched before the upgrade", run: sentList),
        StoreCase(name: "the audit log appends and filters, newest first", run: auditLog),
        StoreCase(name: "a write that fails part-way leaves nothing while concurrent writes commit", run: failingWritesAmongOthers),
        StoreCase(name: "contacts are sealed at rest and only the data key opens them", run: contactsSealedAtRest),
        StoreCase(name: "the calendar: official holidays shipped, years replaced, office hours and time limits", run: calendarData),
        StoreCase(name: "contacts written in clear before encryption are sealed once, in place", run: legacyContactsSealed),
    ]

    static let actor = Fixtures.jointIntake.eventActor

    static func legacyContactsSealed(_ database: MashangDatabase) async throws {
        let created = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil)
        let number = created.ticket.state.number
        // What an older version wrote: the phone in clear in the creation event, no search hash, and no record that the
        // sealing task ran (opening this fresh database recorded it).
        var draft = Fixtures.draft()
        draft.requester = Requester(name: "王华", phone: "13812345678")
        let plain = String(decoding: try JSONEncoder().encode(TicketChange.created(.init(number: number, draft: draft))), as: UTF8.self)
        try await database.backend.write { database in
            try await database.raw("UPDATE ticket_events SET payload = \(bind: plain) WHERE sequence = 1").run()
            try await database.raw("UPDATE tickets SET requester_phone_hash = NULL").run()
            try await database.raw("DELETE FROM store_tasks").run()
        }
        #expect(try await database.tickets.ticket(number: number)?.state.requester.phone == "13812345678")  // still readable
        #expect(try await database.tickets.sealLegacyContacts() == 1)
        #expect(try await database.tickets.sealLegacyContacts() == 0)
        // Once finished, later starts do not scan again.
        let recorded = try await database.backend.read { database in
            try await database.raw("SELECT name FROM store_tasks").all().map { try $0.decode(column: "name", as: String.self) }
        }
        #expect(recorded == ["seal_legacy_contacts"])
        let payload = try await database.backend.read { database in
            try #require(try await database.raw("SELECT payload FROM ticket_events WHERE sequence = 1").first()).decode(
                column: "payload", as: String.self)
        }
        #expect(!payload.contains("13812345678") && payload.contains("enc1:"))
        #expect(try await database.tickets.ticket(number: number)?.state.requester.phone == "13812345678")
        let found = try await database.tickets.tickets(matching: TicketQuery(phoneDigest: Fixtures.cipher.phoneDigest("13812345678")))
        #expect(found.items.map(\.number) == [number])
    }

    static func calendarData(_ database: MashangDatabase) async throws {
        let calendar = database.calendar
        let shipped = try await calendar.holidayTable()
        #expect(shipped == OfficialHolidays.table)
        #expect(shipped.sources[2026]?.contains("2026") == true)
        let entries2027 = [
            HolidayTable.Entry(day: "2027-01-01", kind: .holiday, name: "元旦"),
            HolidayTable.Entry(day: "2027-02-06", kind: .workday, name: "春节"),
        ]
        try await calendar.replaceHolidays(year: 2027, entries: entries2027, source: "国务院办公厅通知(2026-11)")
        let withNextYear = try await calendar.holidayTable()
        #expect(withNextYear.entries.filter { $0.day.hasPrefix("2027") } == entries2027)
        #expect(withNextYear.entries.count == OfficialHolidays.entries.count + 2)
        #expect(withNextYear.uncoveredYears(2025...2027).isEmpty)
        try await calendar.replaceHolidays(year: 2025, entries: [], source: "")
        #expect(try await calendar.holidayTable().years == [2026, 2027])

        #expect(try await calendar.officeHours().isEmpty)
        let police = try WorkingHours(sessions: [.init(start: 0, end: 86_400)])
        try await calendar.setOfficeHours(police, organization: "qianjiang-traffic-police")
        #expect(try await calendar.officeHours() == ["qianjiang-traffic-police": police])
        try await calendar.setOfficeHours(nil, organization: "qianjiang-traffic-police")
        #expect(try await calendar.officeHours().isEmpty)

        let key = TimePolicy.Key(.complaint, .normal)
        #expect(try await calendar.timePolicy().limits(.complaint, .normal) == TimePolicy.defaultLimits(.complaint, .normal))
        let tighter = try TimeLimits(signForHours: 4, firstContactHours: 8, resolveDays: 3, warnShare: 0.75)
        try await calendar.setTimeLimits(tighter, for: key)
        #expect(try await calendar.timePolicy().limits(.complaint, .normal) == tighter)
        #expect(try await calendar.timePolicy().limits(.complaint, .urgent) == TimePolicy.defaultLimits(.complaint, .urgent))
        try await calendar.setTimeLimits(nil, for: key)
        #expect(try await calendar.timePolicy().overrides.isEmpty)
    }

    static func contactsSealedAtRest(_ database: MashangDatabase) async throws {
        var draft = Fixtures.draft()
        draft.requester = Requester(name: "王华", phone: "13812345678", idNumber: "11010519491231002X")
        let created = try await database.tickets.create(draft, by: actor, at: Fixtures.now, idempotencyKey: nil)
        let number = created.ticket.state.number
        let read = try #require(try await database.tickets.ticket(number: number))
        #expect(read.state.requester == draft.requester)
        let payload = try await database.backend.read { database in
            try #require(try await database.raw("SELECT payload FROM ticket_events").first()).decode(column: "payload", as: String.self)
        }
        #expect(!payload.contains("13812345678") && !payload.contains("11010519491231002X") && payload.contains("王华"))
        // The same rows under another key cannot be read, rather than being read wrongly.
        let otherKey = SQLTicketStore(backend: database.backend, cipher: try ContactCipher(base64: ContactCipher.generateKey()))
        await #expect(throws: UnreadableContact.self) { try await otherKey.ticket(number: number) }
        // Search by the keyed hash finds it; the hash of another phone does not.
        let byPhone = try await database.tickets.tickets(matching: TicketQuery(phoneDigest: Fixtures.cipher.phoneDigest("13812345678")))
        #expect(byPhone.items.map(\.number) == [number])
        #expect(
            try await database.tickets.tickets(matching: TicketQuery(phoneDigest: Fixtures.cipher.phoneDigest("13812345679"))).items.isEmpty
        )
    }

    static func creationNumbersAndRecords(_ database: MashangDatabase) async throws {
        let created = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil)
        #expect(created.created)
        #expect(created.ticket.state.number == "MS-2026-000001")
        #expect(created.ticket.state.status == .received)
        let read = try #require(try await database.tickets.ticket(number: "MS-2026-000001"))
        #expect(read == created.ticket)
        #expect(read.events.count == 1)
        #expect(read.events[0].actor == actor)
        #expect(try await database.tickets.ticket(number: "MS-2026-000002") == nil)
        // Coordinates travel in the creation event, to the digit, in the system they were given in.
        var placed = Fixtures.draft()
        placed.location = TicketLocation(point: GeoPoint(latitude: 30.418_123_456_7, longitude: 112.626_987_654_3), system: .gcj02)
        let second = try await database.tickets.create(placed, by: actor, at: Fixtures.now, idempotencyKey: nil)
        #expect(try await database.tickets.ticket(number: second.ticket.state.number)?.state.location == placed.location)
    }

    static func numbersRunPerYear(_ database: MashangDatabase) async throws {
        // 2025-12-31 23:30 and 2026-01-01 00:30 in China are both 2025-12-31 in UTC.
        let lastNight = ChinaTime.day("2025-12-31")!.addingTimeInterval(23.5 * 3600)
        let newYear = lastNight.addingTimeInterval(3600)
        var numbers: [String] = []
        for date in [lastNight, lastNight, newYear, newYear] {
            numbers.append(
                try await database.tickets.create(Fixtures.draft(), by: actor, at: date, idempotencyKey: nil).ticket.state.number)
        }
        #expect(numbers == ["MS-2025-000001", "MS-2025-000002", "MS-2026-000001", "MS-2026-000002"])
        // Imported tickets move their year's series past them (never back); new ones follow.
        let imported = try await database.tickets.create(Fixtures.draft(), by: actor, at: newYear, idempotencyKey: nil).ticket
        var renumbered = imported
        renumbered.state.number = "MS-2026-000500"
        renumbered.state.trackingCode = "RENUM500"
        var older = imported
        older.state.number = "MS-2026-000400"
        older.state.trackingCode = "OLDER400"
        try await database.tickets.importTickets([renumbered])
        try await database.tickets.importTickets([older])
        let after = try await database.tickets.create(Fixtures.draft(), by: actor, at: newYear, idempotencyKey: nil)
        #expect(after.ticket.state.number == "MS-2026-000501")
        let last = try await database.tickets.lastNumbers()
        #expect(last[2025] == 2 && last[2026] == 501)
        // A year before 2000 (an old import) is numbered too.
        let early = ChinaTime.day("1999-06-01")!
        let old = try await database.tickets.create(Fixtures.draft(), by: actor, at: early, idempotencyKey: nil)
        #expect(old.ticket.state.number == "MS-1999-000001")
        #expect(try await database.tickets.lastNumbers()[1999] == 1)
    }

    static func idempotency(_ database: MashangDatabase) async throws {
        let first = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: "public:k1")
        let again = try await database.tickets.create(
            Fixtures.draft(description: "另一段描述"), by: actor, at: Fixtures.now, idempotencyKey: "public:k1")
        #expect(first.created && !again.created)
        #expect(again.ticket == first.ticket)
        // A retry takes no number: the next ticket follows the first without a gap.
        let next = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil)
        #expect(next.ticket.state.number == TicketNumber.format(year: 2026, sequence: 2))
        let results = try await withThrowingTaskGroup(of: CreatedTicket.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: "public:k2")
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.filter(\.created).count == 1)
        // With a replay window, a key older than the window starts a new ticket and then replays that one.
        let windowed = try await database.tickets.create(
            Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: "form:w",
            replayWindow: 1800)
        let soon = try await database.tickets.create(
            Fixtures.draft(), by: actor, at: Fixtures.now.addingTimeInterval(1700),
            idempotencyKey: "form:w", replayWindow: 1800)
        let later = try await database.tickets.create(
            Fixtures.draft(), by: actor, at: Fixtures.now.addingTimeInterval(1900),
            idempotencyKey: "form:w", replayWindow: 1800)
        let laterAgain = try await database.tickets.create(
            Fixtures.draft(), by: actor, at: Fixtures.now.addingTimeInterval(1950),
            idempotencyKey: "form:w", replayWindow: 1800)
        #expect(!soon.created && soon.ticket.state.number == windowed.ticket.state.number)
        #expect(later.created && later.ticket.state.number != windowed.ticket.state.number)
        #expect(!laterAgain.created && laterAgain.ticket.state.number == later.ticket.state.number)
        #expect(Set(results.map(\.ticket.state.number)).count == 1)
        let page = try await database.tickets.tickets(matching: TicketQuery())
        #expect(page.total == 5)
    }

    static func concurrentCreations(_ database: MashangDatabase) async throws {
        let numbers = try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<100 {
                group.addTask {
                    try await database.tickets.create(
                        Fixtures.draft(description: "并发提交第\(index)件"), by: actor, at: Fixtures.now,
                        idempotencyKey: nil
                    ).ticket.state.number
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(numbers).count == 100)
        #expect(Set(numbers) == Set((1...100).map { TicketNumber.format(year: 2026, sequence: Int64($0)) }))
        let page = try await database.tickets.tickets(matching: TicketQuery(pageSize: 200))
        #expect(page.total == 100)
    }

    static func actionAppendsAndProjects(_ database: MashangDatabase) async throws {
        let number = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil).ticket.state
            .number
        let command = TicketCommand.dispatch(
            organization: "guanghua-street", department: "gh-construction",
            assisting: ["jianghan-oilfield"], note: nil)
        let later = Fixtures.now.addingTimeInterval(600)
        let updated = try await database.tickets.apply(to: number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: later) {
            state, _ in
            try TicketLifecycle.decide(
                command, on: state, by: Fixtures.jointDispatcher, context: DecisionContext(reference: Fixtures.reference, now: later))
        }
        #expect(updated.state.status == .dispatched)
        #expect(updated.events.map(\.sequence) == [1, 2])
        #expect(try await database.tickets.ticket(number: number) == updated)
        let government = try await database.tickets.tickets(matching: TicketQuery(scope: .organization("guanghua-street")))
        #expect(government.items.map(\.number) == [number])
        let assisting = try await database.tickets.tickets(matching: TicketQuery(scope: .organization("jianghan-oilfield")))
        #expect(assisting.items.map(\.status) == [.dispatched])
        let department = try await database.tickets.tickets(matching: TicketQuery(scope: .department("gh-construction")))
        #expect(department.total == 1)
        let joint = try await database.tickets.tickets(matching: TicketQuery(scope: .organization("joint")))
        #expect(joint.total == 0)
    }

    static func refusedActionWritesNothing(_ database: MashangDatabase) async throws {
        let created = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil).ticket
        await #expect(throws: LifecycleError.self) {
            try await database.tickets.apply(to: created.state.number, mergeTarget: nil, by: actor, at: Fixtures.now) { state, _ in
                try TicketLifecycle.decide(
                    .acknowledge, on: state, by: Fixtures.jointDispatcher,
                    context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
            }
        }
        await #expect(throws: TicketNotFound(number: "MS-2026-424242")) {
            try await database.tickets.apply(to: "MS-2026-424242", mergeTarget: nil, by: actor, at: Fixtures.now) { _, _ in .acknowledged }
        }
        #expect(try await database.tickets.ticket(number: created.state.number) == created)
    }

    /// Random commands by random actors, through the real policy and lifecycle; most are refused. Whatever happened,
    /// every stored ticket's state must equal the fold of its stored history, and its list row must match.
    static func randomSequences(_ database: MashangDatabase) async throws {
        var random = SeededRandom(seed: 42)
        var numbers: [String] = []
        for index in 0..<6 {
            let kind: TicketKind = index % 3 == 0 ? .consultation : .complaint
            numbers.append(
                try await database.tickets.create(Fixtures.draft(kind: kind), by: actor, at: Fixtures.now, idempotencyKey: nil).ticket.state
                    .number)
        }
        let organizations = ["joint", "guanghua-street", "jianghan-oilfield", "qianjiang-court"]
        var clock = Fixtures.now
        for _ in 0..<250 {
            clock = clock.addingTimeInterval(600)
            let number = numbers.randomElement(using: &random)!
            let other = numbers.randomElement(using: &random)!
            let organization = organizations.randomElement(using: &random)!
            let staff = Fixtures.actor(organization, [Role.dispatcher, .supervisor, .intake, .handler].randomElement(using: &random)!)
            let command = randomCommand(&random, other: other)
            let now = clock
            _ = try? await database.tickets.apply(to: number, mergeTarget: other, by: staff.eventActor, at: now) { state, target in
                try TicketPolicy.authorize(command, by: staff, on: state, reference: Fixtures.reference)
                return try TicketLifecycle.decide(
                    command, on: state, by: staff,
                    context: DecisionContext(reference: Fixtures.reference, now: now, mergeTarget: target))
            }
        }
        let rows = try await database.tickets.tickets(matching: TicketQuery(pageSize: 200)).items
        var eventCount = 0
        for number in numbers {
            let stored = try #require(try await database.tickets.ticket(number: number))
            #expect(TicketState.fold(stored.events) == stored.state)
            #expect(rows.first { $0.number == number } == TicketSummary(stored.state))
            eventCount += stored.events.count
        }
        #expect(eventCount > 6 + 10, "the random walk should have applied some actions")
    }

    static func randomCommand(_ random: inout SeededRandom, other: String) -> TicketCommand {
        let organization = ["guanghua-street", "jianghan-oilfield", "qianjiang-court"].randomElement(using: &random)!
        let department = Fixtures.reference.departments.first { $0.organization == organization }!.code
        switch Int.random(in: 0..<13, using: &random) {
        case 0, 1: return .dispatch(organization: organization, department: nil, assisting: [], note: nil)
        case 2: return .acknowledge
        case 3: return .sendBack(reason: .notOurJurisdiction, note: "不属于本单位")
        case 4: return .assign(department: department, handler: nil)
        case 5: return .addTask(title: "核实", department: department, responsiblePerson: "张伟", dueDate: "2027-01-01")
        case 6: return .completeTask(id: Int.random(in: 1...2, using: &random), result: "完成")
        case 7: return .reply(text: "已处理", contactMethod: .phone)
        case 8: return .followUp(satisfaction: Satisfaction.allCases.randomElement(using: &random)!, note: "回访记录")
        case 9: return .escalate(note: nil)
        case 10: return .merge(into: other)
        case 11: return .answer(text: "答复")
        default: return .reopen(reason: "再次反映")
        }
    }

    static func demoTickets(_ database: MashangDatabase, count: Int = 400) async throws -> [StoredTicket] {
        try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
        var generator = DemoTicketGenerator(reference: Fixtures.reference, rules: Fixtures.rules, seed: 99)
        let tickets = try generator.generate(count: count, from: ChinaTime.day("2025-06-01")!, to: Fixtures.now)
        // In transactions of 100, each well inside the store's write deadline while the whole suite shares two cores.
        for start in stride(from: 0, to: tickets.count, by: 100) {
            try await database.tickets.importTickets(Array(tickets[start..<min(start + 100, tickets.count)]))
        }
        return tickets
    }

    static func listFilters(_ database: MashangDatabase) async throws {
        let tickets = try await demoTickets(database).map(\.state)
        func check(_ query: TicketQuery, _ expected: (TicketState) -> Bool, _ label: String) async throws {
            var query = query
            query.pageSize = 200
            let page = try await database.tickets.tickets(matching: query)
            let matching = tickets.filter(expected)
            #expect(page.total == matching.count, "\(label): total")
            #expect(
                Set(page.items.map(\.number)) == Set(matching.sorted { $0.receivedAt > $1.receivedAt }.prefix(200).map(\.number)),
                "\(label): rows")
            // The last page of seven (a short page tells the total itself) and the empty page after it.
            let size = 7, last = max(1, (matching.count + size - 1) / size)
            for number in [last, last + 1] {
                var paged = query
                (paged.page, paged.pageSize) = (number, size)
                let found = try await database.tickets.tickets(matching: paged)
                #expect(found.total == matching.count, "\(label): total on page \(number)")
                #expect(found.items.count == (number == last ? matching.count - (last - 1) * size : 0), "\(label): rows on page \(number)")
            }
        }
        let reference = Fixtures.reference
        try await check(TicketQuery(statuses: [.closed, .rejected]), { [.closed, .rejected].contains($0.status) }, "status")
        try await check(TicketQuery(organization: "guanghua-street"), { $0.leadOrganization == "guanghua-street" }, "organization")
        try await check(
            TicketQuery(statuses: [.inProgress], organization: "guanghua-street"),
            { $0.leadOrganization == "guanghua-street" && $0.status == .inProgress }, "organization + status")
        try await check(
            TicketQuery(categories: reference.categoryTree.subtree(of: "housing")), { $0.category.hasPrefix("housing") }, "category subtree"
        )
        try await check(TicketQuery(areas: reference.areaTree.subtree(of: "jiangzuan")), { $0.area.hasPrefix("jiangzuan") }, "area subtree")
        try await check(TicketQuery(channel: .qr, kind: .complaint), { $0.channel == .qr && $0.kind == .complaint }, "channel + kind")
        try await check(TicketQuery(department: "gh-property"), { $0.department == "gh-property" }, "department")
        let from = ChinaTime.day("2025-10-01")!, before = ChinaTime.day("2025-11-01")!
        try await check(
            TicketQuery(receivedFrom: from, receivedBefore: before), { $0.receivedAt >= from && $0.receivedAt < before }, "dates")
        try await check(
            TicketQuery(scope: .organization("jianghan-oilfield")),
            { $0.leadOrganization == "jianghan-oilfield" || $0.assistingOrganizations.contains("jianghan-oilfield") }, "org scope")
        try await check(
            TicketQuery(scope: .department("gh-construction")),
            { $0.department == "gh-construction" || $0.tasks.contains { $0.department == "gh-construction" } }, "department scope")
        for text in ["漏水", "水", "物业收费", "电梯 老人", "屋顶防水层老化"] {
            let parts = text.split(separator: " ").map(String.init)
            try await check(TicketQuery(text: text), { ticket in parts.allSatisfy { ticket.description.contains($0) } }, "text \(text)")
        }
        let day = "2026-02-20", later = "2026-03-05"
        try await check(TicketQuery(due: .before(day)), { ($0.nextDue ?? "9999") < day }, "overdue")
        try await check(TicketQuery(due: .between(day, later)), { ($0.nextDue ?? "") >= day && ($0.nextDue ?? "") <= later }, "due soon")
        try await check(
            TicketQuery(statuses: [.inProgress], due: .noOpenTasks), { $0.status == .inProgress && $0.nextDue == nil }, "to reply")
        let some = tickets[17].number
        try await check(TicketQuery(text: some), { $0.number == some }, "number")
        try await check(TicketQuery(text: "不存在的内容"), { _ in false }, "no match")
    }

    static func rememberedListRows(_ database: MashangDatabase) async throws {
        let first = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil).ticket.state
        let second = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil).ticket.state
        let all = TicketQuery(oldestFirst: true)
        #expect(try await database.tickets.tickets(matching: all).items == [TicketSummary(first), TicketSummary(second)])
        // The ticket changes after its row was remembered: the list shows the change (and reads it twice alike).
        let later = Fixtures.now.addingTimeInterval(600)
        let dispatched = try await database.tickets.apply(
            to: first.number, mergeTarget: nil, by: Fixtures.jointDispatcher.eventActor, at: later
        ) { state, _ in
            try TicketLifecycle.decide(
                .dispatch(organization: "guanghua-street", department: "gh-construction", assisting: [], note: nil),
                on: state, by: Fixtures.jointDispatcher, context: DecisionContext(reference: Fixtures.reference, now: later))
        }.state
        for _ in 0..<2 {
            let items = try await database.tickets.tickets(matching: all).items
            #expect(items == [TicketSummary(dispatched), TicketSummary(second)])
            #expect(items.first?.status == .dispatched && items.first?.version == 2)
        }
        // What is remembered for a row at its current version is what the list shows, without reading the row again;
        // remembered for another version, it is not used.
        let rows = try await database.backend.read { database in
            try await database.raw("SELECT id, number FROM tickets").all().map {
                (try $0.decode(column: "number", as: String.self), Int64(try $0.decode(column: "id", as: Int.self)))
            }
        }
        let ids = Dictionary(uniqueKeysWithValues: rows)
        var marked = TicketSummary(second)
        marked.description = "remembered"
        database.caches.summaries.remember(marked, for: try #require(ids[second.number]), version: second.version)
        var stale = TicketSummary(dispatched)
        stale.description = "an older version"
        database.caches.summaries.remember(stale, for: try #require(ids[first.number]), version: 1)
        let items = try await database.tickets.tickets(matching: all).items
        #expect(items.map(\.description) == [dispatched.description, "remembered"])
    }

    static func pagination(_ database: MashangDatabase) async throws {
        let tickets = try await demoTickets(database, count: 130)
        let newestFirst = tickets.map(\.state).sorted { $0.receivedAt > $1.receivedAt }.map(\.number)
        var seen: [String] = []
        for page in 1...3 {
            let result = try await database.tickets.tickets(matching: TicketQuery(page: page, pageSize: 50))
            #expect(result.total == 130)
            #expect(!result.totalIsLowerBound)
            seen += result.items.map(\.number)
        }
        #expect(seen == newestFirst)
        let oldest = try await database.tickets.tickets(matching: TicketQuery(oldestFirst: true, pageSize: 5))
        #expect(oldest.items.map(\.number) == Array(newestFirst.reversed().prefix(5)))
        // New tickets continue the imported numbering.
        let next = try await database.tickets.create(Fixtures.draft(), by: actor, at: Fixtures.now, idempotencyKey: nil)
        #expect(!tickets.map(\.state.number).contains(next.ticket.state.number))
    }

    static func photosTravelWithTheTicket(_ database: MashangDatabase) async throws {
        let jpeg = Photo(contentType: "image/jpeg", bytes: [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 7, count: 3000))
        let png = Photo(contentType: "image/png", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 255])
        let number = try await database.tickets.create(
            Fixtures.draft(channel: .qr), by: .publicRequester, at: Fixtures.now,
            idempotencyKey: nil, replayWindow: nil, photos: [jpeg, png]
        ).ticket.state.number
        #expect(
            try await database.tickets.photos(ofTicket: number) == [
                PhotoInfo(position: 1, contentType: "image/jpeg", size: 3004),
                PhotoInfo(position: 2, contentType: "image/png", size: 10),
            ])
        #expect(try await database.tickets.photo(ofTicket: number, position: 2) == png)
        #expect(try await database.tickets.photo(ofTicket: number, position: 3) == nil)
        // Added later, after the last; all or none past the ticket's limit.
        let added = try await database.tickets.addPhotos([png, jpeg], toTicket: number)
        #expect(added.map(\.position) == [1, 2, 3, 4] && added[3].contentType == "image/jpeg")
        #expect(try await database.tickets.photo(ofTicket: number, position: 3) == png)
        _ = try await database.tickets.addPhotos(Array(repeating: png, count: Photo.maxPerTicket - 4), toTicket: number)
        await #expect(throws: ValidationError("photos", "tooMany")) {
            try await database.tickets.addPhotos([png], toTicket: number)
        }
        #expect(try await database.tickets.photos(ofTicket: number).count == Photo.maxPerTicket)
        await #expect(throws: AccessError.notFound) { try await database.tickets.addPhotos([png], toTicket: "MS-2026-999999") }
        // A public text is set, replaced and removed; tickets without one are absent.
        #expect(try await database.tickets.publicTexts(ofTickets: [number]).isEmpty)
        try await database.tickets.setPublicText("楼顶漏水", ofTicket: number, by: "joint.dispatcher", at: Fixtures.now)
        try await database.tickets.setPublicText("三栋楼顶漏水", ofTicket: number, by: "joint.dispatcher", at: Fixtures.now)
        #expect(try await database.tickets.publicTexts(ofTickets: [number, "MS-2026-999999"]) == [number: "三栋楼顶漏水"])
        try await database.tickets.setPublicText(nil, ofTicket: number, by: "joint.dispatcher", at: Fixtures.now)
        #expect(try await database.tickets.publicTexts(ofTickets: [number]).isEmpty)
    }

    static func trackingLookup(_ database: MashangDatabase) async throws {
        let ticket = try await database.tickets.create(
            Fixtures.draft(channel: .qr), by: .publicRequester, at: Fixtures.now, idempotencyKey: nil
        ).ticket
        let number = ticket.state.number
        #expect(try await database.tickets.ticket(number: number, trackingCode: "ABCD2345") == ticket)
        #expect(try await database.tickets.ticket(number: number, trackingCode: "WRONG234") == nil)
        #expect(try await database.tickets.ticket(number: number, trackingCode: "' OR '1'='1") == nil)
    }

    static func accountsAndTokens(_ database: MashangDatabase) async throws {
        let account = try await database.accounts.createAccount(
            username: "gh.handler", passwordHash: "hash", displayName: "张伟",
            organization: "guanghua-street", role: .handler, department: "gh-property")
        await #expect(throws: DuplicateAccount(username: "gh.handler")) {
            _ = try await database.accounts.createAccount(
                username: "gh.handler", passwordHash: "x", displayName: "x",
                organization: "joint", role: .admin, department: nil)
        }
        #expect(try await database.accounts.account(username: "gh.handler") == account)
        try await database.accounts.storeToken(
            digest: "d1", accountID: account.id, expiresAt: Fixtures.now.addingTimeInterval(3600), scope: .write)
        #expect(try await database.accounts.account(tokenDigest: "d1", at: Fixtures.now)?.account == account)
        #expect(try await database.accounts.account(tokenDigest: "d1", at: Fixtures.now)?.scope == .write)
        try await database.accounts.storeToken(
            digest: "r1", accountID: account.id, expiresAt: Fixtures.now.addingTimeInterval(3600), scope: .read)
        #expect(try await database.accounts.account(tokenDigest: "r1", at: Fixtures.now)?.scope == .read)
        #expect(try await database.accounts.account(tokenDigest: "d1", at: Fixtures.now.addingTimeInterval(3601)) == nil)
        #expect(try await database.accounts.account(tokenDigest: "d2", at: Fixtures.now) == nil)
        try await database.accounts.storeToken(
            digest: "d3", accountID: account.id, expiresAt: Fixtures.now.addingTimeInterval(3600), scope: .write)
        try await database.accounts.deleteToken(digest: "d3")
        #expect(try await database.accounts.account(tokenDigest: "d3", at: Fixtures.now) == nil)
        #expect(try await database.accounts.accounts().map(\.username) == ["gh.handler"])
        try await database.accounts.setActive(username: "gh.handler", active: false)
        #expect(try await database.accounts.account(tokenDigest: "d1", at: Fixtures.now) == nil)
        try await database.accounts.setActive(username: "gh.handler", active: true)

        // Failed sign-ins lock the account after the threshold, for a doubling time; success clears the count.
        for failure in 1..<LoginLockout.threshold {
            #expect(try await database.accounts.recordLoginFailure(username: "gh.handler", at: Fixtures.now) == nil, "\(failure)")
        }
        #expect(
            try await database.accounts.recordLoginFailure(username: "gh.handler", at: Fixtures.now) == Fixtures.now.addingTimeInterval(60))
        #expect(
            try await database.accounts.recordLoginFailure(username: "gh.handler", at: Fixtures.now) == Fixtures.now.addingTimeInterval(120)
        )
        let locked = try #require(try await database.accounts.account(username: "gh.handler"))
        #expect(locked.failedLogins == LoginLockout.threshold + 1 && locked.lockedUntil == Fixtures.now.addingTimeInterval(120))
        try await database.accounts.recordLoginSuccess(username: "gh.handler")
        #expect(try await database.accounts.account(username: "gh.handler") == account)
        #expect(try await database.accounts.recordLoginFailure(username: "nobody", at: Fixtures.now) == nil)

        let expiry = Fixtures.now.addingTimeInterval(600)
        try await database.accounts.storeSession(
            digest: "s1", accountID: account.id, csrfToken: "c1", at: Fixtures.now, expiresAt: expiry)
        #expect(
            try await database.accounts.session(digest: "s1", at: Fixtures.now)
                == StaffSession(account: account, csrfToken: "c1", expiresAt: expiry, lastSeenAt: Fixtures.now))
        try await database.accounts.touchSession(digest: "s1", at: Fixtures.now.addingTimeInterval(90))
        #expect(try await database.accounts.session(digest: "s1", at: Fixtures.now)?.lastSeenAt == Fixtures.now.addingTimeInterval(90))
        #expect(try await database.accounts.session(digest: "s1", at: expiry) == nil)
        try await database.accounts.deleteSession(digest: "s1")
        #expect(try await database.accounts.session(digest: "s1", at: Fixtures.now) == nil)
    }

    static func referenceRoundTrip(_ database: MashangDatabase) async throws {
        try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
        let read = try await database.reference.referenceData()
        #expect(read.organizations == Fixtures.reference.organizations)
        #expect(read.departments == Fixtures.reference.departments)
        #expect(read.categories == Fixtures.reference.categories)
        #expect(read.areas == Fixtures.reference.areas)
        #expect(read.intakePoints == Fixtures.reference.intakePoints)
        // Boundaries and locations come back exactly, so a point is placed the same after a reload.
        #expect(read.allAreas.allSatisfy { $0.boundary != nil } && read.allIntakePoints.allSatisfy { $0.location != nil })
        #expect(try await database.reference.dispatchRules() == DemoReference.rules)
        // Retired items travel with their day, and are found but not offered.
        let retired = try Fixtures.reference.editing(
            .departments, code: "jh-petition", .retire, name: nil, nameEn: nil, day: "2026-12-04",
            rules: DemoReference.rules)
        try await database.reference.replaceReferenceData(retired, rules: DemoReference.rules)
        let reread = try await database.reference.referenceData()
        #expect(reread.department("jh-petition")?.retiredOn == "2026-12-04")
        #expect(reread.allDepartments == retired.allDepartments && reread.departments == retired.departments)
        // Replacing is whole: a second load leaves one copy.
        try await database.reference.replaceReferenceData(Fixtures.reference, rules: DemoReference.rules)
        #expect(try await database.reference.referenceData().organizations.count == Fixtures.reference.organizations.count)
    }

    struct Deliberate: Error {}

    static func failingWritesAmongOthers(_ database: MashangDatabase) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<30 {
                group.addTask {
                    _ = try await database.tickets.create(
                        Fixtures.draft(description: "井盖破损第\(index)处"), by: actor,
                        at: Fixtures.now, idempotencyKey: nil)
                }
                group.addTask {
                    // Writes, then fails: on SQLite this job shares its batch with the creations above.
                    await #expect(throws: Deliberate.self) {
                        try await database.backend.write { sql in
                            try await sql.raw("INSERT INTO ticket_counters (year, last_value) VALUES (\(bind: 1900 + index), 1)").run()
                            throw Deliberate()
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let stray = try await database.backend.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM ticket_counters WHERE year < 2000").first()?.decode(column: "n", as: Int.self)
        }
        #expect(stray == 0)
        let found = try await database.tickets.tickets(matching: TicketQuery(text: "井盖破损", pageSize: 100))
        #expect(found.total == 30)
    }

    static func auditLog(_ database: MashangDatabase) async throws {
        let first = AuditEntry(
            at: Fixtures.now, actor: "gh.admin", organization: "guanghua-street", action: "user.add",
            subject: "gh.li", address: "10.0.0.1", detail: "handler")
        let second = AuditEntry(
            at: Fixtures.now.addingTimeInterval(60), actor: "nobody", organization: nil, action: "login.failure",
            subject: "nobody", address: "10.0.0.2")
        try await database.audit.append(first)
        try await database.audit.append(second)
        #expect(try await database.audit.entries(matching: AuditQuery()) == [second, first])
        #expect(try await database.audit.entries(matching: AuditQuery(action: "user.add")) == [first])
        #expect(try await database.audit.entries(matching: AuditQuery(actor: "nobody")) == [second])
        #expect(try await database.audit.entries(matching: AuditQuery(from: Fixtures.now.addingTimeInterval(1))) == [second])
    }

    static func sentList(_ database: MashangDatabase) async throws {
        let court = Fixtures.actor("qianjiang-court", .dispatcher)
        var draft = Fixtures.draft()
        draft.holder = court.organization
        let sent = try await database.tickets.create(draft, by: court.eventActor, at: Fixtures.now, idempotencyKey: nil).ticket.state.number
        let kept = try await database.tickets.create(draft, by: court.eventActor, at: Fixtures.now, idempotencyKey: nil).ticket.state.number
        _ = try await database.tickets.apply(to: sent, mergeTarget: nil, by: court.eventActor, at: Fixtures.now) { state, _ in
            try TicketLifecycle.decide(
                .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), on: state, by: court,
                context: DecisionContext(reference: Fixtures.reference, now: Fixtures.now))
        }
        func sentNumbers() async throws -> [String] {
            try await database.tickets.tickets(matching: TicketQuery(scope: .sentBy("qianjiang-court"))).items.map(\.number)
        }
        #expect(try await sentNumbers() == [sent])
        #expect(
            try await database.tickets.tickets(matching: TicketQuery(scope: .organization("qianjiang-court"))).items.map(\.number) == [kept]
        )
        // A database from before 0024 has no `sent:` parties: the migration derives them from the dispatch events.
        try await database.backend.write { database in
            try await database.raw("DELETE FROM ticket_parties WHERE party LIKE 'sent:%'").run()
            try await database.raw("DELETE FROM schema_migrations WHERE name = '0024_sent_by_organizations'").run()
        }
        #expect(try await sentNumbers() == [])
        #expect(try await Migrator(backend: database.backend).migrate() == ["0024_sent_by_organizations"])
        #expect(try await sentNumbers() == [sent])
    }

    static func migratingAgain(_ database: MashangDatabase) async throws {
        #expect(try await Migrator(backend: database.backend).migrate() == [])
    }
}
