import Foundation

/// 作风监督: conduct figures per organisation and department over a period, each with the tickets behind it.
/// Computed from the tickets' histories; every figure's definition is `ConductReport.Figure.definitionKey`.
public struct ConductReport: Sendable, Equatable {
    public enum Figure: String, Sendable, CaseIterable, Codable {
        /// Send-backs made by the unit.
        case sentBack
        /// 推诿: a send-back after which the joint centre's binding decision gave the ticket back to the same unit.
        case bounced
        /// Limits of the unit that fell due in the period and were missed (met late or still overdue).
        case overdue
        /// Extension requests made while the unit was responsible.
        case extensionRequested
        /// Pauses asked for while the unit was responsible: frequent pausing is a sign of 推诿 (passing the buck).
        case paused
        /// Tickets closed in the period that were reopened afterwards (unsatisfied rating or a supervisor).
        case reopenedAfterClosure
        /// Unsatisfied ratings.
        case unsatisfied
        /// Closed without any follow-up: no rating and no recorded call (closed as not rated).
        case closedWithoutContact
        /// 不予受理 decided by the unit: a request ended without being handled.
        case rejected
        /// Requests the unit merged into another ticket (ended here, answered there).
        case merged
        /// Follow-ups (ratings) recorded by the unit on a ticket it handles (自评), where the setting allowed it.
        case selfRecordedRating
    }

    /// The figures of one unit, each a count with the ticket numbers, and the bases the rates are taken over.
    public struct Unit: Sendable, Equatable, Codable {
        public var organization: String
        /// Nil for the organisation as a whole.
        public var department: String?
        public var tickets: [Figure: [String]] = [:]
        /// Denominators: dispatches received, limits due, tickets acknowledged, tickets closed, ratings received, and
        /// tickets the unit ended (closed, rejected or merged).
        public var dispatches = 0, limitsDue = 0, acknowledged = 0, closed = 0, ratings = 0, ended = 0

        public func count(_ figure: Figure) -> Int { tickets[figure]?.count ?? 0 }

        /// The rate of a figure over its base, nil when the base is empty.
        public func rate(_ figure: Figure) -> Double? {
            let base: Int =
                switch figure {
                case .sentBack, .bounced: dispatches
                case .overdue: limitsDue
                case .extensionRequested, .paused: acknowledged
                case .reopenedAfterClosure, .closedWithoutContact: closed
                case .unsatisfied, .selfRecordedRating: ratings
                case .rejected, .merged: ended
                }
            return base == 0 ? nil : Double(count(figure)) / Double(base)
        }
    }

    /// Replies of one unit that are near-identical across different tickets (boilerplate), with examples.
    public struct Boilerplate: Sendable, Equatable, Codable {
        public var organization: String
        public var text: String
        public var tickets: [String]
    }

    public var units: [Unit]
    public var boilerplate: [Boilerplate]
    /// Replies compared for boilerplate, and how many there were in the period: equal unless the per-organisation bound
    /// (`boilerplateLimit`) was met, which every page then states with its numbers.
    public var repliesCompared = 0, repliesInPeriod = 0
    public var isComplete: Bool { repliesCompared >= repliesInPeriod }

    /// Replies compared per organisation for boilerplate (the newest first).
    public static let boilerplateLimit = 2000

    public init(units: [Unit] = [], boilerplate: [Boilerplate] = []) {
        self.units = units
        self.boilerplate = boilerplate
    }

    /// Collects units from conduct marks (per unit, or per department with the organisation's totals added).
    public struct Builder {
        private var units: [String: Unit] = [:]

        public init() {}

        private mutating func update(_ organization: String, _ department: String?, _ change: (inout Unit) -> Void) {
            for department in Set([nil, department]) {
                change(&units[organization + "|" + (department ?? ""), default: Unit(organization: organization, department: department)])
            }
        }

        public mutating func add(_ figure: Figure, ticket number: String, organization: String, department: String?) {
            update(organization, department) { unit in
                if !(unit.tickets[figure] ?? []).contains(number) { unit.tickets[figure, default: []].append(number) }
            }
        }

        public mutating func add(_ base: ConductMarks.Base, count: Int, organization: String, department: String?) {
            update(organization, department) { unit in
                switch base {
                case .dispatches: unit.dispatches += count
                case .limitsDue: unit.limitsDue += count
                case .acknowledged: unit.acknowledged += count
                case .closed: unit.closed += count
                case .ratings: unit.ratings += count
                case .ended: unit.ended += count
                }
            }
        }

        /// The units in order, each figure's tickets in number order.
        public func report(boilerplate: [Boilerplate]) -> ConductReport {
            let ordered = units.values.map { unit in
                var unit = unit
                unit.tickets = unit.tickets.mapValues { $0.sorted() }
                return unit
            }.sorted { ($0.organization, $0.department ?? "") < ($1.organization, $1.department ?? "") }
            return ConductReport(units: ordered, boilerplate: boilerplate)
        }
    }

    /// The report over the days `from...to` from tickets' histories as of `now`, for every unit (nil) or one
    /// organisation's: what the rollups must equal.
    public static func compute(
        _ tickets: [StoredTicket], from: ChinaDay, to: ChinaDay, organization: String? = nil, at now: Date,
        boilerplateLimit: Int = boilerplateLimit, deadlines: (StoredTicket) -> [Deadline]
    ) -> ConductReport {
        var recount = Recount(from: from, to: to, organization: organization, at: now)
        for ticket in tickets { recount.add(ticket, deadlines: deadlines(ticket)) }
        return recount.report(boilerplateLimit: boilerplateLimit)
    }

    /// A recount fed one ticket at a time, so that a caller can read histories in batches.
    public struct Recount {
        private var builder = Builder()
        private var replies: [String: [(text: String, ticket: String, day: Int, sequence: Int)]] = [:]
        private let days: ClosedRange<Int>
        private let organization: String?
        private let now: Date

        public init(from: ChinaDay, to: ChinaDay, organization: String?, at now: Date) {
            days = from.index...to.index
            self.organization = organization
            self.now = now
        }

        private func counted(_ unit: String) -> Bool { organization.map { $0 == unit } ?? true }

        public mutating func add(_ ticket: StoredTicket, deadlines: [Deadline]) {
            let number = ticket.state.number
            let marks = ConductMarks.of(ticket, deadlines: deadlines, at: now)
            for (place, figures) in marks.figures where days.contains(place.day) && counted(place.organization) {
                for figure in figures {
                    builder.add(figure, ticket: number, organization: place.organization, department: place.department)
                }
            }
            for (place, bases) in marks.bases where days.contains(place.day) && counted(place.organization) {
                for (base, count) in bases {
                    builder.add(base, count: count, organization: place.organization, department: place.department)
                }
            }
            for reply in marks.replies where days.contains(reply.day) && counted(reply.organization) {
                replies[reply.organization, default: []].append((reply.text, number, reply.day, reply.sequence))
            }
        }

        public func report(boilerplateLimit: Int = ConductReport.boilerplateLimit) -> ConductReport {
            // The newest replies of each organisation, as the rollups read them.
            let compared = replies.mapValues { list in
                list.sorted { ($0.day, $0.ticket, $0.sequence) > ($1.day, $1.ticket, $1.sequence) }.prefix(boilerplateLimit).map {
                    ($0.text, $0.ticket)
                }
            }
            var report = builder.report(boilerplate: ConductReport.boilerplateReplies(compared))
            report.repliesInPeriod = replies.values.reduce(0) { $0 + $1.count }
            report.repliesCompared = compared.values.reduce(0) { $0 + $1.count }
            return report
        }
    }

    /// Replies of an organisation whose character bigrams overlap by 90 % or more (Jaccard) on different tickets.
    public static func boilerplateReplies(_ replies: [String: [(text: String, ticket: String)]]) -> [Boilerplate] {
        var found: [Boilerplate] = []
        for (organization, list) in replies.sorted(by: { $0.key < $1.key }) {
            var groups: [(grams: Set<String>, text: String, tickets: [String])] = []
            for reply in list {
                let grams = TextSimilarity.bigrams(reply.text)
                guard grams.count >= 4 else { continue }
                if let index = groups.firstIndex(where: { TextSimilarity.jaccard($0.grams, grams) >= 0.9 }) {
                    if !groups[index].tickets.contains(reply.ticket) { groups[index].tickets.append(reply.ticket) }
                } else {
                    groups.append((grams, reply.text, [reply.ticket]))
                }
            }
            found += groups.filter { $0.tickets.count >= 3 }.map {
                Boilerplate(organization: organization, text: $0.text, tickets: $0.tickets)
            }
        }
        return found
    }
}
