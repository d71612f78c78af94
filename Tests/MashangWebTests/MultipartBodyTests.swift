import Foundation
import MashangCore
import Testing

@testable import MashangWeb

/// The multipart reader behind every form with files: what browsers send is read part by part, and no byte sequence
/// (random mutations of a real body, seed printed) traps; a body it cannot frame is nil, which the routes answer 400.
struct MultipartBodyTests {
    static let body = Array(
        ("--XyZ\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntoken\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n\u{1}\r\n--X\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"empty\"\r\n\r\n\r\n--XyZ--\r\n").utf8)

    @Test func partsAreReadWithTheirHeadersAndExactBytes() throws {
        let parts = try #require(MultipartBody.parts(Self.body, boundary: "XyZ"))
        #expect(parts.count == 3)
        #expect(parts[0].headers["content-disposition"] == "form-data; name=\"_csrf\"" && Array(parts[0].body) == Array("token".utf8))
        #expect(Array(parts[1].body) == Array("\u{1}\r\n--X".utf8), "a line that only starts like the delimiter is data")
        #expect(parts[2].body.isEmpty)
        #expect(MultipartBody.parts(Self.body, boundary: "Xy") == nil)
        #expect(MultipartBody.parts(Array(Self.body.dropLast(9)), boundary: "XyZ") == nil, "no closing delimiter")
    }

    @Test func randomMutationsNeverTrap() {
        let seed = UInt64.random(in: 1...UInt64.max)
        print("randomMutationsNeverTrap seed \(seed)")
        var random = SeededRandom(seed: seed)
        let alphabet = Array("-\r\nXyZ:; =\"a".utf8) + [0, 0xFF, 0xF0]
        for _ in 0..<3_000 {
            var bytes = Self.body
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: index)
                default: bytes.insert(alphabet.randomElement(using: &random)!, at: index)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            _ = MultipartBody.parts(bytes, boundary: "XyZ")
        }
    }
}
