import Crypto
import Foundation
import MashangCore

/// The hashes that make the history tamper-evident (docs/integrity.md gives the algorithm for offline checks). Every
/// record's hash is SHA-256 over a tag and its fields, each written as `<byte length>:<UTF-8 bytes>,` (an absent value
/// as `~,`), so no two different records can write the same bytes. Hashes are lowercase hex.
public enum ChainHash {
    /// A ticket event: chained to the ticket's previous event (`prev` is empty for the first) and bound to its payload
    /// by `contentDigest`, the SHA-256 of the payload as stored.
    public static func event(
        prev: String, number: String, sequence: Int, type: String, actor: String, actorOrg: String?, occurredAt: Int64,
        contentDigest: String
    ) -> String {
        digest(
            "mashang-event-v1",
            [prev, number, String(sequence), type, actor, actorOrg, String(occurredAt), contentDigest])
    }

    /// An audit line: chained to the previous line of the same China day (`prev` is empty for a day's first line).
    public static func audit(
        prev: String, day: String, at: Int64, actor: String, organization: String?, action: String, subject: String,
        address: String, detail: String
    ) -> String {
        digest("mashang-audit-v1", [prev, day, String(at), actor, organization, action, subject, address, detail])
    }

    /// A closed day: chained to the previous day's digest, over the day's ticket events (`eventsRoot`) and the head of
    /// its audit chain.
    public static func day(
        _ day: String, previous: String, events: Int, eventsRoot: String, auditLines: Int, auditHead: String
    ) -> String {
        digest("mashang-day-v1", [day, previous, String(events), eventsRoot, String(auditLines), auditHead])
    }

    /// The root of a day's event hashes: SHA-256 over the hashes sorted as text, each followed by a newline, so that
    /// it can be computed in any reading order.
    public static func eventsRoot(_ hashes: [String]) -> String {
        var hasher = SHA256()
        for hash in hashes.sorted() { hasher.update(data: Data((hash + "\n").utf8)) }
        return Hex.string(hasher.finalize())
    }

    /// SHA-256 of a stored payload.
    public static func content(_ payload: String) -> String {
        Hex.string(SHA256.hash(data: Data(payload.utf8)))
    }

    static func digest(_ tag: String, _ fields: [String?]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        for field in [tag] + fields {
            if let field {
                bytes.append(contentsOf: String(field.utf8.count).utf8)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: field.utf8)
            } else {
                bytes.append(UInt8(ascii: "~"))
            }
            bytes.append(UInt8(ascii: ","))
        }
        return Hex.string(SHA256.hash(data: bytes))
    }
}
