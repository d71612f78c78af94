import Crypto
import Foundation
import MashangCore

/// Encrypts requesters' phones and identity numbers (AES-256-GCM, a fresh nonce each time) and computes the keyed
/// hash that phone search matches on. Both keys are derived from one data key with HKDF, so the search hash reveals
/// nothing about the encryption key and a database copy without the key reveals no contact.
public struct ContactCipher: Sendable {
    /// Marks a sealed value: `enc1:` + base64(nonce ‖ ciphertext ‖ tag).
    static let prefix = "enc1:"

    private let keys: Keys
    private var encryptionKey: SymmetricKey { keys.encryption }
    private var searchKey: SymmetricKey { keys.search }
    private var linkKey: SymmetricKey { keys.links }

    /// The derived keys. `SymmetricKey` is not marked Sendable, but it is an immutable value that is only ever read
    /// after this box is built, so sharing it between threads is safe.
    private final class Keys: @unchecked Sendable {
        let encryption: SymmetricKey
        let search: SymmetricKey
        let links: SymmetricKey
        init(encryption: SymmetricKey, search: SymmetricKey, links: SymmetricKey) {
            self.encryption = encryption
            self.search = search
            self.links = links
        }
    }

    public init(dataKey: SymmetricKey) {
        func derive(_ purpose: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: dataKey, info: Data(purpose.utf8), outputByteCount: 32)
        }
        keys = Keys(
            encryption: derive("mashang contact encryption v1"), search: derive("mashang contact search v1"),
            links: derive("mashang signed links v1"))
    }

    /// A key given as base64 of 32 bytes (`MASHANG_DATA_KEY`).
    public init(base64 text: String) throws(InvalidDataKey) {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw InvalidDataKey()
        }
        self.init(dataKey: SymmetricKey(data: bytes))
    }

    /// A new random key as base64, for `mashang key generate` and the demo's development key.
    public static func generateKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
    }

    public func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: encryptionKey)
        guard let combined = box.combined else { throw UnreadableContact() }
        return Self.prefix + combined.base64EncodedString()
    }

    /// The plaintext of a sealed value. A value without the prefix was written before encryption existed and is
    /// returned as it is.
    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix(Self.prefix) else { return stored }
        guard let data = Data(base64Encoded: String(stored.dropFirst(Self.prefix.count))),
            let plaintext = try? AES.GCM.open(AES.GCM.SealedBox(combined: data), using: encryptionKey)
        else {
            throw UnreadableContact()
        }
        return String(decoding: plaintext, as: UTF8.self)
    }

    /// HMAC-SHA256 of a normalised phone number, hex: equal phones give equal digests, and without the key a
    /// digest cannot be turned back into a phone by trying all 10^10 numbers.
    public func phoneDigest(_ normalizedPhone: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data(normalizedPhone.utf8), using: searchKey))
    }

    /// HMAC-SHA256 of a link's text, hex, with its own derived key: links handed to other systems are signed with it.
    public func linkSignature(_ text: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: linkKey))
    }

    /// The requester with phone and identity number sealed (or opened).
    func sealed(_ requester: Requester) throws -> Requester {
        Requester(
            name: requester.name, phone: try requester.phone.map(seal), idNumber: try requester.idNumber.map(seal),
            wechat: try requester.wechat.map(seal))
    }

    func opened(_ requester: Requester) throws -> Requester {
        Requester(
            name: requester.name, phone: try requester.phone.map(open), idNumber: try requester.idNumber.map(open),
            wechat: try requester.wechat.map(open))
    }

    func opened(_ change: TicketChange) throws -> TicketChange {
        guard case .created(var created) = change else { return change }
        created.draft.requester = try opened(created.draft.requester)
        return .created(created)
    }
}

/// `MASHANG_DATA_KEY` is not base64 of 32 bytes.
public struct InvalidDataKey: Error, CustomStringConvertible {
    public var description: String { "MASHANG_DATA_KEY must be 32 random bytes in base64 (make one with `mashang key generate`)" }
}

/// A sealed contact that this key cannot open: the data key is not the one the data was written with.
public struct UnreadableContact: Error, CustomStringConvertible {
    public var description: String {
        "a requester's contact cannot be decrypted with this data key (MASHANG_DATA_KEY differs from the one the data was written with)"
    }
}

/// A requester as the store writes it: contact sealed, phone hashed.
struct StoredContact: Sendable {
    var sealedRequester: Requester
    var phoneDigest: String?

    init(_ requester: Requester, cipher: ContactCipher) throws {
        sealedRequester = try cipher.sealed(requester)
        phoneDigest = requester.phone.map(cipher.phoneDigest)
    }
}
