import Foundation
import MashangCore

/// A person's requests about their own data (PIPL arts. 44–47), answered by the joint centre: a copy of everything
/// held about the person with this phone, or its erasure. Tickets and bookings are found through the keyed hash they
/// keep; registers are searched field by field, since their phones are sealed inside the record. Every answer is
/// audited with its grounds.
public struct DataSubjectService: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) {
        self.dependencies = dependencies
    }

    /// Register records are read this many at a time.
    static let batchSize = 500

    public func export(phone raw: String?, reason rawReason: String?, by staff: StaffActor, address: String) async throws
        -> DataSubjectExport
    {
        let (phone, reason) = try request(phone: raw, reason: rawReason, by: staff)
        let stores = dependencies.stores
        let digest = stores.phoneDigest(phone)
        var tickets: [DataSubjectExport.TicketCopy] = []
        for number in try await ticketNumbers(phoneDigest: digest) {
            if let ticket = try await stores.tickets.ticket(number: number) {
                tickets.append(.init(state: ticket.state, events: ticket.events))
            }
        }
        let records = try await registerRecords(phoneDigest: digest)
        let bookings = try await bookings(phoneDigest: digest)
        try await Auditor(dependencies: dependencies).record(
            "privacy.export", by: staff, subject: PhoneNumber.masked(phone), address: address,
            detail: "\(reason); \(tickets.count) tickets, \(records.count) register records, \(bookings.count) bookings")
        return DataSubjectExport(
            generatedAt: dependencies.clock(), phone: phone, tickets: tickets, registerRecords: records, receptionBookings: bookings)
    }

    /// Erasure at the person's request (PIPL art. 47): every ticket they asked loses their name and contact in place
    /// (its history and figures stay, and its chain records the erasure with the grounds), their legal-day bookings
    /// lose name and phone, and the register entries carrying their phone lose their personal fields (a household
    /// created with it, its own). Returns the tickets erased and the numbers of bookings and records.
    public func erase(phone raw: String?, reason rawReason: String?, confirmed: Bool, by staff: StaffActor, address: String)
        async throws -> (tickets: [String], bookings: Int, records: Int)
    {
        let (phone, reason) = try request(phone: raw, reason: rawReason, confirmed: confirmed, by: staff)
        let stores = dependencies.stores, now = dependencies.clock()
        let digest = stores.phoneDigest(phone)
        var erased: [String] = []
        for number in try await ticketNumbers(phoneDigest: digest)
        where try await stores.tickets.anonymiseRequester(
            number: number, reason: .erasure, note: reason, by: staff.eventActor, at: now) != nil
        {
            erased.append(number)
        }
        let bookings = try await bookings(phoneDigest: digest)
        for booking in bookings { try await stores.reception.anonymiseBooking(booking.id, at: now) }
        var records: [String] = []
        for record in try await registerRecords(phoneDigest: digest)
        where try await stores.registers.erasePerson(phoneDigest: digest, from: record.id, kind: record.kind, at: now) {
            records.append("\(record.kind.rawValue)/\(record.id)")
        }
        try await Auditor(dependencies: dependencies).record(
            "privacy.erase", by: staff, subject: PhoneNumber.masked(phone), address: address,
            detail:
                "\(reason); tickets \(erased.joined(separator: " ")); \(bookings.count) bookings; records \(records.joined(separator: " "))"
        )
        return (erased, bookings.count, records.count)
    }

    /// Correction at the person's request (PIPL art. 46): their name and/or phone on every ticket they asked, in place,
    /// each ticket's chain recording it with the grounds. Returns the tickets corrected.
    public func correct(
        phone raw: String?, newName rawName: String?, newPhone rawPhone: String?, reason rawReason: String?, by staff: StaffActor,
        address: String
    ) async throws -> [String] {
        var rules = FieldRules()
        let name = rules.text(rawName, "newName", max: 30, required: false)
        var newPhone: String?
        if let text = rules.text(rawPhone, "newPhone", max: 20, required: false) {
            newPhone = PhoneNumber.normalized(text)
            if newPhone == nil { rules.add("newPhone", "invalid") }
        }
        if name == nil && rawPhone?.trimmingCharacters(in: .whitespaces).isEmpty != false { rules.add("newPhone", "required") }
        let (phone, reason): (String, String)
        do {
            (phone, reason) = try request(phone: raw, reason: rawReason, by: staff)
        } catch let error as ValidationError {
            throw ValidationError(error.fields + rules.problems)
        }
        try rules.check()
        let stores = dependencies.stores, now = dependencies.clock()
        var corrected: [String] = []
        for number in try await ticketNumbers(phoneDigest: stores.phoneDigest(phone))
        where try await stores.tickets.correctRequester(
            number: number, name: name, phone: newPhone, note: reason, by: staff.eventActor, at: now) != nil
        {
            corrected.append(number)
        }
        let what = [name.map { _ in "name" }, newPhone.map { "phone → " + PhoneNumber.masked($0) }].compactMap { $0 }
        try await Auditor(dependencies: dependencies).record(
            "privacy.correct", by: staff, subject: PhoneNumber.masked(phone), address: address,
            detail: "\(reason); \(what.joined(separator: ", ")); tickets \(corrected.joined(separator: " "))")
        return corrected
    }

    /// The person's phone, normalised, and the grounds; only those who answer such requests may ask.
    private func request(phone raw: String?, reason rawReason: String?, confirmed: Bool = true, by staff: StaffActor) throws
        -> (phone: String, reason: String)
    {
        guard DataSubjectPolicy.mayHandle(staff) else { throw AccessError.forbidden }
        var rules = FieldRules()
        var phone: String?
        if let text = rules.text(raw, "phone", max: 20) {
            phone = PhoneNumber.normalized(text)
            if phone == nil { rules.add("phone", "invalid") }
        }
        let reason = rules.text(rawReason, "reason", max: 200)
        if !confirmed { rules.add("confirm", "required") }
        try rules.check()
        guard let phone, let reason else { throw AccessError.forbidden }
        return (phone, reason)
    }

    /// Every ticket this phone asked, oldest first.
    private func ticketNumbers(phoneDigest digest: String) async throws -> [String] {
        var numbers: [String] = []
        var page = 1
        while true {
            let found = try await dependencies.stores.tickets.tickets(
                matching: TicketQuery(phoneDigest: digest, oldestFirst: true, page: page, pageSize: 200))
            numbers += found.items.map(\.number)
            if found.items.count < found.pageSize { return numbers }
            page += 1
        }
    }

    private func bookings(phoneDigest digest: String) async throws -> [ReceptionBooking] {
        try await dependencies.stores.reception.bookings(
            fromMonth: nil, toMonth: nil, statuses: ReceptionBooking.Status.allCases, organization: nil
        ).map(\.booking).filter { PhoneNumber.normalized($0.phone).map(dependencies.stores.phoneDigest) == digest }
    }

    /// The register records with this phone in a phone field, of the record or of any of its entries.
    private func registerRecords(phoneDigest digest: String) async throws -> [RegisterRecord] {
        var records: [RegisterRecord] = []
        var after: Int64 = 0
        while true {
            let batch = try await dependencies.stores.registers.batch(after: after, limit: Self.batchSize, fromDay: nil, toDay: nil)
            records += batch.records.filter { names(phone: digest, in: $0) }
            guard let last = batch.lastID else { return records }
            after = last
        }
    }

    /// Whether a phone field of the record or of any of its entries is this person's.
    private func names(phone digest: String, in record: RegisterRecord) -> Bool {
        let fields = DataSubjectPolicy.phoneFields(of: record.kind)
        guard !fields.isEmpty else { return false }
        let values = ([record.fields] + record.history.map(\.fields)).flatMap { held in fields.compactMap { held[$0] } }
        return values.contains { value in
            value.text.flatMap(PhoneNumber.normalized).map { dependencies.stores.phoneDigest($0) == digest } ?? false
        }
    }
}
