import Foundation

/// A change a register refuses in the record's present state; nothing is written.
public struct RegisterRefusal: Error, Sendable, Equatable {
    /// `status` (not allowed in this status), `missing` (an entry it needs is not there), `duplicate` (one per unit
    /// and period), `unknown` (no such entry kind or action).
    public var reason: String
    /// The entry kind that is missing, for `missing`.
    public var detail: String

    public init(_ reason: String, _ detail: String = "") {
        self.reason = reason
        self.detail = detail
    }
}

/// The decisions of every register: what a new record, an entry or an action becomes, or why it is refused.
public enum RegisterEngine {
    /// A validated new record: its fields, owner, parties and day.
    public struct Opening: Sendable, Equatable {
        public var fields: RegisterFields
        public var organization: String
        public var parties: [String]
        public var day: String
        /// Set when the register allows one record per combination of fields.
        public var uniqueKey: String?
    }

    /// Validates a new record. `ticketOrganizations` are the organisations of the record's ticket (a mediation is
    /// owned by its ticket's lead organisation and seen by its assisting ones).
    public static func open(
        _ kind: RegisterKind, _ input: RegisterFields, by staff: StaffActor, reference: ReferenceData, today: ChinaDay,
        ticketOrganizations: [String] = []
    ) throws(ValidationError) -> Opening {
        let schema = kind.schema
        let fields = try RegisterValidator.validate(input, against: schema.fields, reference: reference)
        // Sentiment reports come from the enterprise's and the government's units only.
        if kind == .sentiment, let unit = fields["unit"]?.text,
            !SentimentSchedule.reportingUnits(reference).contains(where: { $0.code == unit })
        {
            throw ValidationError("unit", "notAllowed")
        }
        var owners: [String] = schema.organizationField.flatMap { fields[$0]?.list } ?? []
        if owners.isEmpty { owners = ticketOrganizations.isEmpty ? [staff.organization] : ticketOrganizations }
        // A unit files, plans or registers for itself; only the joint centre records for another organisation.
        if !staff.isJointCentre, kind != .mediation, !owners.contains(staff.organization) {
            throw ValidationError(schema.organizationField ?? "organization", "notAllowed")
        }
        var parties = owners
        if kind == .mediation, !staff.isJointCentre, staff.role != .mediator, !parties.contains(staff.organization) {
            throw ValidationError("ticket", "notAllowed")
        }
        if !parties.contains(staff.organization), kind != .mediation { parties.append(staff.organization) }
        var day = today.description
        if let dayField = schema.dayField, let value = fields[dayField]?.text {
            day = (RegisterValidator.day(value) ?? RegisterValidator.month(value))?.description ?? day
        }
        let uniqueKey =
            schema.uniqueFields.isEmpty
            ? nil
            : kind.rawValue + ":" + schema.uniqueFields.map { fields[$0]?.plain ?? "" }.joined(separator: "|")
        return Opening(fields: fields, organization: owners[0], parties: parties, day: day, uniqueKey: uniqueKey)
    }

    /// Validates an entry for the record in its present state.
    public static func entry(
        _ name: String, _ input: RegisterFields, on record: RegisterRecord,
        reference: ReferenceData
    ) throws -> RegisterFields {
        guard let spec = record.kind.schema.entry(name) else { throw RegisterRefusal("unknown", name) }
        if spec.statuses.isEmpty ? false : !spec.statuses.contains(record.status) { throw RegisterRefusal("status") }
        return try RegisterValidator.validate(input, against: spec.fields, reference: reference, entries: record.history)
    }

    /// Validates an action: allowed from the present status, with the entries it needs. Returns its fields and the
    /// status after it.
    public static func action(
        _ name: String, _ input: RegisterFields, on record: RegisterRecord,
        reference: ReferenceData
    ) throws -> (fields: RegisterFields, status: String) {
        guard let spec = record.kind.schema.action(name) else { throw RegisterRefusal("unknown", name) }
        guard spec.from.contains(record.status) else { throw RegisterRefusal("status") }
        let fields = try RegisterValidator.validate(input, against: spec.fields, reference: reference)
        for requirement in spec.requires where !satisfied(requirement, record) { throw RegisterRefusal("missing", requirement) }
        return (fields, spec.to.isEmpty ? record.status : spec.to)
    }

    /// `kind` or `kind=field:value`.
    static func satisfied(_ requirement: String, _ record: RegisterRecord) -> Bool {
        let parts = requirement.split(separator: "=", maxSplits: 1).map(String.init)
        let entries = record.entries(parts[0])
        guard parts.count == 2 else { return !entries.isEmpty }
        let condition = parts[1].split(separator: ":", maxSplits: 1).map(String.init)
        return entries.contains { $0.fields[condition[0]]?.plain == condition.last }
    }

    /// The number a record adds to a figure: its quantity field (0 while it is not filled in), or 1 when the register
    /// has none.
    public static func quantity(of record: RegisterRecord) -> Int {
        guard let field = record.kind.schema.quantityField else { return 1 }
        return record.fields[field]?.number ?? 0
    }

    /// The number an entry adds to a figure (人次): its quantity field, or 1.
    public static func quantity(of entry: RegisterEvent, in kind: RegisterKind) -> Int {
        kind.schema.entry(entry.name)?.quantity.flatMap { entry.fields[$0]?.number } ?? 1
    }
}
