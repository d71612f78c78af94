import Foundation

/// What the figures count about one ticket: a pure function of its history, so that the rollups maintained as
/// tickets change can always be checked against a recount from the events.
public struct TicketFacts: Sendable, Equatable {
    /// The China day the request was received: every figure counts a ticket on that day (a cohort), so the volume
    /// of a month never moves and its rates settle as its tickets are worked through.
    public var receivedDay: ChinaDay
    public var channel: Channel
    public var kind: TicketKind
    public var category: String
    public var area: String
    /// The organisation responsible now (the lead after dispatch) and its department.
    public var organization: String
    public var department: String?
    /// The tier it was resolved at (`ResolutionTier`); for a ticket not answered yet, the level of the unit holding it.
    public var tier: Tier
    /// "all" and the party keys of `TicketScope`: whose dashboards count the ticket.
    public var scopes: [String]
    /// The 0/1 measures of `FigureMeasure` that hold for the ticket.
    public var flags: Set<FigureMeasure>
    /// Seconds from receipt to the first sign-for, to the first contact with the requester, to closure.
    public var signSeconds: Int?
    public var contactSeconds: Int?
    public var closeSeconds: Int?
    /// When the ticket's lateness can next change without a new event (a running limit falls due); the refresher
    /// looks at it again then.
    public var recheckAt: Date?

    public static let allScope = "all"

    public init(
        receivedDay: ChinaDay, channel: Channel, kind: TicketKind, category: String, area: String, organization: String,
        department: String?, tier: Tier, scopes: [String], flags: Set<FigureMeasure>,
        signSeconds: Int?, contactSeconds: Int?, closeSeconds: Int?, recheckAt: Date? = nil
    ) {
        self.receivedDay = receivedDay
        self.channel = channel
        self.kind = kind
        self.category = category
        self.area = area
        self.organization = organization
        self.department = department
        self.tier = tier
        self.scopes = scopes
        self.flags = flags
        self.signSeconds = signSeconds
        self.contactSeconds = contactSeconds
        self.closeSeconds = closeSeconds
        self.recheckAt = recheckAt
    }

    /// - Parameters:
    ///   - lateness: the ticket's lateness now (`TimeRules.lateness`); a ticket never dispatched has none.
    ///   - tier: `ResolutionTier.of(ticket, reference:)`.
    public init(_ ticket: StoredTicket, lateness: Lateness, tier: Tier) {
        let state = ticket.state
        receivedDay = ChinaDay(state.receivedAt)
        channel = state.channel
        kind = state.kind
        category = state.category
        area = state.area
        organization = state.leadOrganization
        department = state.department
        self.tier = tier
        scopes = [Self.allScope] + state.parties.sorted()
        var flags: Set<FigureMeasure> = [.received]
        var signedAt: Date?, contactedAt: Date?
        var sentBackBy: [String] = [], holder = ""
        for event in ticket.events {
            switch event.change {
            case .created(let created):
                holder = created.draft.holder
            case .dispatched(let dispatch):
                if dispatch.binding && sentBackBy.contains(dispatch.organization) { flags.insert(.bounced) }
                holder = dispatch.organization
            case .sentBack:
                sentBackBy.append(holder)
            case .acknowledged:
                if signedAt == nil { signedAt = event.occurredAt }
            case .contacted, .replied, .answered, .answeredAtSource:
                if contactedAt == nil { contactedAt = event.occurredAt }
            default:
                break
            }
        }
        // Lateness comes from the limits themselves, never from the sweeper's notices: a limit met late between two
        // sweeps, or on a node without a sweeper, is late all the same.
        if lateness.overdue { flags.insert(.overdue) }
        recheckAt = lateness.recheckAt
        if let signedAt {
            flags.insert(.responded)
            if !lateness.signForLate { flags.insert(.respondedOnTime) }
            signSeconds = Self.seconds(from: state.receivedAt, to: signedAt)
        }
        if let contactedAt {
            flags.insert(.contacted)
            contactSeconds = Self.seconds(from: state.receivedAt, to: contactedAt)
        }
        if state.status == .closed, let closedAt = state.closedAt {
            flags.insert(.closed)
            closeSeconds = Self.seconds(from: state.receivedAt, to: closedAt)
            if case .closedUnrated = ticket.events.last(where: { $0.change.closes })?.change {
                flags.insert(.closedUnrated)
            } else {
                flags.insert(.closedAnswered)
            }
        }
        let selfRecorded = state.followUps.last?.selfRecorded ?? false
        switch state.satisfaction {
        case .satisfied: flags.insert(selfRecorded ? .selfSatisfied : .satisfied)
        case .basicallySatisfied: flags.insert(selfRecorded ? .selfBasicallySatisfied : .basicallySatisfied)
        case .unsatisfied: flags.insert(selfRecorded ? .selfUnsatisfied : .unsatisfied)
        case nil: break
        }
        self.flags = flags
    }

    /// The facts as the rules and units in force give them now: lateness from the limits, tier from the units' levels.
    public init(_ ticket: StoredTicket, rules: TimeRules, reference: ReferenceData, at now: Date) {
        self.init(ticket, lateness: rules.lateness(of: ticket, at: now), tier: ResolutionTier.of(ticket, reference: reference))
    }

    private static func seconds(from start: Date, to end: Date) -> Int { max(0, Int(end.timeIntervalSince(start))) }

    /// The value of a dimension for this ticket.
    public func value(of dimension: FigureDimension) -> String {
        switch dimension {
        case .total: ""
        case .channel: channel.rawValue
        case .kind: kind.rawValue
        case .category: category
        case .area: area
        case .organization: organization
        case .department: department ?? ""
        case .tier: tier.rawValue
        case .areaCategory: area + "|" + category
        }
    }

    /// The counts this ticket adds to the rollups: per scope, for its received day, one row per dimension value
    /// with every measure, plus one row per duration bucket for the percentiles.
    public var contributions: [FigureKey: FigureCounts] {
        var counts = FigureCounts()
        for measure in flags { counts[measure] = 1 }
        if let signSeconds { counts[.signCount] = 1; counts[.signSeconds] = Int64(signSeconds) }
        if let contactSeconds { counts[.contactCount] = 1; counts[.contactSeconds] = Int64(contactSeconds) }
        if let closeSeconds { counts[.closeCount] = 1; counts[.closeSeconds] = Int64(closeSeconds) }
        var one = FigureCounts()
        one[.received] = 1
        var result: [FigureKey: FigureCounts] = [:]
        for scope in scopes {
            for dimension in FigureDimension.allCases {
                result[FigureKey(scope: scope, day: receivedDay.index, dimension: dimension.rawValue, value: value(of: dimension))] = counts
            }
            for (dimension, seconds) in [
                (DurationHistogram.signDimension, signSeconds), (DurationHistogram.contactDimension, contactSeconds),
                (DurationHistogram.closeDimension, closeSeconds),
            ] {
                guard let seconds else { continue }
                result[
                    FigureKey(scope: scope, day: receivedDay.index, dimension: dimension, value: String(DurationHistogram.bucket(seconds)))] =
                    one
            }
        }
        return result
    }
}

extension TicketChange {
    /// Whether the event ends the ticket as closed.
    var closes: Bool {
        switch self {
        case .followedUp(let followUp): followUp.satisfaction.closesTicket
        case .answered, .closedUnrated: true
        default: false
        }
    }
}
