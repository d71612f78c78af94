import Foundation
import MashangCore
import SQLKit

/// The registers' records and their histories. Every change is one write: the event, the record row, its linked
/// tickets and the note on those tickets' own histories happen together or not at all.
public struct SQLRegisterStore: RegisterStore {
    let backend: any SQLBackend
    let cipher: ContactCipher

    public init(backend: any SQLBackend, cipher: ContactCipher) {
        self.backend = backend
        self.cipher = cipher
    }

    public typealias TicketEffect = RegisterTicketEffect

    /// Opens a record (its ticket note gets the new record's number). A second record with the same unique key (one sentiment report per unit and month) is refused.
    public func create(
        _ kind: RegisterKind, _ opening: RegisterEngine.Opening, by actor: EventActor, at date: Date,
        tickets: TicketEffect? = nil
    ) async throws -> RegisterRecord {
        let flavor = backend.flavor, cipher = self.cipher
        let date = StoreTime.truncated(date)
        return try await backend.write { database in
            if let key = opening.uniqueKey,
                try await database.raw("SELECT id FROM register_records WHERE unique_key = \(bind: key)").first() != nil
            {
                throw RegisterRefusal("duplicate")
            }
            let schema = kind.schema
            let stored = try RegisterSealing.seal(opening.fields, specs: schema.fields, cipher: cipher)
            let title = opening.fields[schema.titleField]?.plain ?? ""
            let quantity = schema.quantityField.map { opening.fields[$0]?.number ?? 0 } ?? 1
            let row = try await database.raw(
                """
                INSERT INTO register_records (register, organization, parties, status, title, day, quantity, unique_key, fields, version,
                    created_at, updated_at)
                VALUES (\(bind: kind.rawValue), \(bind: opening.organization), \(bind: Self.partyList(opening.parties)),
                        \(bind: schema.initialStatus), \(bind: schema.field(schema.titleField)?.personal == true ? "" : title),
                        \(bind: opening.day), \(bind: quantity), \(bind: opening.uniqueKey), \(bind: stored), 1,
                        \(bind: StoreTime.milliseconds(date)), \(bind: StoreTime.milliseconds(date)))
                RETURNING id
                """
            ).first()
            guard let id = try row?.decode(column: "id", as: Int64.self) else { throw CorruptRow(column: "id", value: "") }
            let event = RegisterEvent(
                sequence: 1, kind: .created, name: "", fields: opening.fields, status: schema.initialStatus,
                actor: actor, occurredAt: date)
            try await Self.insert(event, recordID: id, kind: kind, day: opening.day, quantity: quantity, cipher: cipher, on: database)
            if var tickets {
                // The note names the record, whose number exists only now.
                tickets.note?.record = id
                try await Self.link(
                    tickets, recordID: id, organization: opening.organization, day: opening.day, by: actor, at: date,
                    flavor: flavor, cipher: cipher, on: database)
            }
            guard let record = try await Self.load(id: id, cipher: cipher, on: database) else {
                throw CorruptRow(column: "register_records", value: "\(id)")
            }
            return record
        }
    }

    /// Appends an event the closure decides from the record's present state (inside the write, with the row locked
    /// on PostgreSQL). The closure throws to refuse; nothing is written then.
    public func append(
        _ id: Int64, kind: RegisterKind, by actor: EventActor, at date: Date,
        decide: @escaping @Sendable (RegisterRecord) throws -> (RegisterEvent.Kind, String, RegisterFields, String, TicketEffect?)
    )
        async throws -> RegisterRecord
    {
        let flavor = backend.flavor, cipher = self.cipher
        let date = StoreTime.truncated(date)
        return try await backend.write { database in
            let lock: SQLQueryString = flavor == .postgres ? " FOR UPDATE" : ""
            guard
                try await database.raw(
                    "SELECT id FROM register_records WHERE id = \(bind: id) AND register = \(bind: kind.rawValue)\(lock)"
                )
                .first() != nil, let record = try await Self.load(id: id, cipher: cipher, on: database)
            else { throw AccessError.notFound }
            let (eventKind, name, fields, status, tickets) = try decide(record)
            let event = RegisterEvent(
                sequence: record.version + 1, kind: eventKind, name: name, fields: fields, status: status,
                actor: actor, occurredAt: date)
            var next = record
            next.apply(event)
            let day = Self.day(of: event, kind: kind)
            try await Self.insert(
                event, recordID: id, kind: kind, day: day, quantity: RegisterEngine.quantity(of: event, in: kind), cipher: cipher,
                on: database)
            let schema = kind.schema
            if eventKind == .action, schema.action(name)?.erasesPersonalData == true {
                next.fields = try await Self.erasePersonalData(of: record, schema: schema, cipher: cipher, on: database)
            }
            try await database.raw(
                """
                UPDATE register_records SET status = \(bind: next.status), version = \(bind: next.version),
                    fields = \(bind: try RegisterSealing.seal(next.fields, specs: schema.fields, cipher: cipher)),
                    quantity = \(bind: RegisterEngine.quantity(of: next)), updated_at = \(bind: StoreTime.milliseconds(date))
                WHERE id = \(bind: id)
                """
            ).run()
            if let tickets {
                try await Self.link(
                    tickets, recordID: id, organization: record.organization, day: day, by: actor, at: date,
                    flavor: flavor, cipher: cipher, on: database)
            }
            guard let saved = try await Self.load(id: id, cipher: cipher, on: database) else {
                throw CorruptRow(column: "register_records", value: "\(id)")
            }
            return saved
        }
    }

    public func record(_ id: Int64, kind: RegisterKind) async throws -> RegisterRecord? {
        let cipher = self.cipher
        return try await backend.read { database in
            guard let record = try await Self.load(id: id, cipher: cipher, on: database), record.kind == kind else { return nil }
            return record
        }
    }

    /// A page of records, newest first: of one organisation (as owner or party) or all, as the filter says.
    public func records(
        _ kind: RegisterKind, organization: String?, filter list: RegisterListFilter = RegisterListFilter(), limit: Int = 100,
        offset: Int = 0
    ) async throws -> (records: [RegisterRecord], total: Int) {
        let cipher = self.cipher
        return try await backend.read { database in
            var filter: SQLQueryString = "register = \(bind: kind.rawValue)"
            if let organization { filter = filter + " AND " + Self.hasParty(organization) }
            if !list.statuses.isEmpty { filter = filter + " AND status IN (\(binds: list.statuses))" }
            if let fromDay = list.fromDay { filter = filter + " AND day >= \(bind: fromDay)" }
            if let toDay = list.toDay { filter = filter + " AND day <= \(bind: toDay)" }
            let total =
                try await database.raw("SELECT COUNT(*) AS n FROM register_records WHERE \(filter)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let rows = try await database.raw(
                """
                SELECT * FROM register_records WHERE \(filter) ORDER BY id DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
                """
            ).all()
            return (try rows.map { try Self.summary($0, cipher: cipher) }, total)
        }
    }

    /// Records of a register whose day falls in `[from, to]` (`yyyy-MM-dd`), oldest first, for trend views.
    public func records(_ kind: RegisterKind, organization: String?, fromDay: String, toDay: String) async throws -> [RegisterRecord] {
        let cipher = self.cipher
        return try await backend.read { database in
            let only: SQLQueryString = organization.map { " AND " + Self.hasParty($0) } ?? ""
            return try await database.raw(
                """
                SELECT * FROM register_records WHERE register = \(bind: kind.rawValue) AND day >= \(bind: fromDay) AND day <= \(bind: toDay)\(only)
                ORDER BY day, id LIMIT 10000
                """
            ).all().map { try Self.summary($0, cipher: cipher) }
        }
    }

    /// Entries of one kind on the register's records that are not closed (of one organisation, or all), with their
    /// record: a risk's duty posts make today's roster.
    public func openEntries(_ kind: RegisterKind, entry name: String, organization: String?) async throws -> [(
        RegisterRecord, RegisterEvent
    )] {
        let cipher = self.cipher
        let closed = Array(kind.schema.closedStatuses)
        return try await backend.read { database in
            let only: SQLQueryString = organization.map { " AND " + Self.hasParty($0, table: "r.") } ?? ""
            let notClosed: SQLQueryString = closed.isEmpty ? "" : " AND r.status NOT IN (\(binds: closed))"
            // The record's columns and the entry's (aliased where their names meet) in one query.
            return try await database.raw(
                """
                SELECT r.*, \(unsafeRaw: Self.eventColumns("e")) FROM register_events e JOIN register_records r ON r.id = e.record_id
                WHERE r.register = \(bind: kind.rawValue) AND e.kind = 'entry' AND e.name = \(bind: name)\(notClosed)\(only)
                ORDER BY r.id, e.sequence LIMIT 2000
                """
            ).all().map { row in (try Self.summary(row, cipher: cipher), try Self.event(row, cipher: cipher)) }
        }
    }

    public typealias EntryRow = RegisterEntryRow

    /// The entries of one kind (sessions, inspections, visits…) counting on days in `[fromDay, toDay]` (nil: no bound),
    /// of one organisation's records (as owner or party) or all — what `SQLMechanismFigures` counts — newest first,
    /// with their number and their quantity summed.
    public func entries(
        _ kind: RegisterKind, entry name: String, organization: String?, fromDay: String?, toDay: String?,
        limit: Int, offset: Int
    ) async throws -> (rows: [EntryRow], total: Int, quantity: Int) {
        let cipher = self.cipher
        return try await backend.read { database in
            var filter: SQLQueryString = "r.register = \(bind: kind.rawValue) AND e.kind = 'entry' AND e.name = \(bind: name)"
            if let organization { filter = filter + " AND " + Self.hasParty(organization, table: "r.") }
            if let fromDay { filter = filter + " AND e.day >= \(bind: fromDay)" }
            if let toDay { filter = filter + " AND e.day <= \(bind: toDay)" }
            let sums = try await database.raw(
                """
                SELECT COUNT(*) AS n, CAST(SUM(e.quantity) AS BIGINT) AS q FROM register_events e JOIN register_records r ON r.id = e.record_id
                WHERE \(filter)
                """
            ).first()
            let total = try sums?.decode(column: "n", as: Int.self) ?? 0, quantity = try sums?.decode(column: "q", as: Int?.self) ?? 0
            let rows = try await database.raw(
                """
                SELECT r.*, e.day AS entry_day, e.quantity AS entry_quantity FROM register_events e JOIN register_records r ON r.id = e.record_id
                WHERE \(filter) ORDER BY e.day DESC, r.id DESC, e.sequence DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
                """
            ).all().map { row in
                EntryRow(
                    record: try Self.summary(row, cipher: cipher), day: try row.decode(column: "entry_day", as: String.self),
                    quantity: try row.decode(column: "entry_quantity", as: Int.self))
            }
            return (rows, total, quantity)
        }
    }

    /// Records of every register after `afterID` in id order, at most `limit`, with their histories (two queries):
    /// the export reads everything in batches. Only records whose day is in `[fromDay, toDay]` when given.
    public func batch(after afterID: Int64, limit: Int, fromDay: String?, toDay: String?) async throws -> (
        records: [RegisterRecord], lastID: Int64?
    ) {
        let cipher = self.cipher
        return try await backend.read { database in
            let rows = try await database.raw(
                "SELECT * FROM register_records WHERE id > \(bind: afterID) ORDER BY id LIMIT \(literal: limit)"
            ).all()
            let summaries = try rows.map { try Self.summary($0, cipher: cipher) }
            let wanted = summaries.filter { record in
                (fromDay.map { record.day >= $0 } ?? true) && (toDay.map { record.day <= $0 } ?? true)
            }
            var histories: [Int64: [RegisterEvent]] = [:]
            if !wanted.isEmpty {
                for row in try await database.raw(
                    """
                    SELECT record_id, \(unsafeRaw: Self.eventColumns(nil)) FROM register_events WHERE record_id IN (\(binds: wanted.map(\.id)))
                    ORDER BY record_id, sequence
                    """
                ).all() {
                    histories[try row.decode(column: "record_id", as: Int64.self), default: []].append(try Self.event(row, cipher: cipher))
                }
            }
            let records = wanted.map {
                RegisterRecord(
                    id: $0.id, kind: $0.kind, organization: $0.organization, parties: $0.parties, day: $0.day,
                    history: histories[$0.id] ?? [])
            }
            return (records, summaries.last?.id)
        }
    }

    /// The reporting units (of one organisation, or all) without a sentiment report for the latest month due on `today`.
    public func overdueSentimentUnits(
        today: ChinaDay, organization: String?,
        reference: ReferenceData
    ) async throws -> (month: String, units: [Organization]) {
        let month = SentimentSchedule.latestDueMonth(today: today)
        let filed = try await records(.sentiment, organization: organization, fromDay: month + "-01", toDay: month + "-01")
        let units = SentimentSchedule.overdue(month: month, filed: Set(filed.map(\.organization)), reference: reference)
            .filter { organization == nil || $0.code == organization }
        return (month, units)
    }

    /// Reports missing (unit × month) for the months due within `from...to` (nil `from`: since the first report filed),
    /// past due on `today`.
    public func missingSentimentReports(
        from: ChinaDay?, to: ChinaDay, today: ChinaDay, organization: String?,
        reference: ReferenceData
    ) async throws -> Int {
        let start: ChinaDay
        if let from {
            start = from
        } else {
            let first = try await backend.read { database in
                try await database.raw(
                    "SELECT MIN(day) AS day FROM register_records WHERE register = \(bind: RegisterKind.sentiment.rawValue)"
                )
                .first()?.decode(column: "day", as: String?.self)
            }
            guard let first, let day = ChinaDay(first) else { return 0 }
            start = day.addingMonths(1)
        }
        let months = SentimentSchedule.monthsDue(from: start, to: to, today: today)
        guard let firstMonth = months.first, let lastMonth = months.last else { return 0 }
        let reports = try await records(.sentiment, organization: organization, fromDay: firstMonth + "-01", toDay: lastMonth + "-01")
        let filed = reports.reduce(into: [String: Set<String>]()) { $0[String($1.day.prefix(7)), default: []].insert($1.organization) }
        return SentimentSchedule.missing(months: months, filed: filed, organization: organization, reference: reference)
    }

    /// The records a ticket is linked to (the ticket page lists them).
    public func records(linkedTo number: String) async throws -> [RegisterRecord] {
        let cipher = self.cipher
        return try await backend.read { database in
            try await database.raw(
                """
                SELECT r.* FROM register_records r JOIN register_tickets t ON t.record_id = r.id WHERE t.number = \(bind: number) ORDER BY r.id
                """
            ).all().map { try Self.summary($0, cipher: cipher) }
        }
    }

    // MARK: - Rows

    static func partyList(_ parties: [String]) -> String { "," + parties.joined(separator: ",") + "," }

    /// `parties` (`,a,b,`) holds this organisation; the code's `%`, `_` and `\` match only themselves.
    static func hasParty(_ organization: String, table: String = "") -> SQLQueryString {
        let escaped = organization.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
        return "\(unsafeRaw: table)parties LIKE \(bind: "%," + escaped + ",%") ESCAPE '\\'"
    }

    /// The day an event counts on: the entry's own date field when it has one, else the day it was recorded.
    static func day(of event: RegisterEvent, kind: RegisterKind) -> String {
        for name in ["date", "plannedOn", "receivedOn", "signedOn", "confirmedOn"] {
            if let text = event.fields[name]?.text, RegisterValidator.day(text) != nil { return text }
        }
        return ChinaDay(event.occurredAt).description
    }

    /// Removes the personal fields from the stored events of the record that `erases` picks (all by default); returns
    /// the record's fields, without its own personal fields when its creation was among them.
    static func erasePersonalData(
        of record: RegisterRecord, schema: RegisterSchema, cipher: ContactCipher, on database: any SQLDatabase,
        erases: (RegisterEvent) -> Bool = { _ in true }
    ) async throws -> RegisterFields {
        var recordLevel = false
        for event in record.history where erases(event) {
            let specs = schema.fields(of: event)
            let personal = Set(specs.filter(\.personal).map(\.name))
            guard event.fields.keys.contains(where: personal.contains) else { continue }
            if event.kind == .created { recordLevel = true }
            let kept = event.fields.filter { !personal.contains($0.key) }
            try await database.raw(
                """
                UPDATE register_events SET fields = \(bind: try RegisterSealing.seal(kept, specs: specs, cipher: cipher))
                WHERE record_id = \(bind: record.id) AND sequence = \(bind: event.sequence)
                """
            ).run()
        }
        guard recordLevel else { return record.fields }
        let personal = Set(schema.fields.filter(\.personal).map(\.name))
        return record.fields.filter { !personal.contains($0.key) }
    }

    static func insert(
        _ event: RegisterEvent, recordID: Int64, kind: RegisterKind, day: String, quantity: Int, cipher: ContactCipher,
        on database: any SQLDatabase
    ) async throws {
        let specs = kind.schema.fields(of: event)
        try await database.raw(
            """
            INSERT INTO register_events (record_id, sequence, kind, name, status, actor, actor_org, occurred_at, day, quantity, fields)
            VALUES (\(bind: recordID), \(bind: event.sequence), \(bind: event.kind.rawValue), \(bind: event.name), \(bind: event.status),
                    \(bind: event.actor.username), \(bind: event.actor.organization), \(bind: StoreTime.milliseconds(event.occurredAt)),
                    \(bind: day), \(bind: quantity), \(bind: try RegisterSealing.seal(event.fields, specs: specs, cipher: cipher)))
            """
        ).run()
    }

    static func link(
        _ effect: TicketEffect, recordID: Int64, organization: String, day: String, by actor: EventActor, at date: Date,
        flavor: SQLFlavor, cipher: ContactCipher, on database: any SQLDatabase
    ) async throws {
        try await SQLRows.insert(
            into: "register_tickets", columns: ["number", "record_id"], rows: effect.numbers.map { [$0, recordID] },
            onConflict: "DO NOTHING", on: database)
        guard let note = effect.note else { return }
        for number in effect.numbers {
            try await noteTicket(
                number, note, organization: organization, day: day, by: actor, at: date, flavor: flavor, cipher: cipher, on: database)
        }
    }

    /// Appends a register's note to a ticket's history, and counts it as law-related (涉法涉诉) when the note says so.
    static func noteTicket(
        _ number: String, _ note: RegisterNote, organization: String, day: String, by actor: EventActor, at date: Date,
        flavor: SQLFlavor, cipher: ContactCipher, on database: any SQLDatabase
    ) async throws {
        // A register's note moves no ticket between lists, so no list total needs forgetting (`counts: nil`).
        _ = try await SQLTicketStore.change(
            number, mergeTarget: nil, by: actor, at: date, flavor: flavor, cipher: cipher, counts: nil,
            on: database
        ) { _, _ in
            .registerNoted(note)
        }
        if note.lawRelated {
            try await SQLRows.insert(
                into: "law_related_tickets", columns: ["number", "source", "organization", "day"],
                rows: [[number, note.register, organization, day]], onConflict: "DO NOTHING", on: database)
        }
    }

    static func load(id: Int64, cipher: ContactCipher, on database: any SQLDatabase) async throws -> RegisterRecord? {
        guard let row = try await database.raw("SELECT * FROM register_records WHERE id = \(bind: id)").first() else { return nil }
        let summary = try summary(row, cipher: cipher)
        let history = try await database.raw(
            """
            SELECT \(unsafeRaw: eventColumns(nil)) FROM register_events WHERE record_id = \(bind: id) ORDER BY sequence
            """
        ).all().map { try event($0, cipher: cipher) }
        return RegisterRecord(
            id: id, kind: summary.kind, organization: summary.organization, parties: summary.parties, day: summary.day,
            history: history)
    }

    /// The event columns as `event(_:)` reads them, from a table or an alias (names shared with `register_records` are
    /// renamed, so that a join can select both).
    static func eventColumns(_ table: String?) -> String {
        let p = table.map { $0 + "." } ?? ""
        return "\(p)sequence AS e_sequence, \(p)kind AS e_kind, \(p)name AS e_name, \(p)status AS e_status, \(p)actor AS e_actor, "
            + "\(p)actor_org AS e_actor_org, \(p)occurred_at AS e_occurred_at, \(p)fields AS e_fields"
    }

    static func event(_ row: any SQLRow, cipher: ContactCipher) throws -> RegisterEvent {
        let kind = try row.decode(column: "e_kind", as: String.self)
        return RegisterEvent(
            sequence: try row.decode(column: "e_sequence", as: Int.self),
            kind: try RegisterEvent.Kind(rawValue: kind).orThrow(CorruptRow(column: "kind", value: kind)),
            name: try row.decode(column: "e_name", as: String.self),
            fields: try RegisterSealing.open(try row.decode(column: "e_fields", as: String.self), cipher: cipher),
            status: try row.decode(column: "e_status", as: String.self),
            actor: EventActor(
                username: try row.decode(column: "e_actor", as: String.self),
                organization: try row.decode(column: "e_actor_org", as: String?.self)),
            occurredAt: StoreTime.date(try row.decode(column: "e_occurred_at", as: Int64.self)))
    }

    static func summary(_ row: any SQLRow, cipher: ContactCipher) throws -> RegisterRecord {
        let register = try row.decode(column: "register", as: String.self)
        guard let kind = RegisterKind(rawValue: register) else { throw CorruptRow(column: "register", value: register) }
        let parties = try row.decode(column: "parties", as: String.self).split(separator: ",").map(String.init)
        return RegisterRecord(
            id: try row.decode(column: "id", as: Int64.self), kind: kind, status: try row.decode(column: "status", as: String.self),
            organization: try row.decode(column: "organization", as: String.self), parties: parties,
            fields: try RegisterSealing.open(try row.decode(column: "fields", as: String.self), cipher: cipher),
            day: try row.decode(column: "day", as: String.self))
    }
}
