import Foundation

/// What a register write does to tickets in the same transaction: links them and notes the record on their history.
public struct RegisterTicketEffect: Sendable {
    public var numbers: [String]
    public var note: RegisterNote?

    public init(numbers: [String], note: RegisterNote?) {
        self.numbers = numbers
        self.note = note
    }

    /// A new record's tickets (its `ticket` and `tickets` fields): linked, and noted as taken up — law-related for a
    /// mediation. Nil when it names none.
    public static func opening(_ kind: RegisterKind, _ fields: RegisterFields) -> RegisterTicketEffect? {
        let numbers = (fields["ticket"].map { [$0.plain] } ?? []) + (fields["tickets"]?.list ?? [])
        guard !numbers.isEmpty else { return nil }
        return RegisterTicketEffect(
            numbers: numbers,
            note: RegisterNote(
                register: kind.rawValue, record: 0, what: "opened",
                lawRelated: kind == .mediation))
    }

    /// A mediation's session or outcome (its minutes, terms, reason or ruling as the detail), noted on its ticket
    /// (law-related); nil for other registers and for parties and mediators.
    public static func mediation(_ record: RegisterRecord, what: String, fields: RegisterFields) -> RegisterTicketEffect? {
        guard record.kind == .mediation, let ticket = record.fields["ticket"]?.text, what != "party", what != "mediator" else { return nil }
        let detail = ["minutes", "terms", "reason", "ruling"].lazy.compactMap { fields[$0]?.plain }.first
        return RegisterTicketEffect(
            numbers: [ticket],
            note: RegisterNote(
                register: "mediation", record: record.id, what: what,
                detail: detail, lawRelated: true))
    }
}

/// One entry of a record as the mechanism's figures count it: the record, the day the entry counts on and its
/// quantity (人次).
public struct RegisterEntryRow: Sendable {
    public var record: RegisterRecord
    public var day: String
    public var quantity: Int

    public init(record: RegisterRecord, day: String, quantity: Int) {
        self.record = record
        self.day = day
        self.quantity = quantity
    }
}

/// The registers (mediation, risks, sentiment reports, assistance…): records with their event histories.
public protocol RegisterStore: Sendable {
    /// Opens a record; a second record with the same unique key is refused.
    func create(
        _ kind: RegisterKind, _ opening: RegisterEngine.Opening, by actor: EventActor, at date: Date,
        tickets: RegisterTicketEffect?
    ) async throws -> RegisterRecord
    /// Appends the event `decide` makes of the record as stored, under the record's lock.
    func append(
        _ id: Int64, kind: RegisterKind, by actor: EventActor, at date: Date,
        decide: @escaping @Sendable (RegisterRecord) throws -> (RegisterEvent.Kind, String, RegisterFields, String, RegisterTicketEffect?)
    )
        async throws -> RegisterRecord
    func record(_ id: Int64, kind: RegisterKind) async throws -> RegisterRecord?
    /// A page of records, newest first: of one organisation (as owner or party) or all, as the filter says.
    func records(_ kind: RegisterKind, organization: String?, filter list: RegisterListFilter, limit: Int, offset: Int) async throws
        -> (records: [RegisterRecord], total: Int)
    /// Records of a register whose day falls in `[fromDay, toDay]`, oldest first, for trend views.
    func records(_ kind: RegisterKind, organization: String?, fromDay: String, toDay: String) async throws -> [RegisterRecord]
    /// Entries of one kind on the register's records that are not closed, with their record.
    func openEntries(_ kind: RegisterKind, entry name: String, organization: String?) async throws -> [(RegisterRecord, RegisterEvent)]
    /// The entries of one kind counting on days in `[fromDay, toDay]`, newest first, with their number and quantity.
    func entries(
        _ kind: RegisterKind, entry name: String, organization: String?, fromDay: String?, toDay: String?,
        limit: Int, offset: Int
    ) async throws -> (rows: [RegisterEntryRow], total: Int, quantity: Int)
    /// Records of every register after `afterID` in id order, with their histories, for the export.
    func batch(after afterID: Int64, limit: Int, fromDay: String?, toDay: String?) async throws -> (
        records: [RegisterRecord], lastID: Int64?
    )
    /// The reporting units without a sentiment report for the latest month due on `today`.
    func overdueSentimentUnits(today: ChinaDay, organization: String?, reference: ReferenceData) async throws -> (
        month: String, units: [Organization]
    )
    /// Reports missing (unit × month) for the months due within `from...to`, past due on `today`.
    func missingSentimentReports(from: ChinaDay?, to: ChinaDay, today: ChinaDay, organization: String?, reference: ReferenceData)
        async throws -> Int
    /// The records a ticket is linked to.
    func records(linkedTo number: String) async throws -> [RegisterRecord]
    /// Erases the personal fields of the record's events that carry this phone (by its keyed hash), and the record's
    /// own when it was created with it; false if none does.
    func erasePerson(phoneDigest: String, from id: Int64, kind: RegisterKind, at date: Date) async throws -> Bool
}

extension RegisterStore {
    public func create(_ kind: RegisterKind, _ opening: RegisterEngine.Opening, by actor: EventActor, at date: Date) async throws
        -> RegisterRecord
    {
        try await create(kind, opening, by: actor, at: date, tickets: nil)
    }
}

/// The registers' figures for the dashboard and reports: records by register and status, entries (人次) by kind,
/// law-related tickets and legal reception day bookings — in a period or since the beginning.
public struct MechanismCounts: Sendable, Codable, Equatable {
    /// `register` and `register.status` → records.
    public var records: [String: Int] = [:]
    /// `register.quantity` → the records' quantity (attendance) summed.
    public var quantities: [String: Int] = [:]
    /// `register.entry` → entries; `register.entry.quantity` → their quantity (人次) summed.
    public var entries: [String: Int] = [:]
    public var lawRelated = 0
    /// Bookings by status.
    public var bookings: [String: Int] = [:]

    public init() {}
}

/// One law-related (涉法涉诉) ticket as counted: its number, what made it law-related, the organisation and the day.
public struct LawRelatedTicket: Sendable, Equatable {
    public var number, source, organization, day: String

    public init(number: String, source: String, organization: String, day: String) {
        self.number = number
        self.source = source
        self.organization = organization
        self.day = day
    }
}

/// Counts of the mechanism's registers, of one organisation (as owner or party) or all, on days in `[fromDay, toDay]`
/// (`yyyy-MM-dd`; nil: no bound).
public protocol MechanismFigureStore: Sendable {
    func counts(organization: String?, fromDay: String?, toDay: String?) async throws -> MechanismCounts
    /// The law-related tickets the `lawRelated` count counts, newest day first, with their total.
    func lawRelatedTickets(organization: String?, fromDay: String?, toDay: String?, limit: Int, offset: Int) async throws
        -> (tickets: [LawRelatedTicket], total: Int)
    /// The counts of a period and since the beginning, read together.
    func periodAndTotal(organization: String?, fromDay: String, toDay: String) async throws -> (
        period: MechanismCounts, total: MechanismCounts
    )
}
