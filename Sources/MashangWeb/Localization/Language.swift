import Foundation
import MashangServices

/// The interface languages: Simplified Chinese first, English second.
public enum Language: String, Sendable, CaseIterable {
    case zhHans = "zh-Hans"
    case en

    /// Picks the best supported language from an `Accept-Language` header; Chinese when nothing matches.
    public static func preferred(acceptLanguage header: String?) -> Language {
        guard let header else { return .zhHans }
        let ranked = header.split(separator: ",").compactMap { item -> (tag: String, q: Double)? in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty else { return nil }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            return (tag.lowercased(), quality)
        }
        for entry in ranked.sorted(by: { $0.q > $1.q }) where entry.q > 0 {
            if entry.tag.hasPrefix("zh") { return .zhHans }
            if entry.tag.hasPrefix("en") { return .en }
        }
        return .zhHans
    }
}
