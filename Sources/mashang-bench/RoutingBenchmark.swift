import Foundation
import MashangCore

/// Routing decisions against a synthetic configuration of `ruleCount` rules over a three-level category tree and a
/// three-level area tree, with kind and keyword conditions mixed in as in real rule sets.
struct RoutingBenchmark {
    let ruleCount: Int
    let decisions: Int

    func run() -> Measurement {
        var random = SeededRandom(seed: 5)
        var categories: [(String, String?)] = []
        for top in 0..<20 {
            categories.append(("c\(top)", nil))
            for middle in 0..<5 {
                categories.append(("c\(top).\(middle)", "c\(top)"))
                for leaf in 0..<4 { categories.append(("c\(top).\(middle).\(leaf)", "c\(top).\(middle)")) }
            }
        }
        var areas: [(String, String?)] = [("city", nil)]
        for district in 0..<10 {
            areas.append(("d\(district)", "city"))
            for community in 0..<10 { areas.append(("d\(district).\(community)", "d\(district)")) }
        }
        let categoryTree = CodeTree(parents: categories.map { ($0.0, $0.1) })
        let areaTree = CodeTree(parents: areas.map { ($0.0, $0.1) })
        let keywords = ["漏水", "电梯", "停车", "噪音", "工资", "养老", "物业", "暖气"]
        var rules: [DispatchRule] = []
        var slots: Set<String> = []
        while rules.count < ruleCount {
            let category = random.chance(0.95) ? categories.randomElement(using: &random)!.0 : nil
            let area = random.chance(0.4) ? areas.randomElement(using: &random)!.0 : nil
            let kind = random.chance(0.2) ? TicketKind.allCases.randomElement(using: &random)! : nil
            let keyword = random.chance(0.2) ? [keywords.randomElement(using: &random)!] : []
            // One rule per condition slot, so the set loads without ties.
            let slot = "\(category ?? "-")|\(area ?? "-")|\(kind?.rawValue ?? "-")|\(keyword.isEmpty ? "-" : "k")"
            guard slots.insert(slot).inserted else { continue }
            rules.append(
                DispatchRule(
                    code: "r\(rules.count)", category: category, area: area, kind: kind, keywords: keyword,
                    organization: "org\(rules.count % 7)"))
        }
        let ruleSet = try! DispatchRuleSet(rules: rules, categoryTree: categoryTree, areaTree: areaTree)
        let leafCategories = categories.filter { $0.0.split(separator: ".").count == 3 }.map(\.0)
        let leafAreas = areas.filter { $0.0.split(separator: ".").count == 2 }.map(\.0)
        let texts = ["楼上卫生间漏水到我家", "小区电梯经常停运", "夜间施工噪音扰民", "希望尽快处理", "暖气不热,室温低"]
        let inputs = (0..<10_000).map { _ in
            (
                leafCategories.randomElement(using: &random)!, leafAreas.randomElement(using: &random)!,
                TicketKind.allCases.randomElement(using: &random)!, texts.randomElement(using: &random)!
            )
        }
        var matched = 0
        let clock = ContinuousClock()
        let start = clock.now
        for index in 0..<decisions {
            let input = inputs[index % inputs.count]
            if ruleSet.route(category: input.0, area: input.1, kind: input.2, text: input.3) != nil { matched += 1 }
        }
        let elapsed = clock.now - start
        let micros = elapsed.seconds * 1e6 / Double(decisions)
        return Measurement(
            name: "routing decision, \(ruleCount) rules",
            value: String(format: "%.2f µs (%.0f /s)", micros, Double(decisions) / elapsed.seconds),
            target: "≤ 5 µs", notes: "\(decisions) decisions, \(matched * 100 / decisions)% matched a rule")
    }
}
