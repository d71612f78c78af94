import Foundation
import Hummingbird
import MashangServices
import NIOCore

/// A submitted HTML form, URL-encoded or multipart: its text fields and its uploaded files.
struct FormBody {
    var fields: [String: String] = [:]
    var files: [String: [[UInt8]]] = [:]
    /// Every value of each field, in order (check boxes send one per ticked box); URL-encoded forms only.
    var lists: [String: [String]] = [:]

    /// Reads a form body of at most `limit` bytes.
    static func read(_ request: Request, limit: Int) async throws -> FormBody {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("multipart/form-data") else {
            var body = FormBody()
            for pair in String(buffer: buffer).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
                }
                if let name = parts.first, !name.isEmpty {
                    body.fields[name] = parts.count > 1 ? parts[1] : ""
                    body.lists[name, default: []].append(parts.count > 1 ? parts[1] : "")
                }
            }
            return body
        }
        guard
            let boundary = contentType.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
                .first(where: { $0.lowercased().hasPrefix("boundary=") })?.dropFirst(9).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
        else {
            throw APIError.malformed()
        }
        guard let parts = MultipartBody.parts(Array(buffer.readableBytesView), boundary: boundary) else {
            throw APIError.malformed()
        }
        var body = FormBody()
        for part in parts {
            let disposition = part.headers["content-disposition"] ?? ""
            guard let name = Self.parameter("name", in: disposition) else { continue }
            if Self.parameter("filename", in: disposition) != nil {
                body.files[name, default: []].append(Array(part.body))
            } else {
                body.fields[name] = String(decoding: part.body, as: UTF8.self)
            }
        }
        return body
    }

    /// `name="value"` out of a Content-Disposition header.
    private static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces)
            if pair.lowercased().hasPrefix(key + "=") {
                return String(pair.dropFirst(key.count + 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }
}

/// A form that carries only its CSRF token (sign-out, show contact).
struct CSRFForm: Decodable {
    var _csrf: String?
}
