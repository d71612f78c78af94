/// Loaded, checked dispatch rules. The most specific matching rule wins; specificity compares, in order, the
/// depth of the category condition, the depth of the area condition, whether a kind is set and whether keywords are.
public struct DispatchRuleSet: Sendable {
    private struct Compiled: Sendable {
        var rule: DispatchRule
        var areaDepth: Int
        var specificity: [Int]
    }

    /// Rules grouped by their category condition (nil key: any category), most specific first in each group.
    private let buckets: [String: [Compiled]]
    private let anyCategory: [Compiled]
    private let categoryTree: CodeTree
    private let areaTree: CodeTree
    public let rules: [DispatchRule]

    public init(rules: [DispatchRule], categoryTree: CodeTree, areaTree: CodeTree) throws(DispatchRuleError) {
        var problems: [DispatchRuleError.Problem] = []
        var compiled: [Compiled] = []
        for rule in rules {
            if let category = rule.category, !categoryTree.contains(category) { problems.append(.unknownCategory(rule: rule.code)) }
            if let area = rule.area, !areaTree.contains(area) { problems.append(.unknownArea(rule: rule.code)) }
            let categoryDepth = rule.category.map(categoryTree.depth(of:)) ?? 0
            let areaDepth = rule.area.map(areaTree.depth(of:)) ?? 0
            compiled.append(
                Compiled(
                    rule: rule, areaDepth: areaDepth,
                    specificity: [
                        categoryDepth, areaDepth, rule.kind == nil ? 0 : 1, rule.keywords.isEmpty ? 0 : 1,
                    ]))
        }
        problems += Self.ties(in: compiled)
        guard problems.isEmpty else { throw DispatchRuleError(problems: problems) }

        let ordered = compiled.sorted { lhs, rhs in
            lhs.specificity != rhs.specificity
                ? lhs.specificity.lexicographicallyPrecedes(rhs.specificity) == false
                : lhs.rule.code < rhs.rule.code
        }
        var buckets: [String: [Compiled]] = [:]
        var anyCategory: [Compiled] = []
        for entry in ordered {
            if let category = entry.rule.category { buckets[category, default: []].append(entry) } else { anyCategory.append(entry) }
        }
        self.buckets = buckets
        self.anyCategory = anyCategory
        self.categoryTree = categoryTree
        self.areaTree = areaTree
        self.rules = rules
    }

    /// Two rules tie when they have the same conditions (keyword rules: at least one keyword in common), so that
    /// some ticket would match both with equal specificity, and they route to different places.
    private static func ties(in compiled: [Compiled]) -> [DispatchRuleError.Problem] {
        struct Slot: Hashable { var category: String?; var area: String?; var kind: TicketKind?; var keyworded: Bool }
        var bySlot: [Slot: [DispatchRule]] = [:]
        for entry in compiled {
            let rule = entry.rule
            bySlot[
                Slot(category: rule.category, area: rule.area, kind: rule.kind, keyworded: !rule.keywords.isEmpty),
                default: []
            ].append(rule)
        }
        var problems: [DispatchRuleError.Problem] = []
        for (_, rules) in bySlot where rules.count > 1 {
            for (index, first) in rules.enumerated() {
                for second in rules[(index + 1)...] {
                    let sameTarget = first.organization == second.organization && first.department == second.department
                    let overlap = first.keywords.isEmpty || !Set(first.keywords).isDisjoint(with: second.keywords)
                    if !sameTarget && overlap { problems.append(.tie(first.code, second.code)) }
                }
            }
        }
        return problems
    }

    /// Routes a ticket; nil means no rule matched and the joint centre triages.
    public func route(category: String, area: String, kind: TicketKind, text: String) -> RoutingDecision? {
        let areaLineage = areaTree.lineage(of: area)
        func firstMatch(in bucket: [Compiled]) -> RoutingDecision? {
            for entry in bucket {
                let rule = entry.rule
                if let ruleKind = rule.kind, ruleKind != kind { continue }
                if let ruleArea = rule.area {
                    // The rule's area must be the ticket's area or one of its ancestors.
                    let index = areaLineage.count - entry.areaDepth
                    guard index >= 0, index < areaLineage.count, areaLineage[index] == ruleArea else { continue }
                }
                if !rule.keywords.isEmpty && !rule.keywords.contains(where: { text.contains($0) }) { continue }
                return RoutingDecision(organization: rule.organization, department: rule.department, rule: rule.code)
            }
            return nil
        }
        for category in categoryTree.lineage(of: category) {
            if let bucket = buckets[category], let decision = firstMatch(in: bucket) { return decision }
        }
        return firstMatch(in: anyCategory)
    }
}
