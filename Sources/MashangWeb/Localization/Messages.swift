import Foundation
import MashangCore
import MashangServices

/// The message catalogue: one JSON file per language under `Resources/messages`, same keys in each.
/// `{name}` placeholders are filled from the arguments.
public struct Messages: Sendable {
    private let catalogues: [Language: [String: String]]
    /// The `ui.*` entries as templates see them, built once: every page carries them.
    let interface: [Language: [String: String]]

    public init(catalogues: [Language: [String: String]]) {
        self.catalogues = catalogues
        var interface: [Language: [String: String]] = [:]
        for language in Language.allCases {
            var strings: [String: String] = [:]
            for (key, text) in catalogues[language] ?? [:] where key.hasPrefix("ui.") {
                strings[String(key.dropFirst(3)).replacingOccurrences(of: ".", with: "_")] = text
            }
            interface[language] = strings
        }
        self.interface = interface
    }

    /// Loads the catalogues bundled with the module.
    public static let bundled: Messages = {
        var catalogues: [Language: [String: String]] = [:]
        for language in Language.allCases {
            guard let url = Bundle.module.url(forResource: language.rawValue, withExtension: "json", subdirectory: "Resources/messages"),
                let data = try? Data(contentsOf: url),
                let entries = try? JSONDecoder().decode([String: String].self, from: data)
            else {
                preconditionFailure("message catalogue \(language.rawValue) is missing from the bundle")
            }
            catalogues[language] = entries
        }
        return Messages(catalogues: catalogues)
    }()

    /// The keys of a language's catalogue (tests compare them across languages).
    public func keys(_ language: Language) -> Set<String> { Set(catalogues[language]?.keys ?? [:].keys) }

    /// The text for a key; falls back to Chinese, then to the key itself.
    public func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        var text = catalogues[language]?[key] ?? catalogues[.zhHans]?[key] ?? key
        for (name, value) in arguments { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    /// The text for a key if the catalogue has it.
    public func optionalText(_ key: String, _ language: Language) -> String? { catalogues[language]?[key] }

    /// The message for a field's problem, naming the field by `label` and filling the problem's own values.
    public func problem(_ field: ValidationError.Field, label: String, _ language: Language) -> String {
        text("problem.\(field.problem)", language, (field.values ?? [:]).merging(["field": label]) { _, label in label })
    }

    /// One message per form field for a validation error, keyed by the form's field name (the API's
    /// `requester.phone` is the form's `phone`); the first problem of a field wins.
    func formErrors(_ error: ValidationError, _ language: Language) -> [String: String] {
        var errors: [String: String] = [:]
        for field in error.fields {
            let name = field.name.replacingOccurrences(of: "requester.", with: "")
            let label = optionalText("field.\(field.name)", language) ?? field.name
            errors[name] = errors[name] ?? problem(field, label: label, language)
        }
        return errors
    }
}
