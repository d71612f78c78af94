/// Chinese-aware search terms, computed the same way for indexing and for queries on both databases.
///
/// Runs of ideographs become overlapping bigrams plus the run's last character on its own, so that the two-character
/// words most Chinese queries consist of (漏水, 物业, 停车) are found; trigram indexes cannot match those. Runs of
/// letters and digits become one lowercased word each.
public enum SearchText {
    /// The terms of a text in order; consecutive bigrams of one run stay adjacent, so a phrase query of a query's
    /// bigrams is a substring match.
    public static func indexTerms(_ text: String) -> [String] {
        var terms: [String] = []
        for run in runs(text) {
            switch run {
            case .ideographs(let characters):
                if characters.count > 1 {
                    for index in 0..<(characters.count - 1) {
                        terms.append(String(characters[index]) + String(characters[index + 1]))
                    }
                }
                terms.append(String(characters[characters.count - 1]))
            case .word(let word):
                terms.append(word)
            }
        }
        return terms
    }

    /// A query split on white space into parts; each part is a phrase of terms that must all occur, in order.
    public static func queryPhrases(_ query: String) -> [[String]] {
        query.split(whereSeparator: \.isWhitespace).compactMap { part in
            var phrase: [String] = []
            for run in runs(String(part)) {
                switch run {
                case .ideographs(let characters) where characters.count == 1:
                    phrase.append(String(characters[0]))
                case .ideographs(let characters):
                    for index in 0..<(characters.count - 1) {
                        phrase.append(String(characters[index]) + String(characters[index + 1]))
                    }
                case .word(let word):
                    phrase.append(word)
                }
            }
            return phrase.isEmpty ? nil : phrase
        }
    }

    private enum Run {
        case ideographs([Character])
        case word(String)
    }

    private static func runs(_ text: String) -> [Run] {
        var result: [Run] = []
        var ideographs: [Character] = []
        var word = ""
        func flush() {
            if !ideographs.isEmpty { result.append(.ideographs(ideographs)); ideographs = [] }
            if !word.isEmpty { result.append(.word(word.lowercased())); word = "" }
        }
        for character in text {
            if isIdeograph(character) {
                if !word.isEmpty { flush() }
                ideographs.append(character)
            } else if character.isLetter || character.isNumber {
                if !ideographs.isEmpty { flush() }
                word.append(character)
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    public static func isIdeograph(_ character: Character) -> Bool {
        guard let scalar = character.unicodeScalars.first else { return false }
        return scalar.properties.isIdeographic
    }
}
