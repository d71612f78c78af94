/// How long each step of a ticket may take, for one kind and urgency: signing for a dispatch (签收) and the first
/// contact with the requester in working hours, resolving (the reply) in working days, and the share of each limit
/// after which a warning is raised.
public struct TimeLimits: Codable, Sendable, Equatable {
    public var signForHours: Double
    public var firstContactHours: Double
    public var resolveDays: Int
    /// 0 < warnShare < 1: e.g. 0.8 warns when 80 % of the limit has passed.
    public var warnShare: Double

    public init(signForHours: Double, firstContactHours: Double, resolveDays: Int, warnShare: Double = 0.8) throws(ValidationError) {
        var rules = FieldRules()
        rules.require(signForHours > 0 && signForHours <= 240, "signForHours", "invalid")
        rules.require(firstContactHours > 0 && firstContactHours <= 480, "firstContactHours", "invalid")
        rules.require(resolveDays >= 1 && resolveDays <= 120, "resolveDays", "invalid")
        rules.require(warnShare > 0 && warnShare < 1, "warnShare", "invalid")
        try rules.check()
        self.signForHours = signForHours
        self.firstContactHours = firstContactHours
        self.resolveDays = resolveDays
        self.warnShare = warnShare
    }
}

/// The limits per kind and urgency. Administrators override any pair; the rest come from the defaults below.
public struct TimePolicy: Sendable, Equatable {
    public struct Key: Hashable, Sendable {
        public var kind: TicketKind
        public var urgency: Urgency
        public init(_ kind: TicketKind, _ urgency: Urgency) {
            self.kind = kind
            self.urgency = urgency
        }
    }

    public private(set) var overrides: [Key: TimeLimits]
    /// Working days a supervision notice on a missed resolve limit may stay unanswered before the ticket is
    /// escalated one tier (grassroots → organisation → joint centre).
    public var escalateAfterDays: Int
    /// Days after the reply that the requester has to rate it; then the ticket closes as "not rated".
    public var followUpDays: Int
    /// The petition limits (信访工作条例): fixed by the regulation but for whether a last day off rolls on.
    public var petition: PetitionRules

    public init(
        overrides: [Key: TimeLimits] = [:], escalateAfterDays: Int = 2, followUpDays: Int = 7, petition: PetitionRules = .statutory
    ) {
        self.overrides = overrides
        self.escalateAfterDays = escalateAfterDays
        self.followUpDays = followUpDays
        self.petition = petition
    }

    public func limits(_ kind: TicketKind, _ urgency: Urgency) -> TimeLimits {
        overrides[Key(kind, urgency)] ?? Self.defaultLimits(kind, urgency)
    }

    /// The documented defaults (docs/time-limits.md): by urgency, sign for within 8 / 2 / 1 working hours, first
    /// contact within 16 / 4 / 2, resolve within 5 / 2 / 1 working days; consultations resolve within 3 days at
    /// normal urgency and disputes (which may go to mediation) within 15; warn at 80 %.
    public static func defaultLimits(_ kind: TicketKind, _ urgency: Urgency) -> TimeLimits {
        let (sign, contact, days): (Double, Double, Int) =
            switch urgency {
            case .normal: (8, 16, 5)
            case .urgent: (2, 4, 2)
            case .critical: (1, 2, 1)
            }
        var resolve = days
        if urgency == .normal {
            switch kind {
            case .consultation: resolve = 3
            case .dispute: resolve = 15
            case .help, .complaint, .suggestion, .praise: break
            }
        }
        return try! TimeLimits(signForHours: sign, firstContactHours: contact, resolveDays: resolve)
    }
}
