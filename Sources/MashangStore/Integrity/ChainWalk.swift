import Foundation
import MashangCore
import SQLKit

/// One stored ticket event with its chain columns.
struct ChainedEvent: Sendable {
    var sequence: Int
    var type: String
    var actor: String
    var actorOrg: String?
    var occurredAt: Int64
    var payload: String
    var contentDigest: String?
    var prevHash: String?
    var hash: String?

    static let columns: SQLQueryString =
        "ticket_id, sequence, type, actor, actor_org, occurred_at, payload, content_digest, prev_hash, hash"

    init(_ row: any SQLRow) throws {
        sequence = try row.decode(column: "sequence", as: Int.self)
        type = try row.decode(column: "type", as: String.self)
        actor = try row.decode(column: "actor", as: String.self)
        actorOrg = try row.decode(column: "actor_org", as: String?.self)
        occurredAt = try row.decode(column: "occurred_at", as: Int64.self)
        payload = try row.decode(column: "payload", as: String.self)
        contentDigest = try row.decode(column: "content_digest", as: String?.self)
        prevHash = try row.decode(column: "prev_hash", as: String?.self)
        hash = try row.decode(column: "hash", as: String?.self)
    }

    /// For a `requesterAnonymised` or `requesterCorrected` event, the digest of the creation payload it attests.
    var attestedCreationDigest: String? {
        guard type == "requesterAnonymised" || type == "requesterCorrected" else { return nil }
        switch try? JSONDecoder().decode(TicketChange.self, from: Data(payload.utf8)) {
        case .requesterAnonymised(let anonymisation): return anonymisation.creationDigest
        case .requesterCorrected(let correction): return correction.creationDigest
        default: return nil
        }
    }

    func recomputed(number: String) -> String {
        ChainHash.event(
            prev: prevHash ?? "", number: number, sequence: sequence, type: type, actor: actor, actorOrg: actorOrg,
            occurredAt: occurredAt, contentDigest: contentDigest ?? "")
    }
}

/// One stored audit line with its chain columns.
struct ChainedAuditLine: Sendable {
    var id: Int64
    var entry: AuditEntry
    var atMilliseconds: Int64
    var day: String?
    var prevHash: String?
    var hash: String?

    init(_ row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        entry = try SQLAuditStore.entry(row)
        atMilliseconds = try row.decode(column: "at", as: Int64.self)
        day = try row.decode(column: "day", as: String?.self)
        prevHash = try row.decode(column: "prev_hash", as: String?.self)
        hash = try row.decode(column: "hash", as: String?.self)
    }

    func recomputed() -> String {
        ChainHash.audit(
            prev: prevHash ?? "", day: day ?? "", at: atMilliseconds, actor: entry.actor, organization: entry.organization,
            action: entry.action, subject: entry.subject, address: entry.address, detail: entry.detail)
    }
}

/// The checks of one chain, pure: which record first breaks it, and how.
enum ChainWalk {
    /// A record as the link check sees it.
    struct Link {
        var name: String
        var prev: String?
        var hash: String?
        var recomputed: String
        /// Why the record's own content is wrong (nil: it is as hashed).
        var contentProblem: String?
    }

    /// The first broken link: a record without a hash or one that points past its predecessor to the record before
    /// that was inserted; a record pointing elsewhere follows a deleted one; a record whose hash or content does not
    /// recompute was altered.
    static func firstBreak(_ links: [Link]) -> IntegrityProblem? {
        var last = "", beforeLast: String?
        var lastName: String?
        for link in links {
            guard let hash = link.hash, let prev = link.prev else {
                return IntegrityProblem(.inserted, link.name, "no chain hash: written outside the application")
            }
            if prev != last {
                if let lastName, prev == beforeLast {
                    return IntegrityProblem(.inserted, lastName, "the next record is chained to the one before it")
                }
                return IntegrityProblem(.deleted, "before \(link.name)", "its predecessor's hash is not the one it was chained to")
            }
            if let problem = link.contentProblem { return IntegrityProblem(.altered, link.name, problem) }
            if link.recomputed != hash { return IntegrityProblem(.altered, link.name, "its fields no longer give its hash") }
            beforeLast = last
            last = hash
            lastName = link.name
        }
        return nil
    }

    /// The first problem in one ticket's stored history, given the version its row says it has.
    static func ticket(number: String, version: Int, events: [ChainedEvent]) -> IntegrityProblem? {
        if let gap = events.indices.first(where: { events[$0].sequence != $0 + 1 }) {
            return IntegrityProblem(.deleted, "ticket \(number) event \(gap + 1)", "the history jumps to event \(events[gap].sequence)")
        }
        let replacements = Set(events.compactMap(\.attestedCreationDigest))
        let links = events.map { event in
            let content = ChainHash.content(event.payload)
            // An anonymised creation event no longer gives its digest; a later event of the chain names what replaced it.
            let attested = event.sequence == 1 && replacements.contains(content)
            return Link(
                name: "ticket \(number) event \(event.sequence)", prev: event.prevHash, hash: event.hash,
                recomputed: event.recomputed(number: number),
                contentProblem: content == event.contentDigest || attested ? nil : "its payload differs from its digest")
        }
        if let problem = firstBreak(links) { return problem }
        if events.count < version {
            return IntegrityProblem(.deleted, "ticket \(number) event \(events.count + 1)", "the ticket is at version \(version)")
        }
        if events.count > version {
            return IntegrityProblem(.inserted, "ticket \(number) event \(version + 1)", "the ticket is at version \(version)")
        }
        return nil
    }

    /// The first problem in one day's audit chain.
    static func auditDay(_ lines: [ChainedAuditLine]) -> IntegrityProblem? {
        firstBreak(
            lines.map { line in
                let actualDay = SQLIntegrityStore.day(ofMilliseconds: line.atMilliseconds)
                return Link(
                    name: "audit line \(line.id) (\(line.day ?? "no day"))", prev: line.prevHash, hash: line.hash,
                    recomputed: line.recomputed(),
                    contentProblem: line.day == actualDay ? nil : "its day is not the day of its time (\(actualDay))")
            })
    }
}
