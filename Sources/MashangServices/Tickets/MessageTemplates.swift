import Foundation
import MashangCore

/// The templates in force: those administrators edited, the defaults for the rest.
public struct Templates: Sendable {
    public let edited: [String: EditedTemplate]

    public init(edited: [EditedTemplate]) {
        self.edited = Dictionary(edited.map { (Self.key($0.template.purpose, $0.template.language), $0) }, uniquingKeysWith: { a, _ in a })
    }

    public static func current(in store: any MessageSettingsStore) async throws -> Templates {
        Templates(edited: try await store.editedTemplates())
    }

    public func template(_ purpose: MessagePurpose, _ language: String) -> MessageTemplate {
        edited[Self.key(purpose, language)]?.template ?? DefaultTemplates.template(purpose, language)
    }

    public static func key(_ purpose: MessagePurpose, _ language: String) -> String { purpose.rawValue + "/" + language }
}
