import Foundation
import MashangCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange with a provider, bounded in time; the body and status come back as they are for the adapter to read.
enum ProviderHTTP {
    static let timeout: TimeInterval = 10

    /// One session for all providers, allowing as many connections to a provider as the dispatcher sends at once
    /// (the shared session allows 6, which bounded delivery to 6 messages per round trip).
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.default
        configuration.httpMaximumConnectionsPerHost = 32
        configuration.timeoutIntervalForRequest = timeout
        return URLSession(configuration: configuration)
    }()

    static func send(_ request: URLRequest) async throws -> (status: Int, body: Data) {
        var request = request
        request.timeoutInterval = timeout
        let (body, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, body)
    }
}

/// A provider answered, but did not take the message: its code and message (never the number or the text).
public struct ProviderRefused: DeliveryFailure, CustomStringConvertible {
    public var provider: String
    public var code: String
    public var message: String

    public var description: String { "\(provider) refused: \(code) \(message)" }
    public var safeDescription: String { description }
}
