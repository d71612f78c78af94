import Foundation
import MashangCore

/// The register use cases shared by pages and API: authorisation from `RegisterPolicy`, validation by
/// `RegisterEngine`, the linked tickets, and an audit line for every change and every reveal of personal data.
public struct RegisterService: Sendable {
    public let dependencies: AppDependencies
    public let tickets: TicketService

    public init(dependencies: AppDependencies, tickets: TicketService) {
        self.dependencies = dependencies
        self.tickets = tickets
    }

    private var store: any RegisterStore { dependencies.stores.registers }
    private var reference: ReferenceData { dependencies.reference.snapshot.data }

    public func authorize(_ operation: RegisterOperation, _ staff: StaffActor, _ kind: RegisterKind, _ record: RegisterRecord? = nil) throws
    {
        guard RegisterPolicy.allows(operation, staff, kind, record: record) else {
            // A record the user may not see does not exist for them.
            if let record, !RegisterPolicy.allows(.view, staff, kind, record: record) { throw AccessError.notFound }
            throw AccessError.forbidden
        }
    }

    /// The record if the user may see it (personal fields as stored: callers mask them unless revealing).
    public func record(_ kind: RegisterKind, _ id: Int64, for staff: StaffActor) async throws -> RegisterRecord {
        guard let record = try await store.record(id, kind: kind), RegisterPolicy.allows(.view, staff, kind, record: record) else {
            throw AccessError.notFound
        }
        return record
    }

    public func list(_ kind: RegisterKind, for staff: StaffActor, filter: RegisterListFilter, limit: Int, offset: Int) async throws -> (
        records: [RegisterRecord], total: Int
    ) {
        try authorize(.view, staff, kind)
        return try await store.records(
            kind, organization: RegisterPolicy.listScope(staff, kind), filter: filter, limit: limit, offset: offset)
    }

    public func open(_ kind: RegisterKind, _ input: RegisterFields, by staff: StaffActor, address: String) async throws -> RegisterRecord {
        try authorize(.create, staff, kind)
        let now = dependencies.clock()
        // The record's tickets must exist and be visible to the user; a mediation needs a dispute ticket.
        var ticketOrganizations: [String] = []
        if let number = input["ticket"]?.plain.trimmingCharacters(in: .whitespaces), kind.schema.field("ticket") != nil, !number.isEmpty {
            let ticket = try await visibleTicket(number, staff, field: "ticket")
            if kind == .mediation {
                guard ticket.state.kind == .dispute else { throw ValidationError("ticket", "notAllowed") }
                ticketOrganizations = [ticket.state.leadOrganization] + ticket.state.assistingOrganizations
            }
        }
        let opening = try RegisterEngine.open(
            kind, input, by: staff, reference: reference, today: ChinaDay(now),
            ticketOrganizations: ticketOrganizations)
        for number in opening.fields["tickets"]?.list ?? [] { _ = try await visibleTicket(number, staff, field: "tickets") }
        let effect = RegisterTicketEffect.opening(kind, opening.fields)
        let record = try await store.create(kind, opening, by: staff.eventActor, at: now, tickets: effect)
        try await audit("register.\(kind.rawValue).create", staff, record, address)
        effect?.numbers.forEach(dependencies.changes.publish)
        return record
    }

    public func addEntry(
        _ kind: RegisterKind, _ id: Int64, entry: String, _ input: RegisterFields, by staff: StaffActor,
        address: String
    ) async throws -> RegisterRecord {
        let reference = self.reference
        return try await change(kind, id, .record, named: entry, by: staff, address: address) { record in
            let fields = try RegisterEngine.entry(entry, input, on: record, reference: reference)
            return (.entry, entry, fields, record.status, RegisterTicketEffect.mediation(record, what: entry, fields: fields))
        }
    }

    public func act(
        _ kind: RegisterKind, _ id: Int64, action: String, _ input: RegisterFields, by staff: StaffActor,
        address: String
    ) async throws -> RegisterRecord {
        let reference = self.reference
        return try await change(kind, id, .act, named: action, by: staff, address: address) { record in
            let (fields, status) = try RegisterEngine.action(action, input, on: record, reference: reference)
            return (.action, action, fields, status, RegisterTicketEffect.mediation(record, what: action, fields: fields))
        }
    }

    /// An entry or an action: authorised against the record as the user sees it, decided inside the write, audited as
    /// `register.<kind>.<name>`.
    private func change(
        _ kind: RegisterKind, _ id: Int64, _ operation: RegisterOperation, named name: String, by staff: StaffActor,
        address: String,
        decide:
            @escaping @Sendable (RegisterRecord) throws -> (
                RegisterEvent.Kind, String, RegisterFields, String,
                RegisterTicketEffect?
            )
    ) async throws -> RegisterRecord {
        try authorize(operation, staff, kind, try await record(kind, id, for: staff))
        let record = try await store.append(id, kind: kind, by: staff.eventActor, at: dependencies.clock(), decide: decide)
        try await audit("register.\(kind.rawValue).\(name)", staff, record, address)
        return record
    }

    public struct TicketRequest: Decodable, Sendable {
        public var channel: String?
        public var kind: String?
        public var category: String?
        public var area: String?
        public var description: String?
        public var name: String?
        public var phone: String?
        /// The entry (concern, question, call) the ticket comes from.
        public var entry: Int?

        public init(
            channel: String? = nil, kind: String? = nil, category: String? = nil, area: String? = nil, description: String? = nil,
            name: String? = nil, phone: String? = nil, entry: Int? = nil
        ) {
            self.channel = channel
            self.kind = kind
            self.category = category
            self.area = area
            self.description = description
            self.name = name
            self.phone = phone
            self.entry = entry
        }
    }

    /// Raises a ticket from a record (a concern, a question, a call) and links it: the ticket enters the normal loop
    /// with the register's channel. A retried submission (same record version) finds the ticket it created.
    public func raiseTicket(
        _ kind: RegisterKind, _ id: Int64, _ request: TicketRequest, by staff: StaffActor,
        address: String
    ) async throws -> (RegisterRecord, String) {
        let current = try await record(kind, id, for: staff)
        try authorize(.raiseTicket, staff, kind, current)
        let channels = kind.schema.ticketChannels
        guard !channels.isEmpty else { throw AccessError.forbidden }
        let channel = request.channel.flatMap { $0.isEmpty ? nil : $0 } ?? channels[0].rawValue
        guard channels.map(\.rawValue).contains(channel) else { throw ValidationError("channel", "notAllowed") }
        if let entry = request.entry, !current.history.contains(where: { $0.sequence == entry && $0.kind == .entry }) {
            throw ValidationError("entry", "unknown")
        }
        func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }
        let intake = IntakeRequest(
            channel: channel, kind: given(request.kind), category: given(request.category),
            area: given(request.area) ?? current.fields["area"]?.text, description: request.description,
            urgency: "normal",
            // Left empty, the requester is the household itself, or a report's reporter.
            requester: .init(
                name: given(request.name) ?? current.fields["name"]?.text ?? current.fields["reporter"]?.text,
                phone: given(request.phone) ?? current.fields["phone"]?.text))
        // The same concern submitted again (a double click, a retry) finds the ticket it created.
        let key = "register:\(kind.rawValue):\(id):\(request.entry ?? 0):" + Self.fingerprint(request.description ?? "")
        let created = try await tickets.create(intake, source: .staff(staff), idempotencyKey: key)
        let number = created.ticket.state.number
        var linkFields: RegisterFields = ["number": .text(number)]
        if let entry = request.entry { linkFields["entry"] = .number(entry) }
        let fields = linkFields
        let record: RegisterRecord
        do {
            record = try await store.append(id, kind: kind, by: staff.eventActor, at: dependencies.clock()) { record in
                // A retry after the ticket was linked changes nothing more.
                if record.tickets.contains(number) { throw RegisterAlreadyLinked() }
                return (
                    .ticket, "raised", fields, record.status,
                    .init(numbers: [number], note: RegisterNote(register: kind.rawValue, record: id, what: "raised"))
                )
            }
        } catch is RegisterAlreadyLinked {
            return (try await self.record(kind, id, for: staff), number)
        }
        try await audit("register.\(kind.rawValue).raiseTicket", staff, record, address, detail: number)
        dependencies.changes.publish(number)
        return (record, number)
    }

    /// The record with personal data in clear; an audit line names who saw it.
    public func reveal(_ kind: RegisterKind, _ id: Int64, by staff: StaffActor, address: String) async throws -> RegisterRecord {
        let record = try await record(kind, id, for: staff)
        try authorize(.reveal, staff, kind, record)
        try await audit("register.\(kind.rawValue).reveal", staff, record, address)
        return record
    }

    /// FNV-1a of the text: a stable short key for idempotency (not a security measure).
    public static func fingerprint(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.trimmingCharacters(in: .whitespacesAndNewlines).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return String(hash, radix: 16)
    }

    private func visibleTicket(_ number: String, _ staff: StaffActor, field: String) async throws -> StoredTicket {
        guard TicketNumber.isNumber(number) else { throw ValidationError(field, "invalid") }
        guard let ticket = try await dependencies.stores.tickets.ticket(number: number), staff.canView(ticket.state) else {
            throw ValidationError(field, "notAllowed")
        }
        return ticket
    }

    private func audit(_ action: String, _ staff: StaffActor, _ record: RegisterRecord, _ address: String, detail: String = "") async throws
    {
        try await Auditor(dependencies: dependencies).record(
            action, by: staff, subject: "\(record.kind.rawValue)/\(record.id)", address: address,
            detail: detail.isEmpty ? "v\(record.version) \(record.status)" : detail)
    }
}

/// The ticket was linked to the record already (a retried submission).
public struct RegisterAlreadyLinked: Error {}
