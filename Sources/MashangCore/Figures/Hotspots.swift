import Foundation

/// A cluster of similar requests: the same neighbourhood and category within a time window, with descriptions that
/// share their wording (character bigrams), ranked by size and growth — a candidate for handling at the source
/// (源头治理) before it becomes big.
public struct Hotspot: Sendable, Equatable, Codable {
    /// The community (an area's ancestor one level below the root), so neighbouring grids and intake points meet.
    public var area: String
    public var category: String
    /// Newest first.
    public var tickets: [String]
    /// In the second half of the window, and in the first.
    public var recent: Int
    public var earlier: Int
    /// The description closest to all the others.
    public var example: String
    /// The wording the cluster shares most.
    public var terms: [String]
    /// The requests of its place and category in the window when more than `HotspotDetector.groupLimit`: only the newest
    /// of them were clustered (shown with its numbers on the page).
    public var groupSize: Int?

    public init(
        area: String, category: String, tickets: [String], recent: Int, earlier: Int, example: String, terms: [String],
        groupSize: Int? = nil
    ) {
        self.area = area
        self.category = category
        self.tickets = tickets
        self.recent = recent
        self.earlier = earlier
        self.example = example
        self.terms = terms
        self.groupSize = groupSize
    }

    public var size: Int { tickets.count }
    /// Recent against earlier (earlier 0 counts as 1), so a cluster that appeared this week ranks as rising.
    public var growth: Double { Double(recent) / Double(max(earlier, 1)) }
}

public enum HotspotDetector {
    /// The newest requests of one place and category that are clustered (pairwise comparison grows with its square).
    public static let groupLimit = 2000

    public struct Request: Sendable, Equatable {
        public var number: String
        public var receivedAt: Date
        public var category: String
        public var area: String
        public var description: String
        public init(number: String, receivedAt: Date, category: String, area: String, description: String) {
            self.number = number
            self.receivedAt = receivedAt
            self.category = category
            self.area = area
            self.description = description
        }
    }

    /// - Parameters:
    ///   - window: the requests considered are those received in `[now - window, now]`.
    ///   - similarity: the share of the shorter description's bigrams found in the other (overlap coefficient) at or
    ///     above which two descriptions are "the same problem"; descriptions of fewer than 3 bigrams link to nothing.
    ///   - minimumSize: smaller clusters are not reported.
    public static func detect(
        _ requests: [Request], areaTree: CodeTree, now: Date, window: TimeInterval = 14 * 86_400,
        similarity: Double = 0.4, minimumSize: Int = 3
    ) -> [Hotspot] {
        let start = now.addingTimeInterval(-window), middle = now.addingTimeInterval(-window / 2)
        var groups: [String: [Request]] = [:]
        for request in requests where request.receivedAt >= start && request.receivedAt <= now {
            groups[neighbourhood(of: request.area, in: areaTree) + "|" + request.category, default: []].append(request)
        }
        var hotspots: [Hotspot] = []
        for (key, members) in groups where members.count >= minimumSize {
            let groupSize = members.count
            let members = Array(members.sorted { $0.receivedAt > $1.receivedAt }.prefix(groupLimit))
            let grams = members.map { TextSimilarity.bigrams($0.description) }
            // Single-link clustering: similar descriptions join, transitively.
            var parent = Array(members.indices)
            func root(_ index: Int) -> Int {
                var index = index
                while parent[index] != index { parent[index] = parent[parent[index]]; index = parent[index] }
                return index
            }
            for first in members.indices {
                guard grams[first].count >= 3 else { continue }
                for second in (first + 1)..<members.count
                where grams[second].count >= 3 && TextSimilarity.overlap(grams[first], grams[second]) >= similarity {
                    parent[root(second)] = root(first)
                }
            }
            var clusters: [Int: [Int]] = [:]
            for index in members.indices { clusters[root(index), default: []].append(index) }
            let parts = key.split(separator: "|", maxSplits: 1).map(String.init)
            for indices in clusters.values where indices.count >= minimumSize {
                let recent = indices.filter { members[$0].receivedAt >= middle }.count
                // The most central description: the highest total similarity to the others.
                let centre = indices.max { lhs, rhs in
                    indices.reduce(0.0) { $0 + TextSimilarity.overlap(grams[lhs], grams[$1]) }
                        < indices.reduce(0.0) { $0 + TextSimilarity.overlap(grams[rhs], grams[$1]) }
                }!
                var frequency: [String: Int] = [:]
                for index in indices { for gram in grams[index] { frequency[gram, default: 0] += 1 } }
                let terms = frequency.filter { $0.value * 2 >= indices.count }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(5)
                    .map(\.key)
                hotspots.append(
                    Hotspot(
                        area: parts[0], category: parts[1], tickets: indices.sorted().map { members[$0].number },
                        recent: recent, earlier: indices.count - recent, example: members[centre].description,
                        terms: Array(terms), groupSize: groupSize > groupLimit ? groupSize : nil))
            }
        }
        // Biggest first; among equals, the fastest growing.
        return hotspots.sorted { ($0.size, $0.growth, $0.tickets.first ?? "") > ($1.size, $1.growth, $1.tickets.first ?? "") }
    }

    /// The community an area belongs to (the area itself when it is a community or the root).
    static func neighbourhood(of area: String, in tree: CodeTree) -> String {
        let lineage = tree.lineage(of: area)
        return lineage.count >= 2 ? lineage[lineage.count - 2] : area
    }
}
