import ArgumentParser
import Foundation
import MashangStore

/// How a command uses requesters' personal data, which decides where its data key may come from.
enum DataKeyNeed {
    /// Reads or writes contacts in production: `MASHANG_DATA_KEY` (or an existing development key) is required.
    case production
    /// Demo mode: a development key is generated in the data directory when there is none.
    case demo
    /// Never touches contacts (migrate, user administration).
    case none
}

/// The key that encrypts requesters' phones and identity numbers: `MASHANG_DATA_KEY` (base64 of 32 random bytes),
/// or the development key `data.key` that demo mode keeps in the data directory.
struct DataKey {
    static let fileName = "data.key"
    var directory: String
    /// `MASHANG_DATA_KEY` (checked by `ProcessSettings`), which wins over a development key in the directory.
    var given: String?

    var path: String { (directory as NSString).appendingPathComponent(Self.fileName) }

    func cipher(for need: DataKeyNeed) throws -> ContactCipher {
        if let text = given {
            do { return try ContactCipher(base64: text) } catch { throw ValidationError(error.description) }
        }
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            do { return try ContactCipher(base64: text) } catch { throw ValidationError("\(path): \(error.description)") }
        }
        switch need {
        case .none:
            // Nothing will be sealed or opened with it.
            return try ContactCipher(base64: ContactCipher.generateKey())
        case .demo:
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let key = ContactCipher.generateKey()
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data((key + "\n").utf8),
                    attributes: [.posixPermissions: 0o600])
            else {
                throw ValidationError("cannot write the development data key to \(path)")
            }
            print("Generated a development data key in \(path) (demo only; production reads MASHANG_DATA_KEY).")
            return try ContactCipher(base64: key)
        case .production:
            throw ValidationError(
                """
                No data key. Set MASHANG_DATA_KEY to 32 random bytes in base64 (`mashang key generate` prints one); it \
                encrypts requesters' phones and identity numbers, so keep it safe and the same across restarts. \
                (`mashang serve --demo` creates a development key in the data directory instead.)
                """)
        }
    }
}

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Data key for personal data.",
        subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a new random data key (for MASHANG_DATA_KEY).")
        func run() { print(ContactCipher.generateKey()) }
    }
}
