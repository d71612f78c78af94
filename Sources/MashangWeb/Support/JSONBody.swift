import Foundation
import Hummingbird
import MashangCore
import MashangServices
import NIOCore

/// JSON in and out with one encoder configuration (ISO 8601 dates) and decoding failures that name the field.
public enum JSONBody {
    public static let maxRequestBytes = 256 * 1024

    static var encoder: JSONEncoder { JSONCoding.encoder }

    public static func response(
        _ value: some Encodable, status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return response(json: ByteBuffer(bytes: data), status: status, headers: headers)
    }

    /// A response of JSON already encoded.
    static func response(json: ByteBuffer, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: json))
    }

    /// Reads and decodes the request body. An empty body decodes as `{}` so that missing fields are reported by name.
    public static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        var request = request
        let buffer = try await request.collectBody(upTo: maxRequestBytes)
        if buffer.readableBytes > 0 && !isJSON(request.headers[.contentType]) { throw APIError.unsupportedMediaType }
        let data = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer.readableBytesView)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.malformed(fieldProblems(error))
        }
    }

    /// `application/json` or `application/<something>+json`, any case, with or without parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let mediaType = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() else {
            return false
        }
        return mediaType == "application/json" || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json"))
    }

    private static func fieldProblems(_ error: DecodingError) -> [ValidationError.Field] {
        func path(_ codingPath: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
            (codingPath + (last.map { [$0] } ?? [])).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.codingPath.isEmpty ? [] : [.init(path(context.codingPath), "type")]
        case .keyNotFound(let key, let context):
            return [.init(path(context.codingPath, key), "required")]
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? [] : [.init(path(context.codingPath), "invalid")]
        @unknown default:
            return []
        }
    }
}
