import Foundation
import MashangCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange with a provider, bounded in time; the body and status come back as they are for the adapter to read.
enum ProviderHTTP {
    static let timeout: TimeInterval = 10

    static func send(_ request: URLRequest) async throws -> (status: Int, body: Data) {
        var request = request
        request.timeoutInterval = timeout
        let (body, response) = try await URLSession.shared.data(for: request)
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
