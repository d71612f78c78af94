import Foundation
import HTTPTypes
import Hummingbird
import MashangServices

/// Behind a reverse proxy every request comes from the proxy's address, so per-address limits would throttle the whole
/// city at once. When the peer is one of the trusted proxies, the client is the right-most address of
/// `X-Forwarded-For` that is not itself a trusted proxy; from anyone else the header is ignored (it is the client's
/// own claim).
struct ForwardedForMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let header = HTTPField.Name("X-Forwarded-For")!

    let trusted: Set<String>

    func handle(_ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response) async throws
        -> Response
    {
        guard trusted.contains(context.clientAddress), let forwarded = request.headers[Self.header] else {
            return try await next(request, context)
        }
        var context = context
        let hops = forwarded.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let client = hops.last(where: { !trusted.contains($0) }), client.count <= 45,
            client.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
        {
            context.clientAddress = client
        }
        return try await next(request, context)
    }
}
