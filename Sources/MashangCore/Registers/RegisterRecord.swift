import Foundation

/// One change of a register record, appended to its history; the record is derived from its events.
public struct RegisterEvent: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        /// The record was opened with its fields.
        case created
        /// An entry (session, party, visit, inspection…) was added; `name` is the entry kind.
        case entry
        /// An action changed the record's status (and possibly fields); `name` is the action, `status` the new one.
        case action
        /// A ticket was raised from the record, or an existing one linked; `fields.number` holds its number.
        case ticket
    }

    public var sequence: Int
    public var kind: Kind
    public var name: String
    public var fields: RegisterFields
    /// The status after the event.
    public var status: String
    public var actor: EventActor
    public var occurredAt: Date

    public init(sequence: Int, kind: Kind, name: String, fields: RegisterFields, status: String, actor: EventActor, occurredAt: Date) {
        self.sequence = sequence
        self.kind = kind
        self.name = name
        self.fields = fields
        self.status = status
        self.actor = actor
        self.occurredAt = occurredAt
    }
}

/// A record of one register as derived from its history.
public struct RegisterRecord: Codable, Sendable, Equatable {
    public var id: Int64
    public var kind: RegisterKind
    public var status: String
    /// The owning organisation (lists and figures count the record there).
    public var organization: String
    /// Every organisation that sees the record (the owner, co-owners of a risk, a mediation's ticket's parties).
    public var parties: [String]
    public var fields: RegisterFields
    /// The day that places the record in time (figures), `yyyy-MM-dd`.
    public var day: String
    public var history: [RegisterEvent]

    public init(id: Int64, kind: RegisterKind, organization: String, parties: [String], day: String, history: [RegisterEvent]) {
        self.id = id
        self.kind = kind
        self.organization = organization
        self.parties = parties
        self.day = day
        self.history = history
        status = kind.schema.initialStatus
        fields = [:]
        for event in history { apply(event) }
    }

    /// A record as a list row holds it: present fields and status, without its history.
    public init(id: Int64, kind: RegisterKind, status: String, organization: String, parties: [String], fields: RegisterFields, day: String)
    {
        self.id = id
        self.kind = kind
        self.status = status
        self.organization = organization
        self.parties = parties
        self.fields = fields
        self.day = day
        history = []
    }

    public mutating func apply(_ event: RegisterEvent) {
        switch event.kind {
        case .created:
            fields = event.fields
        case .action:
            // An action's field named like a record field replaces it (a risk's new level, an event's attendance).
            for (name, value) in event.fields where kind.schema.field(name) != nil { fields[name] = value }
        case .entry, .ticket:
            break
        }
        status = event.status
    }

    public var version: Int { history.count }
    public var title: String { fields[kind.schema.titleField]?.plain ?? "" }
    public var createdAt: Date { history.first?.occurredAt ?? .distantPast }
    public var createdBy: String { history.first?.actor.username ?? "" }
    public var updatedAt: Date { history.last?.occurredAt ?? .distantPast }
    public var isClosed: Bool { kind.schema.isClosed(status) }

    /// Entries of a kind, oldest first.
    public func entries(_ name: String) -> [RegisterEvent] { history.filter { $0.kind == .entry && $0.name == name } }

    /// Tickets raised from or linked to the record, with the entry they came from (if any).
    public var tickets: [String] {
        var numbers: [String] = []
        if let ticket = fields["ticket"]?.text { numbers.append(ticket) }
        numbers += fields["tickets"]?.list ?? []
        for event in history where event.kind == .ticket {
            if let number = event.fields["number"]?.text, !numbers.contains(number) { numbers.append(number) }
        }
        return numbers
    }

    /// The record with every personal field of the record and its entries masked.
    public var masked: RegisterRecord {
        var copy = self
        let schema = kind.schema
        for field in schema.fields where field.personal {
            copy.fields[field.name] = copy.fields[field.name].map { RegisterMask.mask($0, field.type) }
        }
        copy.history = history.map { event in
            var event = event
            let specs = event.kind == .entry ? schema.entry(event.name)?.fields ?? [] : event.kind == .created ? schema.fields : []
            for field in specs where field.personal {
                event.fields[field.name] = event.fields[field.name].map { RegisterMask.mask($0, field.type) }
            }
            return event
        }
        return copy
    }

    /// Whether any personal field holds a value (so that a reveal button makes sense).
    public var hasPersonalData: Bool { masked != self }
}

/// How personal data reads outside the people who may reveal it: phones `138****5678`, names and addresses with
/// only their first character.
public enum RegisterMask {
    public static func mask(_ value: RegisterValue, _ type: RegisterFieldType) -> RegisterValue {
        guard case .text(let text) = value else { return value }
        if type == .phone { return .text(PhoneNumber.masked(text)) }
        guard let first = text.first else { return value }
        return .text(String(first) + String(repeating: "*", count: min(max(text.count - 1, 1), 6)))
    }
}
