import Foundation
import MashangCore
import SQLKit

/// The FROM, WHERE and ORDER BY of a ticket list query. Every value is bound.
struct TicketSelection {
    var from: SQLQueryString
    var filter: SQLQueryString
    var order: SQLQueryString
}

/// A column a SQLite list can be driven by: it has a covering index in intake order within each value (migrations 0019
/// and 0033), holding the other columns of this kind.
enum ListColumn: String, CaseIterable, Sendable {
    case status
    case lead = "lead_org"
    case category
    case area

    var index: String { self == .lead ? "tickets_lead" : "tickets_\(rawValue)" }
}

/// A list query's filters, sorted by what can drive the list: the indexed columns with their accepted values, the
/// full-text match (SQLite), and every other condition.
struct TicketConditions {
    var columns: [(column: ListColumn, values: [String])] = []
    var textMatch: String?
    var others: [SQLQueryString] = []

    /// Every condition but those on `skipped` and the text match, joined by AND ("1 = 1" when there is none).
    func filter(without skipped: ListColumn? = nil) -> SQLQueryString {
        var parts = columns.filter { $0.column != skipped }.map { TicketFilterSQL.membership("t.\($0.column.rawValue)", $0.values) }
        parts += others
        return parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ")
    }
}

enum TicketFilterSQL {
    static func selection(for query: TicketQuery, flavor: SQLFlavor) -> TicketSelection {
        var conditions = self.conditions(for: query, flavor: flavor)
        var from: SQLQueryString = "tickets t"
        let direction = query.oldestFirst ? "ASC" : "DESC"
        var order: SQLQueryString = "t.id \(unsafeRaw: direction)"
        if let party = query.scope.partyKey {
            // A scoped list is driven by the party's own index entries, newest first: an organisation that has
            // seen 400,000 tickets reaches its first page after 50 entries, and a department with none at once.
            from = "ticket_parties p JOIN tickets t ON t.id = p.ticket_id"
            conditions.others.append("p.party = \(bind: party)")
            order = "p.ticket_id \(unsafeRaw: direction)"
        }
        if query.dueFirst {
            // NULLs (no open task) sort last in ascending order on PostgreSQL and first on SQLite: say so explicitly.
            order = "t.next_due IS NULL, t.next_due ASC, t.id ASC"
        }
        if let match = conditions.textMatch {
            conditions.others.append("t.id IN (SELECT rowid FROM ticket_search WHERE ticket_search MATCH \(bind: match))")
        }
        return TicketSelection(from: from, filter: conditions.filter(), order: order)
    }

    /// The query's filters; the text match is SQLite's FTS5 expression, apart, and on PostgreSQL a condition.
    static func conditions(for query: TicketQuery, flavor: SQLFlavor) -> TicketConditions {
        var conditions = TicketConditions()
        if !query.statuses.isEmpty { conditions.columns.append((.status, query.statuses.map(\.rawValue))) }
        if let organization = query.organization { conditions.columns.append((.lead, [organization])) }
        if let categories = query.categories { conditions.columns.append((.category, categories)) }
        if let areas = query.areas { conditions.columns.append((.area, areas)) }
        if let department = query.department { conditions.others.append("t.department = \(bind: department)") }
        if let channel = query.channel { conditions.others.append("t.channel = \(bind: channel.rawValue)") }
        if let channels = query.channels { conditions.others.append(membership("t.channel", channels.map(\.rawValue))) }
        if let kind = query.kind { conditions.others.append("t.kind = \(bind: kind.rawValue)") }
        if let digest = query.phoneDigest { conditions.others.append("t.requester_phone_hash = \(bind: digest)") }
        switch query.due {
        case .between(let first, let last): conditions.others.append("t.next_due >= \(bind: first) AND t.next_due <= \(bind: last)")
        case .before(let day): conditions.others.append("t.next_due < \(bind: day)")
        case .noOpenTasks: conditions.others.append("t.next_due IS NULL")
        case nil: break
        }
        if let from = query.receivedFrom { conditions.others.append("t.received_at >= \(bind: StoreTime.milliseconds(from))") }
        if let before = query.receivedBefore { conditions.others.append("t.received_at < \(bind: StoreTime.milliseconds(before))") }
        if let text = query.trimmedText {
            if !query.searchesText {
                conditions.others.append("t.number = \(bind: text)")
            } else if flavor == .sqlite {
                if let match = ftsMatch(text) { conditions.textMatch = match } else { conditions.others.append("1 = 0") }
            } else {
                conditions.others.append(postgresTextCondition(text))
            }
        }
        return conditions
    }

    static func membership(_ column: String, _ values: [String]) -> SQLQueryString {
        values.isEmpty ? "1 = 0" : "\(unsafeRaw: column) IN (\(binds: values))"
    }

    /// Chinese-aware substrings of the description as an FTS5 expression: each phrase of bigrams is an FTS5 phrase.
    /// A phrase ending in a lone character or a word takes the prefix mark, so that a partial word matches; one ending
    /// in a bigram does not need it (no indexed term is longer than two ideographs), and FTS5's prefix queries merge
    /// every matching term's positions first, a fifth of a busy desk's time.
    private static func ftsMatch(_ text: String) -> String? {
        let phrases = SearchText.queryPhrases(text)
        guard !phrases.isEmpty else { return nil }
        return phrases.map { phrase in
            let last = phrase.last ?? ""
            let complete = last.count == 2 && last.allSatisfy(SearchText.isIdeograph)
            return "\"" + phrase.joined(separator: " ") + "\"" + (complete ? "" : "*")
        }.joined(separator: " AND ")
    }

    /// The GIN index narrows by bigrams; ILIKE on each white-space separated part keeps the match exact.
    private static func postgresTextCondition(_ text: String) -> SQLQueryString {
        let phrases = SearchText.queryPhrases(text)
        guard !phrases.isEmpty else { return "1 = 0" }
        let parts = text.split(whereSeparator: \.isWhitespace).map(String.init)
        var conditions: [SQLQueryString] = []
        let bigrams = phrases.flatMap { $0 }.filter { $0.count == 2 && $0.allSatisfy(SearchText.isIdeograph) }
        if !bigrams.isEmpty { conditions.append("t.search_terms @> \(bind: bigrams)") }
        for part in parts {
            conditions.append("t.description ILIKE \(bind: "%" + escapeLike(part) + "%") ESCAPE '\\'")
        }
        return "(" + conditions.joined(separator: " AND ") + ")"
    }

    private static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
