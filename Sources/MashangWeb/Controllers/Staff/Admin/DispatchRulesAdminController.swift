import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// 分派规则 administration: the rules with the "which organisation would get this?" tester. A rule set that would not
/// load (a tie, an unknown code) is refused and nothing changes. Joint-centre administrators only (`AdminPolicy`).
struct DispatchRulesAdminController: AdminFormPage {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    static let area = AdminArea.rules
    static let path: RouterPath = "admin/rules"

    func addActions(to group: RouterGroup<StaffPageContext>) {
        group.post(Self.path, use: addRule)
        group.post("admin/rules/:code/delete", use: deleteRule)
    }

    func page(
        _ request: Request, _ context: StaffPageContext, errorMessage: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let language = request.language
        let snapshot = reference.snapshot
        let names = Names(reference: snapshot.data, language: language)
        let query = request.uri.queryParameters
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String { kit.messages.text(key, language, arguments) }
        var result: String?
        if let category = query.get("category"), let area = query.get("area"),
            let kind = query.get("kind").flatMap(TicketKind.init(rawValue:))
        {
            result =
                snapshot.rules.route(category: category, area: area, kind: kind, text: query.get("text") ?? "").map {
                    text(
                        "admin.matched",
                        [
                            "organization": names.organization($0.organization), "department": names.department($0.department),
                            "rule": $0.rule,
                        ])
                } ?? text("admin.noMatch")
        }
        struct RuleRow { let code, category, area, kind, keywords, target: String }
        // `?edit=CODE` fills the form with that rule, to be saved in its place.
        let editing = query.get("edit").flatMap { code in snapshot.rules.rules.first { $0.code == code } }
        struct RulesView {
            let chrome: PageChrome
            let csrf: String
            let testCategories, testAreas, testKinds: [ChoiceView]
            let testText: String
            let rules: [RuleRow]
            let ruleCategories, ruleAreas, ruleKinds, organizations, departments: [ChoiceView]
            let formTitle: String
            var testResult: String? = nil
            var editingCode: String? = nil
            var editingKeywords: String? = nil
            var message: String? = nil
            var errorMessage: String? = nil
        }
        var view = RulesView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken,
            testCategories: snapshot.data.categories.map {
                ChoiceView(code: $0.code, name: names.category($0.code), selected: $0.code == query.get("category"))
            },
            testAreas: snapshot.data.areas.map {
                ChoiceView(code: $0.code, name: names.area($0.code), selected: $0.code == query.get("area"))
            },
            testKinds: TicketKind.allCases.map {
                ChoiceView(code: $0.rawValue, name: text("kind.\($0.rawValue)"), selected: $0.rawValue == query.get("kind"))
            }, testText: query.get("text") ?? "",
            rules: snapshot.rules.rules.map {
                RuleRow(
                    code: $0.code, category: $0.category.map(names.category) ?? "", area: $0.area.map(names.area) ?? "",
                    kind: $0.kind.map { text("kind.\($0.rawValue)") } ?? "", keywords: $0.keywords.joined(separator: ", "),
                    target: names.organization($0.organization) + " " + names.department($0.department))
            },
            ruleCategories: snapshot.data.categories.map {
                ChoiceView(code: $0.code, name: names.category($0.code), selected: $0.code == editing?.category)
            },
            ruleAreas: snapshot.data.areas.map {
                ChoiceView(code: $0.code, name: names.area($0.code), selected: $0.code == editing?.area)
            },
            ruleKinds: TicketKind.allCases.map {
                ChoiceView(code: $0.rawValue, name: text("kind.\($0.rawValue)"), selected: $0 == editing?.kind)
            },
            organizations: snapshot.data.organizations.filter { $0.kind != .joint }.map {
                ChoiceView(code: $0.code, name: names.organization($0.code), selected: $0.code == editing?.organization)
            },
            departments: snapshot.data.departments.map {
                ChoiceView(
                    code: $0.code, name: names.organization($0.organization) + " · " + names.department($0.code),
                    selected: $0.code == editing?.department)
            }, formTitle: text(editing == nil ? "ui.admin.addRule" : "ui.admin.editRule"))
        view.testResult = result
        view.editingCode = editing?.code
        view.editingKeywords = editing?.keywords.joined(separator: ", ")
        view.message = query.get("saved") != nil ? text("ui.admin.saved") : nil
        view.errorMessage = errorMessage
        return kit.renderer.response("admin-rules", view, status: status)
    }

    @Sendable func addRule(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.rules)
        let form = try await form(request, context)
        let language = request.language
        var rules = try await dependencies.stores.reference.dispatchRules()
        let replacing = form.replace != nil
        // A new rule needs a new code; an edited one keeps its code and its place in the order.
        guard let code = given(form.code), code.count <= 64, rules.contains(where: { $0.code == code }) == replacing,
            let organization = given(form.organization)
        else {
            return try await page(
                request, context, errorMessage: kit.messages.text("admin.duplicate", language), status: .unprocessableContent)
        }
        let data = reference.snapshot.data
        var check = FieldRules()
        check.require(data.organization(organization).map { !$0.isRetired && $0.kind != .joint } ?? false, "organization", "unknown")
        if let department = given(form.department) {
            check.require(
                data.department(department).map { !$0.isRetired && $0.organization == organization } ?? false, "department", "unknown")
        }
        do {
            try check.check()
        } catch {
            return try await page(request, context, errorMessage: kit.fieldMessages(error, language), status: .unprocessableContent)
        }
        let keywords = (form.keywords ?? "").split(whereSeparator: { ",,、 ".contains($0) }).map(String.init)
        let rule = DispatchRule(
            code: code, category: given(form.category), area: given(form.area),
            kind: given(form.kind).flatMap(TicketKind.init(rawValue:)), keywords: keywords,
            organization: organization, department: given(form.department))
        if let index = rules.firstIndex(where: { $0.code == code }) { rules[index] = rule } else { rules.append(rule) }
        return try await save(rules: rules, request, context)
    }

    @Sendable func deleteRule(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.rules)
        _ = try await form(request, context)
        let code = try context.parameters.require("code")
        let rules = try await dependencies.stores.reference.dispatchRules().filter { $0.code != code }
        return try await save(rules: rules, request, context)
    }

    /// Checks the whole rule set as the router would load it, then stores it and reloads every request's view of it.
    private func save(rules: [DispatchRule], _ request: Request, _ context: StaffPageContext) async throws -> Response {
        let data = reference.snapshot.data
        do {
            _ = try DispatchRuleSet(rules: rules, categoryTree: data.categoryTree, areaTree: data.areaTree)
        } catch {
            let language = request.language
            let message = error.problems.map { problem -> String in
                switch problem {
                case .tie(let first, let second): kit.messages.text("admin.tie", language, ["first": first, "second": second])
                case .unknownCategory(let rule): kit.messages.text("admin.unknownCategory", language, ["rule": rule])
                case .unknownArea(let rule): kit.messages.text("admin.unknownArea", language, ["rule": rule])
                }
            }.joined(separator: " ")
            return try await page(request, context, errorMessage: message, status: .unprocessableContent)
        }
        try await dependencies.stores.reference.replaceReferenceData(data, rules: rules)
        try await reference.reload(from: dependencies.stores.reference)
        try await audit("rules.change", context, subject: "dispatch_rules", detail: rules.map(\.code).joined(separator: ","))
        return saved("/staff/admin/rules")
    }
}
