import Foundation
import MashangCore

/// `mashang export`: every ticket (or those received in a period) with its whole history, as JSON lines (one ticket
/// per line: `{"ticket": …, "events": […]}`) or as CSV (one row per ticket, the spreadsheet form of the list).
/// Contacts are masked (and tracking codes left out) unless asked for in clear.
public struct TicketExport: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    public let format: Format
    public let clearContacts: Bool

    public init(format: Format, clearContacts: Bool) {
        self.format = format
        self.clearContacts = clearContacts
    }

    public static let columns = [
        "number", "status", "channel", "kind", "category", "area", "urgency", "tier", "leadOrganization", "department",
        "receivedAt", "closedAt", "satisfaction", "lawRelated", "requesterName", "requesterPhone", "description", "events",
    ]

    /// Writes the export through `write` in batches of 500 tickets; returns how many tickets were written.
    public func run(_ database: Stores, from: Date?, before: Date?, write: (String) throws -> Void) async throws -> Int {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let iso = ISO8601DateFormatter()
        if format == .csv { try write(CSVText.document([Self.columns])) }
        var after: Int64 = 0, count = 0
        while true {
            let (tickets, last) = try await database.tickets.batch(after: after, receivedFrom: from, before: before, limit: 500)
            guard let last else { break }
            after = last
            let chains = format == .jsonl ? try await database.integrity.eventChains(numbers: tickets.map(\.state.number)) : [:]
            for stored in tickets {
                let ticket = clearContacts ? stored : stored.forMaskedExport
                switch format {
                case .jsonl:
                    // The chain lets the receiver check the copy offline (docs/integrity.md). The creation event's stored
                    // payload holds the requester's name, sealed contacts and tracking code: only a clear export carries it.
                    struct Line: Encodable { var ticket: TicketState; var events: [TicketEvent]; var chain: [EventChainLink] }
                    let chain = (chains[stored.state.number] ?? []).map { link in
                        var link = link
                        if link.sequence == 1 && !clearContacts { link.payload = nil }
                        return link
                    }
                    try write(
                        String(decoding: try encoder.encode(Line(ticket: ticket.state, events: ticket.events, chain: chain)), as: UTF8.self)
                            + "\n")
                case .csv:
                    let state = ticket.state
                    let row = [
                        state.number, state.status.rawValue, state.channel.rawValue, state.kind.rawValue, state.category, state.area,
                        state.urgency.rawValue, state.tier.rawValue, state.leadOrganization, state.department ?? "",
                        iso.string(from: state.receivedAt), state.closedAt.map(iso.string) ?? "", state.satisfaction?.rawValue ?? "",
                        state.lawRelated ? "yes" : "", state.requester.name ?? "", state.requester.phone ?? "", state.description,
                        String(ticket.events.count),
                    ]
                    // Without the byte-order mark and header again: only the first chunk starts the document.
                    try write(String(CSVText.document([row]).dropFirst()))
                }
                count += 1
            }
        }
        return count
    }
}
