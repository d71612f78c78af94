import Foundation

/// Orders open tickets by how likely they are the same matter as a request being taken in, so the desk can handle a
/// duplicate on the existing ticket: what was said (shared bigrams, over the smaller text) and where (within a
/// kilometre by coordinates; otherwise the same grid, then the same community).
public enum SimilarRequests {
    public struct Candidate: Sendable, Equatable {
        public var number: String
        public var description: String
        public var area: String
        public var location: GeoPoint?
        public var receivedAt: Date

        public init(number: String, description: String, area: String, location: GeoPoint?, receivedAt: Date) {
            self.number = number
            self.description = description
            self.area = area
            self.location = location
            self.receivedAt = receivedAt
        }
    }

    /// Beyond this two places are not near at all.
    public static let nearby = 1_000.0

    /// 0 … 1: the same place (or within a few metres) is 1, a kilometre away 0; without coordinates on both sides,
    /// the same area 0.5 and the same community 0.25.
    public static func proximity(_ candidate: Candidate, point: GeoPoint?, area: String?, tree: CodeTree) -> Double {
        if let point, let location = candidate.location { return max(0, 1 - point.distance(to: location) / nearby) }
        guard let area else { return 0 }
        if candidate.area == area { return 0.5 }
        let community = { (code: String) in tree.lineage(of: code).dropLast().last ?? code }
        return community(candidate.area) == community(area) ? 0.25 : 0
    }

    /// The candidates, most alike first (text weighs 0.6, place 0.4), newest first among equals; at most `limit`.
    public static func ranked(
        _ candidates: [Candidate], text: String?, point: GeoPoint?, area: String?, tree: CodeTree, limit: Int
    ) -> [Candidate] {
        let asked = TextSimilarity.bigrams(text ?? "")
        let scored = candidates.map { candidate in
            let said = asked.isEmpty ? 0 : TextSimilarity.overlap(asked, TextSimilarity.bigrams(candidate.description))
            return (candidate, 0.6 * said + 0.4 * proximity(candidate, point: point, area: area, tree: tree))
        }
        return scored.sorted { ($0.1, $0.0.receivedAt) > ($1.1, $1.0.receivedAt) }.prefix(limit).map(\.0)
    }
}
