import Foundation
import MashangCore

/// A person's request about their own data (PIPL arts. 44–45), answered by the joint centre: everything held about
/// the person with this phone, found through the keyed hash the tickets and bookings keep (registers are searched
/// field by field, since their phones are sealed inside the record). Every export is audited with its reason.
public struct DataSubjectService: Sendable {
    let dependencies: AppDependencies

    public init(dependencies: AppDependencies) {
        self.dependencies = dependencies
    }

    /// Register records are read this many at a time.
    static let batchSize = 500

    public func export(phone raw: String?, reason raw2: String?, by staff: StaffActor, address: String) async throws
        -> DataSubjectExport
    {
        guard DataSubjectPolicy.mayHandle(staff) else { throw AccessError.forbidden }
        var rules = FieldRules()
        var phone: String?
        if let text = rules.text(raw, "phone", max: 20) {
            phone = PhoneNumber.normalized(text)
            if phone == nil { rules.add("phone", "invalid") }
        }
        let reason = rules.text(raw2, "reason", max: 200)
        try rules.check()
        guard let phone, let reason else { throw AccessError.forbidden }
        let stores = dependencies.stores
        let digest = stores.phoneDigest(phone)

        var tickets: [DataSubjectExport.TicketCopy] = []
        var page = 1
        while true {
            let found = try await stores.tickets.tickets(
                matching: TicketQuery(phoneDigest: digest, oldestFirst: true, page: page, pageSize: 200))
            for summary in found.items {
                if let ticket = try await stores.tickets.ticket(number: summary.number) {
                    tickets.append(.init(state: ticket.state, events: ticket.events))
                }
            }
            if found.items.count < found.pageSize { break }
            page += 1
        }

        var records: [RegisterRecord] = []
        var after: Int64 = 0
        while true {
            let batch = try await stores.registers.batch(after: after, limit: Self.batchSize, fromDay: nil, toDay: nil)
            records += batch.records.filter { names(phone: digest, in: $0) }
            guard let last = batch.lastID else { break }
            after = last
        }

        let bookings = try await stores.reception.bookings(
            fromMonth: nil, toMonth: nil, statuses: ReceptionBooking.Status.allCases, organization: nil
        ).map(\.booking).filter { PhoneNumber.normalized($0.phone).map(stores.phoneDigest) == digest }

        try await Auditor(dependencies: dependencies).record(
            "privacy.export", by: staff, subject: PhoneNumber.masked(phone), address: address,
            detail: "\(reason); \(tickets.count) tickets, \(records.count) register records, \(bookings.count) bookings")
        return DataSubjectExport(
            generatedAt: dependencies.clock(), phone: phone, tickets: tickets, registerRecords: records, receptionBookings: bookings)
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
