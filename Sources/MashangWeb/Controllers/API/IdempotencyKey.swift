import HTTPTypes
import Hummingbird
import MashangCore
import MashangServices

/// The `Idempotency-Key` header: 1–200 visible ASCII characters, scoped by who submits it.
enum IdempotencyKey {
    static let header = HTTPField.Name("Idempotency-Key")!

    static func scoped(_ request: Request, scope: String) throws -> String? {
        guard let raw = request.headers[header] else { return nil }
        guard (1...200).contains(raw.count), raw.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0.asciiValue! >= 33 }) else {
            throw ValidationError("Idempotency-Key", "invalid")
        }
        return scope + ":" + raw
    }

    /// Marks a response that replays an earlier creation.
    static let replayed = HTTPField.Name("Idempotency-Replayed")!
}
