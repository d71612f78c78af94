import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578): each part's headers (names lower-cased) and bytes. Strict as
/// browsers and HTTP libraries are: the body opens with the first delimiter and ends with the closing one, each part's
/// headers end with an empty line. Anything else is `nil`, never a crash, whatever the bytes.
enum MultipartBody {
    struct Part {
        var headers: [String: String]
        var body: ArraySlice<UInt8>
    }

    static func parts(_ bytes: [UInt8], boundary: String) -> [Part]? {
        guard !boundary.isEmpty, boundary.utf8.count <= 70 else { return nil }
        let delimiter = Array("--\(boundary)".utf8)
        let separator = [UInt8(ascii: "\r"), UInt8(ascii: "\n")] + delimiter
        guard bytes.starts(with: delimiter + [UInt8(ascii: "\r"), UInt8(ascii: "\n")]) else { return nil }
        var parts: [Part] = []
        var start = delimiter.count + 2
        while true {
            guard let next = find(separator, in: bytes, from: start) else { return nil }
            guard let part = part(bytes[start..<next]) else { return nil }
            parts.append(part)
            let after = next + separator.count
            // `--` closes the body (whatever line ends follow); a line break opens the next part.
            if bytes[after...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) {
                let rest = bytes[(after + 2)...]
                return rest.allSatisfy { $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") } ? parts : nil
            }
            guard bytes[after...].starts(with: [UInt8(ascii: "\r"), UInt8(ascii: "\n")]) else { return nil }
            start = after + 2
        }
    }

    /// A part: header lines up to an empty line, then the body.
    private static func part(_ bytes: ArraySlice<UInt8>) -> Part? {
        let blank = [UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\n")]
        let headerEnd: Int
        if bytes.starts(with: [UInt8(ascii: "\r"), UInt8(ascii: "\n")]) {
            headerEnd = bytes.startIndex  // no headers at all
        } else if let end = find(blank, in: Array(bytes), from: 0) {
            headerEnd = bytes.startIndex + end
        } else {
            return nil
        }
        var headers: [String: String] = [:]
        let text = String(decoding: bytes[bytes.startIndex..<headerEnd], as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers[line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let bodyStart = headerEnd == bytes.startIndex ? bytes.startIndex + 2 : headerEnd + 4
        return Part(headers: headers, body: bytes[min(bodyStart, bytes.endIndex)..<bytes.endIndex])
    }

    /// The index of the first occurrence of `needle` in `haystack` at or after `from`.
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
