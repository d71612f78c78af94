/// Similarity of short Chinese texts by their character bigrams (letters and digits; no bigram spans punctuation or
/// spacing), used to find near-identical replies and clusters of the same complaint.
public enum TextSimilarity {
    public static func bigrams(_ text: String) -> Set<String> {
        var grams: Set<String> = []
        var previous: Character?
        for character in text {
            guard character.isLetter || character.isNumber else {
                previous = nil
                continue
            }
            if let previous { grams.insert(String(previous) + String(character)) }
            previous = character
        }
        if grams.isEmpty, let only = text.first(where: { $0.isLetter || $0.isNumber }) { grams.insert(String(only)) }
        return grams
    }

    /// Shared bigrams over all bigrams (0 … 1): for texts that should be nearly the same.
    public static func jaccard(_ lhs: Set<String>, _ rhs: Set<String>) -> Double {
        let union = lhs.union(rhs).count
        return union == 0 ? 0 : Double(lhs.intersection(rhs).count) / Double(union)
    }

    /// Shared bigrams over the smaller set (0 … 1): for a short complaint against a longer one about the same thing.
    public static func overlap(_ lhs: Set<String>, _ rhs: Set<String>) -> Double {
        let smaller = min(lhs.count, rhs.count)
        return smaller == 0 ? 0 : Double(lhs.intersection(rhs).count) / Double(smaller)
    }
}
