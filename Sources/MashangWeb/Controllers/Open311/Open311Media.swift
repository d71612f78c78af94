import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Open311's `media_url`: a link to a ticket's first photo, given only to a client whose key's organisation may see the
/// ticket. The link carries its expiry and a signature of the data key (`Stores.linkSignature`), so a client can fetch
/// it without its key while it lasts and nobody can make one for another ticket or photo.
struct Open311Media {
    let stores: Stores
    let publicURL: String
    /// Links last a week, to the end of a China day, so the same answer gives the same link all day.
    static let lifetime: TimeInterval = 7 * 86_400

    func url(number: String, position: Int, now: Date) -> String {
        let day = ChinaDay(now.addingTimeInterval(Self.lifetime))
        let expires = Int(day.adding(1).start.timeIntervalSince1970)
        let signature = stores.linkSignature(Self.text(number: number, position: position, expires: expires))
        return publicURL + "/open311/v2/media/\(number)/\(position)?expires=\(expires)&signature=\(signature)"
    }

    static func text(number: String, position: Int, expires: Int) -> String { "open311-media/\(number)/\(position)/\(expires)" }

    /// The photo a link names, when its signature holds and it has not expired; not found otherwise (a wrong link
    /// and a missing photo look the same).
    func serve(_ request: Request, number: String, position: Int, now: Date) async throws -> Response {
        let query = request.uri.queryParameters
        guard let expires = query.get("expires").flatMap(Int.init), let signature = query.get("signature"),
            signature.count == 64, Double(expires) > now.timeIntervalSince1970,
            constantTimeEqual(signature, stores.linkSignature(Self.text(number: number, position: position, expires: expires))),
            let photo = try await stores.tickets.photo(ofTicket: number, position: position)
        else { throw AccessError.notFound }
        return PhotoResponse.make(photo, number: number, position: position, request: request)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
