import Foundation
import MashangCore
import NIOCore

/// JSON written straight into a buffer, byte for byte as `JSONBody.encoder` writes it (keys in the order given —
/// callers give them sorted —, strings escaped the same way, `/` unescaped, dates as ISO 8601 in UTC to the second).
/// For the hottest answers only: Foundation's encoder spends most of a list page's time in its generic machinery.
/// Tests hold every user of it to the encoder's own output.
struct JSONText {
    private(set) var buffer: ByteBuffer
    private var first = true

    init(capacity: Int = 4_096) {
        buffer = ByteBuffer()
        buffer.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        buffer.writeInteger(UInt8(ascii: "{"))
        first = true
    }

    mutating func endObject() {
        buffer.writeInteger(UInt8(ascii: "}"))
        first = false
    }

    mutating func beginArray(_ key: String? = nil) {
        if let key { self.key(key) }
        buffer.writeInteger(UInt8(ascii: "["))
        first = true
    }

    /// Continues the JSON object `object` (encoded elsewhere, not empty): its fields, then the ones written next.
    mutating func continueObject(_ object: Data) {
        buffer.writeBytes(object.dropLast())
        first = false
    }

    mutating func endArray() {
        buffer.writeInteger(UInt8(ascii: "]"))
        first = false
    }

    /// Before an element of an array.
    mutating func element() {
        if !first { buffer.writeInteger(UInt8(ascii: ",")) }
        first = false
    }

    mutating func key(_ key: String) {
        element()
        write(key)
        buffer.writeInteger(UInt8(ascii: ":"))
    }

    mutating func field(_ key: String, _ value: String?) {
        guard let value else { return }
        self.key(key)
        write(value)
    }

    mutating func field(_ key: String, _ value: Int) {
        self.key(key)
        buffer.writeString(String(value))
    }

    mutating func field(_ key: String, _ value: Bool) {
        self.key(key)
        buffer.writeString(value ? "true" : "false")
    }

    mutating func field(_ key: String, _ value: Date?) {
        guard let value else { return }
        self.key(key)
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeString(Self.iso8601(value))
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    private mutating func write(_ string: String) {
        buffer.writeInteger(UInt8(ascii: "\""))
        let utf8 = string.utf8
        if utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): buffer.writeString("\\\"")
                case UInt8(ascii: "\\"): buffer.writeString("\\\\")
                case 0x0A: buffer.writeString("\\n")
                case 0x0D: buffer.writeString("\\r")
                case 0x09: buffer.writeString("\\t")
                case 0x08: buffer.writeString("\\b")
                case 0x0C: buffer.writeString("\\f")
                case ..<0x20: buffer.writeString("\\u00" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16))
                default: buffer.writeInteger(byte)
                }
            }
        } else {
            buffer.writeString(string)
        }
        buffer.writeInteger(UInt8(ascii: "\""))
    }

    /// `yyyy-MM-ddTHH:mm:ssZ`, the encoder's `.iso8601` (whole seconds, rounded down) for Gregorian dates (from 1583;
    /// Foundation writes earlier ones in the Julian calendar).
    static func iso8601(_ date: Date) -> String {
        let seconds = Int64((date.timeIntervalSince1970).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = ChinaDay(index: Int(days)).civil  // day arithmetic only; the time zone is UTC here
        func two(_ value: some BinaryInteger) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + two(month) + "-" + two(day) + "T"
            + two(secondOfDay / 3_600) + ":" + two(secondOfDay % 3_600 / 60) + ":" + two(secondOfDay % 60) + "Z"
    }
}
