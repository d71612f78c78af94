import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import MashangCore

/// A ticket's photo as every route serves it: its checked type, never sniffed as anything else, cached privately for a
/// day (a photo at a position never changes) with an ETag, so a browser asking again gets 304 without the bytes.
enum PhotoResponse {
    static func make(_ photo: Photo, number: String, position: Int, request: Request) -> Response {
        let tag = "\"" + Hex.string(SHA256.hash(data: Data(photo.bytes))).prefix(32) + "\""
        var headers: HTTPFields = [
            .cacheControl: "private, max-age=86400", .eTag: tag, HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ]
        let asked = request.headers[.ifNoneMatch]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []
        if asked.contains(tag) || asked.contains("*") { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = photo.contentType
        headers[.contentDisposition] = "inline; filename=\"\(number)-\(position).\(photo.contentType == "image/png" ? "png" : "jpg")\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(bytes: photo.bytes)))
    }
}
