import MashangCore
import MashangTesting
import Testing

struct DispatchRuleSetTests {
    let reference = Fixtures.reference

    func rules(_ list: [DispatchRule]) throws -> DispatchRuleSet {
        try DispatchRuleSet(rules: list, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
    }

    @Test func theSeedsTwoWayDispatchRoutesResidentialIssuesToTheGovernmentAndEmployeeMattersToTheEnterprise() {
        let rules = Fixtures.rules
        #expect(
            rules.route(category: "housing.leak", area: "jiangzuan-grid1", kind: .complaint, text: "屋顶漏水")?.organization
                == "guanghua-street")
        #expect(
            rules.route(category: "employee.welfare", area: "wuqi-grid2", kind: .help, text: "困难职工申请帮扶")
                == RoutingDecision(organization: "jianghan-oilfield", department: "jh-assistance", rule: "employee-welfare"))
        #expect(rules.route(category: "legal.contract", area: "wuqi", kind: .dispute, text: "合同纠纷")?.organization == "qianjiang-court")
    }

    @Test func theMostSpecificRuleWins() {
        let rules = Fixtures.rules
        // A subcategory rule beats its parent's.
        #expect(rules.route(category: "traffic.road", area: "wuqi-grid1", kind: .complaint, text: "道路施工")?.rule == "traffic-road")
        #expect(rules.route(category: "traffic.school", area: "wuqi-grid1", kind: .complaint, text: "护学岗")?.rule == "traffic")
        // An area condition beats none at the same category depth; it applies to the area's grids too.
        #expect(
            rules.route(category: "security.hazard", area: "jiangzuan-grid2", kind: .complaint, text: "楼道杂物")?.rule
                == "security-hazard-jiangzuan")
        #expect(rules.route(category: "security.hazard", area: "wuqi-grid2", kind: .complaint, text: "楼道杂物")?.rule == "security")
        // Keywords make a rule more specific, but only when one occurs.
        #expect(
            rules.route(category: "housing.leak", area: "wuqi-grid1", kind: .complaint, text: "单位宿舍漏水")?.organization == "jianghan-oilfield"
        )
        #expect(
            rules.route(category: "housing.leak", area: "wuqi-grid1", kind: .complaint, text: "自家漏水")?.organization == "guanghua-street")
    }

    @Test func kindConditionsAreMoreSpecificThanNone() throws {
        let rules = try rules([
            DispatchRule(code: "a", category: "property", organization: "guanghua-street"),
            DispatchRule(code: "b", category: "property", kind: .praise, organization: "joint"),
        ])
        #expect(rules.route(category: "property.fees", area: "wuqi", kind: .praise, text: "")?.rule == "b")
        #expect(rules.route(category: "property.fees", area: "wuqi", kind: .complaint, text: "")?.rule == "a")
    }

    @Test func noMatchMeansTheJointCentreTriages() throws {
        let rules = try rules([DispatchRule(code: "a", category: "property", organization: "guanghua-street")])
        #expect(rules.route(category: "legal", area: "wuqi", kind: .dispute, text: "纠纷") == nil)
    }

    @Test func tiesAreAConfigurationErrorAtLoadTime() {
        #expect(throws: DispatchRuleError(problems: [.tie("a", "b")])) {
            try rules([
                DispatchRule(code: "a", category: "property", organization: "guanghua-street"),
                DispatchRule(code: "b", category: "property", organization: "jianghan-oilfield"),
            ])
        }
        #expect(throws: DispatchRuleError(problems: [.tie("a", "b")])) {
            try rules([
                DispatchRule(code: "a", category: "property", keywords: ["电梯", "楼道"], organization: "guanghua-street"),
                DispatchRule(code: "b", category: "property", keywords: ["电梯"], organization: "jianghan-oilfield"),
            ])
        }
        // Same conditions and the same target, or disjoint keywords, are not ties.
        #expect(throws: Never.self) {
            try rules([
                DispatchRule(code: "a", category: "property", keywords: ["电梯"], organization: "guanghua-street"),
                DispatchRule(code: "b", category: "property", keywords: ["停车"], organization: "jianghan-oilfield"),
                DispatchRule(code: "c", category: "legal", organization: "qianjiang-court"),
                DispatchRule(code: "d", category: "legal", organization: "qianjiang-court"),
            ])
        }
    }

    @Test func rulesNamingUnknownCodesAreRefused() {
        #expect(throws: DispatchRuleError(problems: [.unknownCategory(rule: "x"), .unknownArea(rule: "y")])) {
            try rules([
                DispatchRule(code: "x", category: "nothing", organization: "guanghua-street"),
                DispatchRule(code: "y", area: "nowhere", organization: "guanghua-street"),
            ])
        }
    }
}
