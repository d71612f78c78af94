import Foundation
import MashangServices
import Testing

/// The second factor's arithmetic, against the published test vectors: RFC 4226 appendix D (HOTP), RFC 6238 appendix
/// B (TOTP, SHA-1, eight digits, pinned times) and RFC 4648 §10 (base 32).
struct TOTPTests {
    static let rfcSecret = Array("12345678901234567890".utf8)

    @Test func hotpGivesTheRFC4226Values() {
        let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
        let hotp = TOTP(secret: Self.rfcSecret)
        #expect((0..<10).map { hotp.code(counter: UInt64($0)) } == expected)
    }

    @Test(arguments: [
        (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"), (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func totpGivesTheRFC6238ValuesAtPinnedTimes(seconds: Double, code: String) {
        #expect(TOTP(secret: Self.rfcSecret, digits: 8).code(at: Date(timeIntervalSince1970: seconds)) == code)
    }

    @Test func aCodeMatchesWithinOneStepOfDriftAndNoFurther() {
        let totp = TOTP(secret: Self.rfcSecret)
        let now = Date(timeIntervalSince1970: 1_111_111_111)
        let step = totp.counter(at: now)
        #expect(totp.matchingStep(totp.code(at: now), at: now) == step)
        #expect(totp.matchingStep(totp.code(counter: step - 1), at: now) == step - 1)
        #expect(totp.matchingStep(totp.code(counter: step + 1), at: now) == step + 1)
        #expect(totp.matchingStep(totp.code(counter: step - 2), at: now) == nil)
        #expect(totp.matchingStep(totp.code(counter: step + 2), at: now) == nil)
        let spaced = totp.code(at: now).prefix(3) + " " + totp.code(at: now).dropFirst(3)
        #expect(totp.matchingStep(String(spaced), at: now) == step)
        #expect(totp.matchingStep("12345", at: now) == nil && totp.matchingStep("abcdef", at: now) == nil)
    }

    @Test func base32ReadsAndWritesTheRFC4648Vectors() {
        let vectors = [
            ("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base32.decode("mzxw 6ytb oi======") == Array("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
        let secret = TOTP.newSecret()
        #expect(secret.count == 20 && Base32.decode(Base32.encode(secret)) == secret && secret != TOTP.newSecret())
    }

    @Test func theProvisioningAddressCarriesTheSecretForAnAuthenticatorApp() {
        let uri = TOTP(secret: Self.rfcSecret).provisioningURI(account: "joint.admin", issuer: "码上")
        #expect(uri.hasPrefix("otpauth://totp/%E7%A0%81%E4%B8%8A%3Ajoint.admin?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer="))
        #expect(uri.hasSuffix("&algorithm=SHA1&digits=6&period=30"))
    }

    @Test func recoveryCodesAreReadableAndKeptAsDigestsOnly() {
        let codes = RecoveryCodes.generate()
        #expect(codes.count == 10 && Set(codes).count == 10)
        #expect(codes.allSatisfy { $0.count == 11 && $0.dropFirst(5).first == "-" })
        #expect(codes.allSatisfy { !$0.contains(where: { "01ILO".contains($0) }) })
        let code = codes[0]
        #expect(RecoveryCodes.digest(code) == RecoveryCodes.digest(code.lowercased().replacingOccurrences(of: "-", with: " ")))
        #expect(RecoveryCodes.digest(code) != RecoveryCodes.digest(codes[1]) && RecoveryCodes.digest(code).count == 64)
    }
}
