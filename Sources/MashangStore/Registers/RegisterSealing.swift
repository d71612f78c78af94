import Foundation
import MashangCore

/// Personal fields (names, phones, addresses) are stored sealed with the data key inside the JSON of a record or
/// event: `"phone": "sealed:…"`. Everything else stays readable to SQL.
enum RegisterSealing {
    static let prefix = "sealed:"

    static func seal(_ fields: RegisterFields, specs: [RegisterField], cipher: ContactCipher) throws -> String {
        var stored = fields
        for spec in specs where spec.personal {
            if case .text(let text)? = fields[spec.name] { stored[spec.name] = .text(prefix + (try cipher.seal(text))) }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(stored), as: UTF8.self)
    }

    static func open(_ json: String, cipher: ContactCipher) throws -> RegisterFields {
        var fields = try JSONDecoder().decode(RegisterFields.self, from: Data(json.utf8))
        for (name, value) in fields {
            if case .text(let text) = value, text.hasPrefix(prefix) {
                fields[name] = .text(try cipher.open(String(text.dropFirst(prefix.count))))
            }
        }
        return fields
    }
}
