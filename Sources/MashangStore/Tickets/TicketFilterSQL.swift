import Foundation
import MashangCore
import SQLKit

/// The FROM, WHERE and ORDER BY of a ticket list query. Every value is bound.
struct TicketSelection {
    var from: SQLQueryString
    var filter: SQLQueryString
    var order: SQLQueryString
}

enum TicketFilterSQL {
    static func selection(for query: TicketQuery, flavor: SQLFlavor) -> TicketSelection {
        var conditions: [SQLQueryString] = []
        var from: SQLQueryString = "tickets t"
        let direction = query.oldestFirst ? "ASC" : "DESC"
        var order: SQLQueryString = "t.id \(unsafeRaw: direction)"
        if let party = query.scope.partyKey {
            // A scoped list is driven by the party's own index entries, newest first: an organisation that has
            // seen 400,000 tickets reaches its first page after 50 entries, and a department with none at once.
            from = "ticket_parties p JOIN tickets t ON t.id = p.ticket_id"
            conditions.append("p.party = \(bind: party)")
            order = "p.ticket_id \(unsafeRaw: direction)"
        }
        if query.dueFirst {
            // NULLs (no open task) sort last in ascending order on PostgreSQL and first on SQLite: say so explicitly.
            order = "t.next_due IS NULL, t.next_due ASC, t.id ASC"
        }
        if !query.statuses.isEmpty { conditions.append("t.status IN (\(binds: query.statuses.map(\.rawValue)))") }
        if let organization = query.organization { conditions.append("t.lead_org = \(bind: organization)") }
        if let department = query.department { conditions.append("t.department = \(bind: department)") }
        if let categories = query.categories { conditions.append(membership("t.category", categories)) }
        if let areas = query.areas { conditions.append(membership("t.area", areas)) }
        if let channel = query.channel { conditions.append("t.channel = \(bind: channel.rawValue)") }
        if let channels = query.channels { conditions.append(membership("t.channel", channels.map(\.rawValue))) }
        if let kind = query.kind { conditions.append("t.kind = \(bind: kind.rawValue)") }
        if let digest = query.phoneDigest { conditions.append("t.requester_phone_hash = \(bind: digest)") }
        switch query.due {
        case .between(let first, let last): conditions.append("t.next_due >= \(bind: first) AND t.next_due <= \(bind: last)")
        case .before(let day): conditions.append("t.next_due < \(bind: day)")
        case .noOpenTasks: conditions.append("t.next_due IS NULL")
        case nil: break
        }
        if let from = query.receivedFrom { conditions.append("t.received_at >= \(bind: StoreTime.milliseconds(from))") }
        if let before = query.receivedBefore { conditions.append("t.received_at < \(bind: StoreTime.milliseconds(before))") }
        if let text = query.text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            conditions.append(textCondition(text, flavor: flavor))
        }
        return TicketSelection(from: from, filter: conditions.isEmpty ? "1 = 1" : conditions.joined(separator: " AND "), order: order)
    }

    private static func membership(_ column: String, _ values: [String]) -> SQLQueryString {
        values.isEmpty ? "1 = 0" : "\(unsafeRaw: column) IN (\(binds: values))"
    }

    /// Ticket numbers match exactly; other text matches Chinese-aware substrings of the description.
    private static func textCondition(_ text: String, flavor: SQLFlavor) -> SQLQueryString {
        if TicketNumber.isNumber(text) { return "t.number = \(bind: text)" }
        let phrases = SearchText.queryPhrases(text)
        guard !phrases.isEmpty else { return "1 = 0" }
        switch flavor {
        case .sqlite:
            // Each phrase of bigrams is an FTS5 phrase; the prefix mark lets a lone character or a partial word match.
            let match = phrases.map { "\"" + $0.joined(separator: " ") + "\"*" }.joined(separator: " AND ")
            return "t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH \(bind: match))"
        case .postgres:
            // The GIN index narrows by bigrams; ILIKE on each white-space separated part keeps the match exact.
            let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
            var conditions: [SQLQueryString] = []
            let bigrams = phrases.flatMap { $0 }.filter { $0.count == 2 && $0.allSatisfy(SearchText.isIdeograph) }
            if !bigrams.isEmpty { conditions.append("t.search_terms @> \(bind: bigrams)") }
            for part in parts {
                conditions.append("t.description ILIKE \(bind: "%" + escapeLike(part) + "%") ESCAPE '\\'")
            }
            return "(" + conditions.joined(separator: " AND ") + ")"
        }
    }

    private static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
