/// A judge's time slot on a reception day.
public struct ReceptionSlot: Codable, Sendable, Equatable {
    public var id: Int64
    /// `yyyy-MM`.
    public var month: String
    public var judge: String
    /// The judge's court (or another member organisation of the legal linkage).
    public var organization: String
    public var starts: String
    public var ends: String
    public var place: String
    public var capacity: Int
    /// Bookings that are not cancelled.
    public var booked: Int

    public init(
        id: Int64, month: String, judge: String, organization: String, starts: String, ends: String, place: String,
        capacity: Int, booked: Int
    ) {
        self.id = id
        self.month = month
        self.judge = judge
        self.organization = organization
        self.starts = starts
        self.ends = ends
        self.place = place
        self.capacity = capacity
        self.booked = booked
    }

    public var remaining: Int { max(0, capacity - booked) }

    /// Validates a new slot for a month.
    public static func validated(
        month: String?, judge: String?, organization: String?, starts: String?, ends: String?, place: String?,
        capacity: String?, reference: ReferenceData
    ) throws(ValidationError) -> ReceptionSlot {
        let specs = [
            RegisterField("month", .month), RegisterField("judge", .text(max: 50)), RegisterField("organization", .organization),
            RegisterField("starts", .time), RegisterField("ends", .time), RegisterField("place", .text(max: 100)),
            RegisterField("capacity", .number(1...50)),
        ]
        let input: RegisterFields = [
            "month": month, "judge": judge, "organization": organization, "starts": starts, "ends": ends,
            "place": place, "capacity": capacity,
        ].compactMapValues { $0.map(RegisterValue.text) }
        let fields = try RegisterValidator.validate(input, against: specs, reference: reference)
        let slot = ReceptionSlot(
            id: 0, month: fields["month"]!.plain, judge: fields["judge"]!.plain, organization: fields["organization"]!.plain,
            starts: fields["starts"]!.plain, ends: fields["ends"]!.plain, place: fields["place"]!.plain,
            capacity: fields["capacity"]!.number!, booked: 0)
        guard slot.starts < slot.ends else { throw ValidationError("ends", "invalid") }
        return slot
    }
}
