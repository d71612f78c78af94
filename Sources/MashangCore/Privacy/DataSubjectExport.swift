import Foundation

/// Everything Mashang holds about one person, found by their phone (PIPL arts. 44–45: a person may see and copy
/// their personal information): each ticket they asked with its whole history, each register record and entry that
/// names their phone, and each legal-day booking. Contacts are in clear: the file is for the person.
public struct DataSubjectExport: Encodable, Sendable {
    public struct TicketCopy: Encodable, Sendable {
        public var state: TicketState
        public var events: [TicketEvent]
        public init(state: TicketState, events: [TicketEvent]) {
            self.state = state
            self.events = events
        }
    }

    public var format = "mashang-data-subject-v1"
    public var generatedAt: Date
    /// The phone as searched, normalised.
    public var phone: String
    public var tickets: [TicketCopy]
    public var registerRecords: [RegisterRecord]
    public var receptionBookings: [ReceptionBooking]

    public init(
        generatedAt: Date, phone: String, tickets: [TicketCopy], registerRecords: [RegisterRecord],
        receptionBookings: [ReceptionBooking]
    ) {
        self.generatedAt = generatedAt
        self.phone = phone
        self.tickets = tickets
        self.registerRecords = registerRecords
        self.receptionBookings = receptionBookings
    }
}

/// Who answers a person's request about their data: the joint centre's supervisors, who oversee every
/// organisation's handling (the other organisations hold only their own part of a person's requests).
public enum DataSubjectPolicy {
    public static func mayHandle(_ staff: StaffActor) -> Bool { staff.isJointCentre && staff.role == .supervisor }

    /// The register fields, of a record or its entries, that hold a phone.
    public static func phoneFields(of kind: RegisterKind) -> Set<String> {
        let schema = kind.schema
        var names = Set(schema.fields.filter { $0.type == .phone }.map(\.name))
        for entry in schema.entries { names.formUnion(entry.fields.filter { $0.type == .phone }.map(\.name)) }
        return names
    }
}
