import Foundation

/// What a field holds, and so how it is validated and shown.
public enum RegisterFieldType: Sendable, Equatable {
    /// One line of text of at most this many characters.
    case text(max: Int)
    /// Several lines (minutes, terms, findings).
    case longText(max: Int)
    /// A civil date `yyyy-MM-dd` (China time).
    case date
    /// A time of day `HH:mm`.
    case time
    /// A month `yyyy-MM`.
    case month
    /// One of these codes (labels in the catalogue under `register.choice.<code>`).
    case choice([String])
    /// Any number of these codes.
    case choices([String])
    /// A whole number in this range.
    case number(ClosedRange<Int>)
    /// A mainland phone number (personal data).
    case phone
    /// A ticket number the user may see.
    case ticket
    /// Ticket numbers separated by spaces or commas.
    case tickets
    /// An organisation code.
    case organization
    /// Several organisation codes.
    case organizations
    /// An area code.
    case area
    /// A category code.
    case category
    /// A check box that must be ticked (consent).
    case consent
    /// The sequence number of an earlier entry of this kind on the same record (an answer names its question).
    case entry(String)
}

/// One field of a record, an entry or an action.
public struct RegisterField: Sendable, Equatable {
    public var name: String
    public var type: RegisterFieldType
    public var required: Bool
    /// Personal data: stored sealed, shown masked to everyone who may not reveal it, every reveal audited.
    public var personal: Bool

    public init(_ name: String, _ type: RegisterFieldType, required: Bool = true, personal: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
        self.personal = personal
    }
}

/// A kind of entry appended to a record (a session, a party, an inspection, a visit…).
public struct RegisterEntryKind: Sendable, Equatable {
    public var name: String
    public var fields: [RegisterField]
    /// Statuses in which the entry may be added (all open statuses when empty).
    public var statuses: Set<String>
    /// The field whose number counts the entry in figures (人次); absent: each entry counts 1.
    public var quantity: String?

    public init(_ name: String, _ fields: [RegisterField], statuses: Set<String> = [], quantity: String? = nil) {
        self.name = name
        self.fields = fields
        self.statuses = statuses
        self.quantity = quantity
    }
}

/// A status change of a record, with its own fields and the entries it needs first.
public struct RegisterAction: Sendable, Equatable {
    public var name: String
    public var from: Set<String>
    public var to: String
    public var fields: [RegisterField]
    /// Entry kinds that must exist (at least once) before this action; a `kind=field:value` form requires an entry
    /// of the kind whose field has that value.
    public var requires: [String]
    /// Taking this action erases the record's personal data: its personal fields, and those of every entry, are
    /// removed from the record and its history (a household withdrawing its consent; PIPL art. 47).
    public var erasesPersonalData: Bool

    public init(
        _ name: String, from: Set<String>, to: String, _ fields: [RegisterField] = [], requires: [String] = [],
        erasesPersonalData: Bool = false
    ) {
        self.name = name
        self.from = from
        self.to = to
        self.fields = fields
        self.requires = requires
        self.erasesPersonalData = erasesPersonalData
    }
}

/// The shape of one register: its record fields, statuses, entries and actions. The six arms of the mechanism are
/// values of this type (`RegisterKind.schema`), so that one engine validates, stores, shows and counts all of them.
public struct RegisterSchema: Sendable {
    public var kind: RegisterKind
    public var fields: [RegisterField]
    public var initialStatus: String
    /// Every status, in the order lists show them; `closedStatuses` end the record's work.
    public var statuses: [String]
    public var closedStatuses: Set<String>
    public var entries: [RegisterEntryKind]
    public var actions: [RegisterAction]
    /// The field that names the record in lists.
    public var titleField: String
    /// The date field that places the record in time (its figures' day); absent: the day it was created.
    public var dayField: String?
    /// The field naming the record's owning organisation; absent: the creator's organisation.
    public var organizationField: String?
    /// The field whose number counts the record in figures (attendance); absent: 1.
    public var quantityField: String?
    /// The channels of tickets raised from its records (concerns, questions, calls); empty: raises none.
    public var ticketChannels: [Channel]
    /// Fields whose values together may appear on one record only (one report per unit and month).
    public var uniqueFields: [String]

    public func field(_ name: String) -> RegisterField? { fields.first { $0.name == name } }
    public func entry(_ name: String) -> RegisterEntryKind? { entries.first { $0.name == name } }
    public func action(_ name: String) -> RegisterAction? { actions.first { $0.name == name } }
    public func isClosed(_ status: String) -> Bool { closedStatuses.contains(status) }

    /// The fields an event of this register holds, by what the event is.
    public func fields(of event: RegisterEvent) -> [RegisterField] {
        switch event.kind {
        case .created: fields
        case .entry: entry(event.name)?.fields ?? []
        case .action: action(event.name)?.fields ?? []
        case .ticket: []
        }
    }

    /// Every personal field of the record and its entries (by entry kind; "" for the record itself).
    public var personalFields: [String: Set<String>] {
        var result: [String: Set<String>] = ["": Set(fields.filter(\.personal).map(\.name))]
        for entry in entries { result[entry.name] = Set(entry.fields.filter(\.personal).map(\.name)) }
        return result
    }
}
