import Foundation
import Testing

/// Chinese text uses full-width punctuation: no half-width comma, colon, semicolon, bracket, exclamation or question
/// mark next to a Chinese character anywhere in the Simplified Chinese catalogue (times like 09:00 are not text).
struct ChinesePunctuationTests {
    @Test func theChineseCatalogueUsesFullWidthPunctuation() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MashangWeb/Resources/messages/zh-Hans.json")
        let catalogue = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: url))
        func isHan(_ character: Character?) -> Bool {
            character?.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) } ?? false
        }
        var found: [String] = []
        for (key, text) in catalogue {
            let characters = Array(text)
            for (index, character) in characters.enumerated() where ",;:!?()".contains(character) {
                let before = index > 0 ? characters[index - 1] : nil, after = index + 1 < characters.count ? characters[index + 1] : nil
                if isHan(before) || isHan(after) { found.append("\(key): \(text)"); break }
            }
        }
        #expect(found.isEmpty, "\(found.count) texts: \(found.sorted().prefix(5))")
    }

    /// The templates put no half-width colon or comma after a catalogue text or a value (`{{…}}:`): punctuation
    /// between texts comes from the catalogue (`ui.colon`, `ui.comma`), full-width in Chinese.
    @Test func templatesTakePunctuationFromTheCatalogue() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MashangWeb/Resources/templates")
        var found: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for marker in ["}}:", "}},"] where text.contains(marker) { found.append("\(name): \(marker)") }
        }
        #expect(found.isEmpty, "\(found)")
    }
}
