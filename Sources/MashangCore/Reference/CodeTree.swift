/// Parent links of a tree of codes (categories or areas), with ancestor and descendant lookups precomputed.
public struct CodeTree: Sendable {
    private let ancestorsByCode: [String: [String]]
    private let descendantsByCode: [String: [String]]

    /// - Parameter parents: each code with its parent code (nil at a root).
    public init(parents: [(code: String, parent: String?)]) {
        let parentOf = Dictionary(parents.map { ($0.code, $0.parent) }, uniquingKeysWith: { first, _ in first })
        var ancestors: [String: [String]] = [:]
        var descendants: [String: [String]] = [:]
        for (code, _) in parents {
            // Chain from the node itself up to its root; a cycle in bad data stops at the first repeat.
            var chain = [code]
            var seen: Set<String> = [code]
            var cursor = parentOf[code] ?? nil
            while let next = cursor, !seen.contains(next) {
                chain.append(next)
                seen.insert(next)
                cursor = parentOf[next] ?? nil
            }
            ancestors[code] = chain
            for ancestor in chain { descendants[ancestor, default: []].append(code) }
        }
        ancestorsByCode = ancestors
        descendantsByCode = descendants
    }

    public func contains(_ code: String) -> Bool { ancestorsByCode[code] != nil }

    /// The code itself followed by its ancestors up to the root (deepest first).
    public func lineage(of code: String) -> [String] { ancestorsByCode[code] ?? [] }

    /// Depth of a node: 1 for a root.
    public func depth(of code: String) -> Int { ancestorsByCode[code]?.count ?? 0 }

    /// The code itself and every node below it.
    public func subtree(of code: String) -> [String] { descendantsByCode[code] ?? [] }

    public func isSelfOrAncestor(_ ancestor: String, of code: String) -> Bool {
        lineage(of: code).contains(ancestor)
    }
}
