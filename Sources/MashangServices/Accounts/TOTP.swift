import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238 over RFC 4226's HOTP) as authenticator apps make them: HMAC-SHA-1 over the
/// count of 30-second steps since 1970, six digits. The second factor administrators will sign in with (等保 level 3).
public struct TOTP: Sendable {
    public let secret: [UInt8]
    public let digits: Int
    public let step: TimeInterval

    public init(secret: [UInt8], digits: Int = 6, step: TimeInterval = 30) {
        self.secret = secret
        self.digits = digits
        self.step = step
    }

    /// A new random 160-bit secret, the length RFC 4226 recommends.
    public static func newSecret() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// The HOTP value of a counter (RFC 4226 §5.3: dynamic truncation of the HMAC), zero-padded to `digits`.
    public func code(counter: UInt64) -> String {
        let message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let binary =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    /// The time step a date falls in.
    public func counter(at date: Date) -> UInt64 { UInt64(max(0, (date.timeIntervalSince1970 / step).rounded(.down))) }

    public func code(at date: Date) -> String { code(counter: counter(at: date)) }

    /// The step whose code this is, within `window` steps either side of `date` (a phone's clock drifts), or nil. The
    /// caller refuses a step at or before the last one used, so that a code seen over a shoulder cannot be used again.
    public func matchingStep(_ code: String, at date: Date, window: Int = 1) -> UInt64? {
        let given = Array(code.filter { !$0.isWhitespace }.utf8)
        guard given.count == digits else { return nil }
        let now = counter(at: date)
        var found: UInt64?
        for delta in -window...window {
            let candidate = Int64(now) + Int64(delta)
            guard candidate >= 0 else { continue }
            // Every candidate is compared in full, so the answer's timing does not say which digits were right.
            if Self.constantTimeEqual(Array(self.code(counter: UInt64(candidate)).utf8), given) { found = UInt64(candidate) }
        }
        return found
    }

    /// The `otpauth://` address an authenticator app reads from a QR code.
    public func provisioningURI(account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let label = (issuer + ":" + account).addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let encodedIssuer = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(Base32.encode(secret))&issuer=\(encodedIssuer)&algorithm=SHA1&digits=\(digits)"
            + "&period=\(Int(step))"
    }

    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// RFC 4648 base 32, the alphabet authenticator apps take secrets in: written without padding, read in either case,
/// with or without padding and spaces.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for character in text.uppercased().utf8 where character != UInt8(ascii: " ") && character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                out.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return out
    }
}

/// One-time recovery codes for an administrator who has lost the phone: ten of them, shown once, kept only as SHA-256
/// digests; each works once.
public enum RecoveryCodes {
    /// Letters and digits that cannot be mistaken for one another when read aloud or copied by hand.
    static let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")

    /// `count` new codes written `XXXXX-XXXXX`.
    public static func generate(count: Int = 10) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let characters = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            return String(characters[0..<5]) + "-" + String(characters[5...])
        }
    }

    /// The digest kept for a code; a code typed in lower case, without its dash or with spaces gives the same.
    public static func digest(_ code: String) -> String {
        let normalised = code.uppercased().filter { $0 != "-" && !$0.isWhitespace }
        return SHA256.hash(data: Array(normalised.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
