import Foundation
import MashangCore

/// What a creation writes that does not depend on its number, worked out on the caller's task before the write: the
/// single SQLite writer then only numbers the ticket and writes its rows. Encoding the draft (with its sealed contact)
/// and splitting the description into search terms were about a tenth of the writer's time at 3,000 tickets/s.
struct CreationPayload: Sendable {
    /// The draft with the sealed contact, as `SQLTicketStore.encoder` writes it.
    let draft: Data
    /// The terms SQLite's full-text index takes; nil on PostgreSQL, whose terms are a column of the ticket's row.
    let searchTerms: String?

    init(_ draft: TicketDraft, contact: StoredContact, flavor: SQLFlavor) throws {
        var sealed = draft
        sealed.requester = contact.sealedRequester
        self.draft = try SQLTicketStore.encoder.encode(sealed)
        searchTerms = flavor == .sqlite ? Self.searchTerms(of: draft.description) : nil
    }

    /// A description's terms as SQLite's full-text index (`ticket_search`) takes them.
    static func searchTerms(of description: String) -> String {
        SearchText.indexTerms(description).joined(separator: " ")
    }

    /// The creation event's stored payload: byte for byte what the encoder writes for `.created(Created(number:
    /// draft:))` with the sealed draft — keys sorted, so `data` (`draft`, `number`) before `type`.
    func event(number: String) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(draft.count + 64)
        bytes.append(contentsOf: #"{"data":{"draft":"#.utf8)
        bytes.append(contentsOf: draft)
        bytes.append(contentsOf: #","number":"#.utf8)
        // Ticket numbers are plain ASCII (MS-2026-000123); anything the encoder would escape goes through it.
        if number.utf8.allSatisfy({
            $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "/")
        }) {
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: number.utf8)
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: try SQLTicketStore.encoder.encode(number))
        }
        bytes.append(contentsOf: #"},"type":"created"}"#.utf8)
        return String(decoding: bytes, as: UTF8.self)
    }
}
