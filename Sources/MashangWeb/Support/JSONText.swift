import Foundation
import MashangCore
import MashangServices
import NIOCore

/// JSON written straight into a buffer, byte for byte as `JSONBody.encoder` writes it (keys in the order given —
/// callers give them sorted —, strings escaped the same way, `/` unescaped, dates as ISO 8601 in UTC to the second).
/// For the hottest answers only: Foundation's encoder spends most of a list page's time in its generic machinery.
/// Tests hold every user of it to the encoder's own output.
struct JSONText {
    /// Bytes gathered in an array (appending a byte to it costs a fraction of a `ByteBuffer` write) and handed over as
    /// one buffer at the end.
    private var bytes: [UInt8] = []
    private var first = true

    init(capacity: Int = 4_096) {
        bytes.reserveCapacity(capacity)
    }

    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    mutating func beginArray(_ key: StaticString? = nil) {
        if let key { self.key(key) }
        bytes.append(UInt8(ascii: "["))
        first = true
    }

    /// Continues the JSON object `object` (encoded elsewhere, not empty): its fields, then the ones written next.
    mutating func continueObject(_ object: Data) {
        bytes.append(contentsOf: object.dropLast())
        first = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        first = false
    }

    /// Bytes written so far: where a part that `written(from:)` hands back later starts.
    var count: Int { bytes.count }

    /// What was written since `start` (a `count` taken before).
    func written(from start: Int) -> [UInt8] { Array(bytes[start...]) }

    /// An element written earlier (`written(from:)` of a complete value), again.
    mutating func element(written value: [UInt8]) {
        element()
        bytes.append(contentsOf: value)
    }

    /// Before an element of an array.
    mutating func element() {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
    }

    /// Keys are the program's own ASCII names, written as they are (nothing in them needs escaping).
    mutating func key(_ key: StaticString) {
        element()
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ key: StaticString, _ value: String?) {
        guard let value else { return }
        self.key(key)
        write(value)
    }

    mutating func field(_ key: StaticString, _ value: Int) {
        self.key(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func field(_ key: StaticString, _ value: Bool) {
        self.key(key)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func field(_ key: StaticString, _ value: Date?) {
        guard let value else { return }
        self.key(key)
        bytes.append(UInt8(ascii: "\""))
        Self.writeISO8601(value, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func write(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            guard utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
                case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
                case 0x0A: bytes.append(contentsOf: "\\n".utf8)
                case 0x0D: bytes.append(contentsOf: "\\r".utf8)
                case 0x09: bytes.append(contentsOf: "\\t".utf8)
                case 0x08: bytes.append(contentsOf: "\\b".utf8)
                case 0x0C: bytes.append(contentsOf: "\\f".utf8)
                case ..<0x20: bytes.append(contentsOf: ("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16)).utf8)
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `yyyy-MM-ddTHH:mm:ssZ`, the encoder's `.iso8601` (whole seconds, rounded down) for Gregorian dates (from 1583;
    /// Foundation writes earlier ones in the Julian calendar).
    static func iso8601(_ date: Date) -> String {
        var bytes: [UInt8] = []
        writeISO8601(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func writeISO8601(_ date: Date, to bytes: inout [UInt8]) {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = ChinaDay(index: Int(days)).civil  // day arithmetic only; the time zone is UTC here
        if year >= 10_000 {
            bytes.append(contentsOf: String(year).utf8)
        } else {
            digits(year, 4, to: &bytes)
        }
        bytes.append(UInt8(ascii: "-"))
        digits(month, 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(day, 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3_600, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 3_600 / 60, 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, 2, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// `value` (0 ≤ value < 10^count) in exactly `count` decimal digits.
    private static func digits(_ value: Int, _ count: Int, to bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}
