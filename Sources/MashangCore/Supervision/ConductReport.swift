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
            let base: Int = switch figure {
            case .sentBack, .bounced: dispatches
            case .overdue: limitsDue
            case .extensionRequested: acknowledged
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
    /// The tickets the figures were worked out from, and how many had activity in the period: equal unless a bound was
    /// met, which every page then states with its numbers.
    public var ticketsRead = 0, ticketsWithActivity = 0
    public var isComplete: Bool { ticketsRead >= ticketsWithActivity }

    /// - Parameters:
    ///   - tickets: the tickets with activity in the period (the caller's scope).
    ///   - period: ends no later than now, so a limit still running at its end is not late yet.
    ///   - deadlines: each ticket's limits.
    public static func compute(_ tickets: [StoredTicket], period: DateInterval, deadlines: (StoredTicket) -> [Deadline]) -> ConductReport {
        var units: [String: Unit] = [:]
        func key(_ organization: String, _ department: String?) -> String { organization + "|" + (department ?? "") }
        func update(_ organization: String, _ department: String?, _ change: (inout Unit) -> Void) {
            for department in Set([nil, department]) {
                change(&units[key(organization, department), default: Unit(organization: organization, department: department)])
            }
        }
        func add(_ figure: Figure, _ number: String, _ organization: String, _ department: String?) {
            update(organization, department) { unit in
                if !(unit.tickets[figure] ?? []).contains(number) { unit.tickets[figure, default: []].append(number) }
            }
        }
        var replies: [String: [(text: String, ticket: String)]] = [:]

        for ticket in tickets {
            let number = ticket.state.number
            var organization = ticket.state.leadOrganization, department: String?
            var sentBackBy: [String] = []
            var closedAt: Date?
            for event in ticket.events {
                let inPeriod = period.contains(event.occurredAt)
                switch event.change {
                case .dispatched(let dispatch):
                    if dispatch.binding && sentBackBy.contains(dispatch.organization) && inPeriod {
                        add(.bounced, number, dispatch.organization, nil)
                    }
                    organization = dispatch.organization
                    department = dispatch.department
                    if inPeriod { update(organization, department) { $0.dispatches += 1 } }
                case .sentBack:
                    sentBackBy.append(organization)
                    if inPeriod { add(.sentBack, number, organization, department) }
                    department = nil
                case .assigned(let assignment):
                    department = assignment.department
                case .acknowledged:
                    if inPeriod { update(organization, department) { $0.acknowledged += 1 } }
                case .extensionRequested:
                    if inPeriod { add(.extensionRequested, number, organization, department) }
                case .replied(let reply):
                    if inPeriod { replies[organization, default: []].append((reply.text, number)) }
                case .followedUp(let followUp):
                    if followUp.selfRecorded && inPeriod { add(.selfRecordedRating, number, organization, department) }
                    if followUp.satisfaction.closesTicket {
                        closedAt = event.occurredAt
                        if inPeriod { update(organization, department) { $0.closed += 1; $0.ended += 1 } }
                    } else if let closed = closedAt, period.contains(closed) {
                        add(.reopenedAfterClosure, number, organization, department)
                        closedAt = nil
                    }
                    if inPeriod {
                        update(organization, department) { $0.ratings += 1 }
                        if !followUp.satisfaction.closesTicket { add(.unsatisfied, number, organization, department) }
                    }
                case .reopened:
                    if let closed = closedAt, period.contains(closed) { add(.reopenedAfterClosure, number, organization, department) }
                    closedAt = nil
                case .closedUnrated:
                    closedAt = event.occurredAt
                    if inPeriod {
                        add(.closedWithoutContact, number, organization, department)
                        update(organization, department) { $0.closed += 1; $0.ended += 1 }
                    }
                case .rejected, .merged:
                    // Ended by whoever decided it (the holder at the joint desk, or the lead organisation).
                    guard inPeriod else { break }
                    let unit = event.actor.organization ?? organization
                    add(event.change.isRejection ? .rejected : .merged, number, unit, nil)
                    update(unit, nil) { $0.ended += 1 }
                default:
                    break
                }
            }
            // Limits due in the period, late by the one rule every figure uses (`Deadline.isLate`).
            for deadline in deadlines(ticket) where period.contains(deadline.due) {
                update(deadline.organization, deadline.department) { $0.limitsDue += 1 }
                if deadline.isLate(at: period.end) { add(.overdue, number, deadline.organization, deadline.department) }
            }
        }
        let ordered = units.values.sorted { ($0.organization, $0.department ?? "") < ($1.organization, $1.department ?? "") }
        return ConductReport(units: ordered, boilerplate: boilerplateReplies(replies), ticketsRead: tickets.count, ticketsWithActivity: tickets.count)
    }

    /// Replies of an organisation whose character bigrams overlap by 90 % or more (Jaccard) on different tickets.
    static func boilerplateReplies(_ replies: [String: [(text: String, ticket: String)]]) -> [Boilerplate] {
        var found: [Boilerplate] = []
        for (organization, list) in replies.sorted(by: { $0.key < $1.key }) {
            var groups: [(grams: Set<String>, text: String, tickets: [String])] = []
            for reply in list.prefix(2000) {
                let grams = TextSimilarity.bigrams(reply.text)
                guard grams.count >= 4 else { continue }
                if let index = groups.firstIndex(where: { TextSimilarity.jaccard($0.grams, grams) >= 0.9 }) {
                    if !groups[index].tickets.contains(reply.ticket) { groups[index].tickets.append(reply.ticket) }
                } else {
                    groups.append((grams, reply.text, [reply.ticket]))
                }
            }
            found += groups.filter { $0.tickets.count >= 3 }.map { Boilerplate(organization: organization, text: $0.text, tickets: $0.tickets) }
        }
        return found
    }
}

extension TicketChange {
    var isRejection: Bool { if case .rejected = self { true } else { false } }
}
