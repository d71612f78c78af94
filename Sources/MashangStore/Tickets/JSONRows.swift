import Foundation

/// Rows written as one JSON array of objects, for PostgreSQL's `json_populate_recordset`: a chunk of rows is then one
/// bind and a short statement, where a multi-row `VALUES` of tens of thousands of binds cost the node encoding each
/// value and the server parsing and planning the statement (the figures' catch-up writes thousands of rows a batch).
enum JSONRows {
    /// The rows as JSON text, or nil when a value is of a kind this writer does not spell (the caller binds those).
    static func text(columns: [String], rows: ArraySlice<[any Encodable & Sendable]>) -> String? {
        // Column names are constants of the calling code: plain identifiers, nothing to escape.
        let keys = columns.enumerated().map { Array(($0.offset == 0 ? "{\"" : ",\"").utf8) + Array($0.element.utf8) + Array("\":".utf8) }
        var out: [UInt8] = [UInt8(ascii: "[")]
        out.reserveCapacity(rows.count * columns.count * 16)
        for row in rows {
            if out.count > 1 { out.append(UInt8(ascii: ",")) }
            for (key, value) in zip(keys, row) {
                out += key
                guard append(value, to: &out) else { return nil }
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// Concrete types first (a present optional casts to its value); the protocol cast, dearer, only for what is left.
    private static func append(_ value: any Encodable & Sendable, to out: inout [UInt8]) -> Bool {
        if let text = value as? String {
            quote(text, into: &out)
        } else if let number = value as? Int {
            out += String(number).utf8
        } else if let number = value as? Int64 {
            out += String(number).utf8
        } else if let number = value as? Int32 {
            out += String(number).utf8
        } else if let flag = value as? Bool {
            out += (flag ? "true" : "false").utf8
        } else if let optional = value as? any OptionalBind, optional.isNone {
            out += "null".utf8
        } else {
            return false
        }
        return true
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as it is (UTF-8).
    static func quote(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case UInt8(ascii: "\n"): out += "\\n".utf8
            case UInt8(ascii: "\r"): out += "\\r".utf8
            case UInt8(ascii: "\t"): out += "\\t".utf8
            case 0..<0x20: out += String(format: "\\u%04x", byte).utf8
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
