import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Administration: dispatch rules (with the "which organisation would get this?" tester), users and intake points.
/// Reference data and rules belong to the joint centre's administrators; an organisation's administrator manages
/// that organisation's users. A rule set that would not load (a tie, an unknown code) is refused and nothing changes.
struct StaffAdminController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("admin/rules", use: rules)
        group.post("admin/rules", use: addRule)
        group.post("admin/rules/:code/delete", use: deleteRule)
        group.get("admin/users", use: users)
        group.post("admin/users", use: addUser)
        group.post("admin/users/:username/:toggle", use: toggleUser)
        group.get("admin/structure", use: structure)
        group.post("admin/structure/level", use: setLevel)
        group.post("admin/structure/:table/edit", use: editStructure)
        group.post("admin/structure/:table", use: addToStructure)
        group.get("admin/points", use: points)
        group.get("admin/audit", use: auditLog)
        group.post("admin/points", use: addPoint)
    }

    struct AdminForm: Decodable {
        var _csrf: String?
        var code: String?
        var category: String?
        var area: String?
        var kind: String?
        var keywords: String?
        var organization: String?
        var department: String?
        var username: String?
        var password: String?
        var role: String?
        var name: String?
        var nameEn: String?
        var parent: String?
        var allowsAnonymous: String?
        var unit: String?
        var level: String?
        var edit: String?
        var replace: String?
    }

    private var reference: ReferenceCache { dependencies.reference }

    /// Adds the optional notices to a page's values. Mustache treats any string, even an empty one, as present, so
    /// an absent notice must be an absent key.
    static func withNotices(_ view: [String: Any], saved: String?, error: String?, extra: [String: String?] = [:]) -> [String: Any] {
        var view = view
        if let saved { view["message"] = saved }
        if let error { view["errorMessage"] = error }
        for (key, value) in extra { if let value { view[key] = value } }
        return view
    }

    private func form(_ request: Request, _ context: StaffPageContext) async throws -> AdminForm {
        let form = try await PublicPagesController.decodeForm(AdminForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        return form
    }

    private func given(_ value: String?) -> String? {
        value.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    private func saved(_ path: String) -> Response { Response(status: .seeOther, headers: [.location: path + "?saved=1"]) }

    private func audit(_ action: String, _ context: StaffPageContext, subject: String, detail: String = "") async throws {
        try await Auditor(dependencies: dependencies).record(
            action, by: context.staff, subject: subject, address: context.clientAddress,
            detail: detail)
    }

    // MARK: - Rules

    @Sendable func rules(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.rules)
        return try await rulesPage(request, context, errorMessage: nil, status: .ok)
    }

    private func rulesPage(
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
        struct Editing { let code, keywords: String }
        let view: [String: Any] = [
            "chrome": kit.chrome(request, context), "csrf": context.csrfToken,
            "testCategories": snapshot.data.categories.map {
                ChoiceView(code: $0.code, name: names.category($0.code), selected: $0.code == query.get("category"))
            },
            "testAreas": snapshot.data.areas.map {
                ChoiceView(code: $0.code, name: names.area($0.code), selected: $0.code == query.get("area"))
            },
            "testKinds": TicketKind.allCases.map {
                ChoiceView(code: $0.rawValue, name: text("kind.\($0.rawValue)"), selected: $0.rawValue == query.get("kind"))
            },
            "testText": query.get("text") ?? "",
            "rules": snapshot.rules.rules.map {
                RuleRow(
                    code: $0.code, category: $0.category.map(names.category) ?? "", area: $0.area.map(names.area) ?? "",
                    kind: $0.kind.map { text("kind.\($0.rawValue)") } ?? "", keywords: $0.keywords.joined(separator: ", "),
                    target: names.organization($0.organization) + " " + names.department($0.department))
            },
            "ruleCategories": snapshot.data.categories.map {
                ChoiceView(code: $0.code, name: names.category($0.code), selected: $0.code == editing?.category)
            },
            "ruleAreas": snapshot.data.areas.map {
                ChoiceView(code: $0.code, name: names.area($0.code), selected: $0.code == editing?.area)
            },
            "ruleKinds": TicketKind.allCases.map {
                ChoiceView(code: $0.rawValue, name: text("kind.\($0.rawValue)"), selected: $0 == editing?.kind)
            },
            "organizations": snapshot.data.organizations.filter { $0.kind != .joint }.map {
                ChoiceView(code: $0.code, name: names.organization($0.code), selected: $0.code == editing?.organization)
            },
            "departments": snapshot.data.departments.map {
                ChoiceView(
                    code: $0.code, name: names.organization($0.organization) + " · " + names.department($0.code),
                    selected: $0.code == editing?.department)
            },
            "formTitle": text(editing == nil ? "ui.admin.addRule" : "ui.admin.editRule"),
        ]
        var extra: [String: String?] = ["testResult": result]
        if let editing { extra["editingCode"] = editing.code; extra["editingKeywords"] = editing.keywords.joined(separator: ", ") }
        return kit.renderer.response(
            "admin-rules",
            Self.withNotices(
                view, saved: query.get("saved") != nil ? text("ui.admin.saved") : nil,
                error: errorMessage, extra: extra), status: status)
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
            return try await rulesPage(
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
            return try await rulesPage(request, context, errorMessage: kit.fieldMessages(error, language), status: .unprocessableContent)
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
            return try await rulesPage(request, context, errorMessage: message, status: .unprocessableContent)
        }
        try await dependencies.stores.reference.replaceReferenceData(data, rules: rules)
        try await reference.reload(from: dependencies.stores.reference)
        try await audit("rules.change", context, subject: "dispatch_rules", detail: rules.map(\.code).joined(separator: ","))
        return saved("/staff/admin/rules")
    }

    // MARK: - Users

    @Sendable func users(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.users)
        return try await usersPage(request, context, errorMessage: nil, status: .ok)
    }

    private func usersPage(
        _ request: Request, _ context: StaffPageContext, errorMessage: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let language = request.language
        let data = reference.snapshot.data
        let names = Names(reference: data, language: language)
        let staff = context.staff
        let manageable = data.organizations.filter { AdminPolicy.mayManage(staff, .users, organization: $0.code) }
        struct UserRow { let username, organization, role, department, toggle, toggleLabel: String }
        let accounts = try await dependencies.stores.accounts.accounts().filter {
            AdminPolicy.mayManage(staff, .users, organization: $0.organization)
        }
        let view: [String: Any] = [
            "chrome": kit.chrome(request, context), "csrf": context.csrfToken,
            "users": accounts.map {
                UserRow(
                    username: $0.username, organization: names.organization($0.organization),
                    role: kit.messages.text("role.\($0.role.rawValue)", language), department: names.department($0.department),
                    toggle: $0.active ? "disable" : "enable",
                    toggleLabel: kit.messages.text($0.active ? "ui.admin.disable" : "ui.admin.enable", language))
            },
            "organizations": manageable.map { ChoiceView(code: $0.code, name: names.organization($0.code), selected: false) },
            "roles": Role.allCases.map {
                ChoiceView(code: $0.rawValue, name: kit.messages.text("role.\($0.rawValue)", language), selected: false)
            },
            "departments": data.departments.filter { department in manageable.contains { $0.code == department.organization } }
                .map {
                    ChoiceView(
                        code: $0.code, name: names.organization($0.organization) + " · " + names.department($0.code), selected: false)
                },
        ]
        let notice = request.uri.queryParameters.get("saved") != nil ? kit.messages.text("ui.admin.saved", language) : nil
        return kit.renderer.response("admin-users", Self.withNotices(view, saved: notice, error: errorMessage), status: status)
    }

    @Sendable func addUser(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.users)
        let form = try await form(request, context)
        let language = request.language
        let data = reference.snapshot.data
        var rules = FieldRules()
        let organization = given(form.organization) ?? ""
        rules.require(AdminPolicy.mayManage(context.staff, .users, organization: organization), "organization", "notAllowed")
        let account = NewAccount.check(
            username: form.username, organization: organization, role: given(form.role),
            department: given(form.department), displayName: nil, password: form.password ?? "",
            passwordRequired: true, reference: data, rules: &rules)
        do {
            try rules.check()
            guard let account else { throw ValidationError("username", "required") }
            _ = try await AccountService(accounts: dependencies.stores.accounts, passwords: dependencies.passwords).add(account)
            try await audit(
                "user.add", context, subject: account.username,
                detail: "\(organization) \(account.role.rawValue) \(account.department ?? "")")
            return saved("/staff/admin/users")
        } catch let error as ValidationError {
            return try await usersPage(request, context, errorMessage: kit.fieldMessages(error, language), status: .unprocessableContent)
        } catch is DuplicateAccount {
            return try await usersPage(request, context, errorMessage: kit.messages.text("admin.duplicate", language), status: .conflict)
        }
    }

    @Sendable func toggleUser(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.users)
        _ = try await form(request, context)
        let username = try context.parameters.require("username")
        let toggle = try context.parameters.require("toggle")
        guard let account = try await dependencies.stores.accounts.account(username: username), ["enable", "disable"].contains(toggle),
            AdminPolicy.mayManage(context.staff, .users, organization: account.organization),
            account.username != context.staff.username
        else {
            throw AccessError.notFound
        }
        try await dependencies.stores.accounts.setActive(username: username, active: toggle == "enable")
        try await audit("user.\(toggle)", context, subject: username)
        return saved("/staff/admin/users")
    }

    // MARK: - Organisations, departments, categories

    @Sendable func structure(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.structure)
        return structurePage(request, context, errorMessage: nil, status: .ok)
    }

    private func structurePage(_ request: Request, _ context: StaffPageContext, errorMessage: String?, status: HTTPResponse.Status)
        -> Response
    {
        let language = request.language
        let data = reference.snapshot.data
        let names = Names(reference: data, language: language)
        func text(_ key: String) -> String { kit.messages.text(key, language) }
        struct Table {
            let key, title: String
            let rows: [AdminItemRow]
            let parentLabel: String?
            let parentOptional: Bool
            let parents: [ChoiceView]
            let isCategory: Bool
            let editor: AdminItemEditor
        }
        func table(
            _ key: ReferenceTable, _ title: String, _ rows: [AdminItemRow], parentLabel: String, parentOptional: Bool,
            parents: [ChoiceView]
        ) -> Table {
            Table(
                key: key.rawValue, title: text(title), rows: rows, parentLabel: parentLabel, parentOptional: parentOptional,
                parents: parents,
                isCategory: key == .categories, editor: AdminItemEditor(table: key, rows: rows, csrf: context.csrfToken))
        }
        // Every item, retired ones marked; new items go only under parents still in use.
        let tables = [
            table(
                .organizations, "ui.admin.organizations",
                data.allOrganizations.map {
                    AdminItemRow($0, names.organization($0.code), detail: text("orgkind.\($0.kind.rawValue)"), text)
                },
                parentLabel: text("ui.admin.kind"), parentOptional: false,
                parents: Organization.Kind.allCases.filter { $0 != .joint }.map {
                    ChoiceView(code: $0.rawValue, name: text("orgkind.\($0.rawValue)"), selected: false)
                }),
            table(
                .departments, "ui.admin.departments",
                data.allDepartments.map { AdminItemRow($0, names.department($0.code), detail: names.organization($0.organization), text) },
                parentLabel: text("ui.list.lead"), parentOptional: false,
                parents: data.organizations.map { ChoiceView(code: $0.code, name: names.organization($0.code), selected: false) }),
            table(
                .categories, "ui.admin.categories",
                data.allCategories.map { AdminItemRow($0, names.category($0.code), detail: $0.parent.map(names.category), text) },
                parentLabel: text("ui.admin.parentCategory"), parentOptional: true,
                parents: data.categories.map { ChoiceView(code: $0.code, name: names.category($0.code), selected: false) }),
            table(
                .areas, "ui.admin.areas",
                data.allAreas.map { AdminItemRow($0, names.area($0.code), detail: $0.parent.map(names.area), text) },
                parentLabel: text("ui.admin.parentArea"), parentOptional: true,
                parents: data.areas.map { ChoiceView(code: $0.code, name: names.area($0.code), selected: false) }),
        ]
        struct LevelRow { let code, unit, level: String }
        let levelRows =
            data.organizations.map { LevelRow(code: $0.code, unit: names.organization($0.code), level: text("tier.\($0.level.rawValue)")) }
            + data.departments.map { department in
                LevelRow(
                    code: department.code, unit: names.organization(department.organization) + " · " + names.department(department.code),
                    level: department.level.map { text("tier.\($0.rawValue)") }
                        ?? kit.messages.text(
                            "ui.admin.levelInherited", language,
                            ["level": text("tier.\(data.level(organization: department.organization, department: nil).rawValue)")]))
            }
        let view: [String: Any] = [
            "chrome": kit.chrome(request, context), "csrf": context.csrfToken, "tables": tables, "levelRows": levelRows,
            "units": levelRows.map { ChoiceView(code: $0.code, name: $0.unit, selected: false) },
            "levels": Tier.allCases.map { ChoiceView(code: $0.rawValue, name: text("tier.\($0.rawValue)"), selected: false) },
        ]
        let notice = request.uri.queryParameters.get("saved") != nil ? text("ui.admin.saved") : nil
        return kit.renderer.response("admin-structure", Self.withNotices(view, saved: notice, error: errorMessage), status: status)
    }

    /// Adds an organisation, a department or a category; codes are lower-case ASCII, unique, and never reused.
    @Sendable func addToStructure(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.structure)
        let form = try await form(request, context)
        let table = try context.parameters.require("table")
        let data = reference.snapshot.data
        var rules = FieldRules()
        let code = rules.text(form.code, "code", max: 64)
        if let code {
            rules.require(code.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-.".contains($0)) }, "code", "invalid")
        }
        let name = rules.text(form.name, "name", max: 60)
        let nameEn = rules.text(form.nameEn, "nameEn", max: 80)
        let parent = given(form.parent)
        var organizations = data.allOrganizations, departments = data.allDepartments, categories = data.allCategories, areas = data.allAreas
        switch table {
        case "organizations":
            let kind = parent.flatMap(Organization.Kind.init(rawValue:))
            rules.require(kind != nil && kind != .joint, "kind", "invalid")
            rules.require(code.map { data.organization($0) == nil } ?? true, "code", "notAllowed")
            if let code, let name, let nameEn, let kind {
                organizations.append(Organization(code: code, name: name, nameEn: nameEn, kind: kind))
            }
        case "departments":
            rules.require(parent.flatMap { data.organization($0) } != nil, "organization", "unknown")
            rules.require(code.map { data.department($0) == nil } ?? true, "code", "notAllowed")
            if let code, let name, let nameEn, let parent {
                departments.append(Department(code: code, organization: parent, name: name, nameEn: nameEn))
            }
        case "categories":
            if let parent { rules.require(data.category(parent).map { !$0.isRetired } ?? false, "category", "unknown") }
            rules.require(code.map { data.category($0) == nil } ?? true, "code", "notAllowed")
            if let code, let name, let nameEn {
                categories.append(
                    Category(code: code, parent: parent, name: name, nameEn: nameEn, allowsAnonymous: form.allowsAnonymous != nil))
            }
        case "areas":
            if let parent { rules.require(data.area(parent).map { !$0.isRetired } ?? false, "area", "unknown") }
            rules.require(code.map { !data.hasArea($0) } ?? true, "code", "notAllowed")
            if let code, let name, let nameEn { areas.append(Area(code: code, parent: parent, name: name, nameEn: nameEn)) }
        default:
            throw AccessError.notFound
        }
        do {
            try rules.check()
        } catch {
            return structurePage(request, context, errorMessage: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        }
        let updated = ReferenceData(
            organizations: organizations, departments: departments, categories: categories,
            areas: areas, intakePoints: data.allIntakePoints)
        try await dependencies.stores.reference.replaceReferenceData(updated, rules: reference.snapshot.rules.rules)
        try await reference.reload(from: dependencies.stores.reference)
        try await audit("reference.change", context, subject: table, detail: code ?? "")
        return saved("/staff/admin/structure")
    }

    /// Renames, retires or restores an item of the reference data (see `ReferenceData.editing`); audited with what was done.
    @Sendable func editStructure(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.structure)
        let form = try await form(request, context)
        guard let table = ReferenceTable(rawValue: try context.parameters.require("table")) else { throw AccessError.notFound }
        let back = table == .intakePoints ? "/staff/admin/points" : "/staff/admin/structure"
        let snapshot = reference.snapshot
        do {
            guard let edit = form.edit.flatMap(ReferenceEdit.init(rawValue:)) else { throw ValidationError([.init("edit", "invalid")]) }
            let code = given(form.code) ?? ""
            let updated = try snapshot.data.editing(
                table, code: code, edit, name: form.name, nameEn: form.nameEn,
                day: ChinaTime.dayString(dependencies.clock()), rules: snapshot.rules.rules)
            try await dependencies.stores.reference.replaceReferenceData(updated, rules: snapshot.rules.rules)
            try await reference.reload(from: dependencies.stores.reference)
            try await audit("reference.\(edit.rawValue)", context, subject: table.rawValue, detail: code)
            return saved(back)
        } catch let error as ValidationError {
            let message = kit.fieldMessages(error, request.language)
            return table == .intakePoints
                ? pointsPage(request, context, errorMessage: message, status: .unprocessableContent)
                : structurePage(request, context, errorMessage: message, status: .unprocessableContent)
        }
    }

    /// Sets the level of an organisation or a department (分级化解); for a department, `inherit` takes its organisation's.
    /// Every ticket's tier is counted again under the new levels.
    @Sendable func setLevel(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.structure)
        let form = try await form(request, context)
        let data = reference.snapshot.data
        let unit = given(form.unit) ?? "", levelText = given(form.level) ?? ""
        let level = Tier(rawValue: levelText)
        var organizations = data.allOrganizations, departments = data.allDepartments
        var rules = FieldRules()
        if let index = organizations.firstIndex(where: { $0.code == unit }) {
            rules.require(level != nil, "level", "invalid")
            if let level { organizations[index].level = level }
        } else if let index = departments.firstIndex(where: { $0.code == unit }) {
            rules.require(level != nil || levelText == "inherit", "level", "invalid")
            departments[index].level = level
        } else {
            rules.add("unit", "unknown")
        }
        do {
            try rules.check()
        } catch {
            return structurePage(request, context, errorMessage: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        }
        let updated = ReferenceData(
            organizations: organizations, departments: departments, categories: data.allCategories,
            areas: data.allAreas, intakePoints: data.allIntakePoints)
        try await dependencies.stores.reference.replaceReferenceData(updated, rules: reference.snapshot.rules.rules)
        try await reference.reload(from: dependencies.stores.reference)
        try await audit("reference.level", context, subject: unit, detail: levelText)
        return saved("/staff/admin/structure")
    }

    // MARK: - Audit log

    /// The audit log for the joint centre's administrators, filtered by action and actor; `format=csv` exports it
    /// (and the export is itself recorded).
    @Sendable func auditLog(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.auditLog)
        let parameters = request.uri.queryParameters
        let query = AuditQuery(action: given(parameters.get("action")), actor: given(parameters.get("actor")), limit: 1000)
        let entries = try await dependencies.stores.audit.entries(matching: query)
        if parameters.get("format") == "csv" {
            try await audit("export.csv", context, subject: "audit_log", detail: "\(entries.count) rows")
            let header = ["at", "actor", "organization", "action", "subject", "address", "detail"]
            let rows = entries.map {
                [ChinaTime.minuteString($0.at), $0.actor, $0.organization ?? "", $0.action, $0.subject, $0.address, $0.detail]
            }
            let body = CSVText.document([header] + rows)
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"audit.csv\""],
                body: .init(byteBuffer: .init(string: body)))
        }
        struct Row { let at, actor, action, subject, address, detail: String }
        let view: [String: Any] = [
            "chrome": kit.chrome(request, context), "action": parameters.get("action") ?? "", "actor": parameters.get("actor") ?? "",
            "csvURL": "/staff/admin/audit?format=csv&" + (request.uri.query ?? ""),
            "entries": entries.map {
                Row(
                    at: ChinaTime.minuteString($0.at), actor: $0.actor, action: $0.action, subject: $0.subject,
                    address: $0.address, detail: $0.detail)
            },
        ]
        return kit.renderer.response("admin-audit", view)
    }

    // MARK: - Intake points

    @Sendable func points(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.structure)
        return pointsPage(request, context, errorMessage: nil, status: .ok)
    }

    private func pointsPage(_ request: Request, _ context: StaffPageContext, errorMessage: String?, status: HTTPResponse.Status) -> Response
    {
        let language = request.language
        let data = reference.snapshot.data
        let names = Names(reference: data, language: language)
        func text(_ key: String) -> String { kit.messages.text(key, language) }
        let rows = data.allIntakePoints.map { AdminItemRow($0, language == .en ? $0.nameEn : $0.name, detail: names.area($0.area), text) }
        let view: [String: Any] = [
            "chrome": kit.chrome(request, context), "csrf": context.csrfToken,
            "points": rows, "editor": AdminItemEditor(table: .intakePoints, rows: rows, csrf: context.csrfToken),
            "areas": data.areas.map { ChoiceView(code: $0.code, name: names.area($0.code), selected: false) },
        ]
        let notice = request.uri.queryParameters.get("saved") != nil ? kit.messages.text("ui.admin.saved", language) : nil
        return kit.renderer.response("admin-points", Self.withNotices(view, saved: notice, error: errorMessage), status: status)
    }

    @Sendable func addPoint(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.structure)
        let form = try await form(request, context)
        let data = reference.snapshot.data
        var rules = FieldRules()
        let code = rules.text(form.code, "code", max: 64)
        if let code {
            rules.require(code.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }, "code", "invalid")
            rules.require(data.intakePoint(code) == nil, "code", "notAllowed")
        }
        let name = rules.text(form.name, "name", max: 60)
        let nameEn = rules.text(form.nameEn, "nameEn", max: 80)
        let area = given(form.area) ?? ""
        rules.require(data.area(area).map { !$0.isRetired } ?? false, "area", "unknown")
        do {
            try rules.check()
        } catch {
            return pointsPage(request, context, errorMessage: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        }
        let updated = ReferenceData(
            organizations: data.allOrganizations, departments: data.allDepartments, categories: data.allCategories,
            areas: data.allAreas, intakePoints: data.allIntakePoints + [IntakePoint(code: code!, area: area, name: name!, nameEn: nameEn!)])
        try await dependencies.stores.reference.replaceReferenceData(updated, rules: reference.snapshot.rules.rules)
        try await reference.reload(from: dependencies.stores.reference)
        try await audit("reference.change", context, subject: "intake_points", detail: code ?? "")
        return saved("/staff/admin/points")
    }
}

/// An item of the reference data as the admin pages list it: code, name, what it belongs to, and when it was retired.
struct AdminItemRow {
    let code, name: String
    let detail: String?
    let retired: String?

    init(_ item: some Retirable, _ name: String, detail: String?, _ text: (String) -> String) {
        code = item.code
        self.name = name
        self.detail = detail
        retired = item.retiredOn.map { text("ui.admin.retiredOn") + " " + $0 }
    }
}

/// The form that renames, retires or restores one item of a table.
struct AdminItemEditor {
    let key: String
    let action: String
    let items: [ChoiceView]
    let csrf: String

    init(table: ReferenceTable, rows: [AdminItemRow], csrf: String) {
        key = table.rawValue
        action = "/staff/admin/structure/\(table.rawValue)/edit"
        items = rows.map {
            ChoiceView(code: $0.code, name: $0.code + " " + $0.name + ($0.retired.map { "（\($0)）" } ?? ""), selected: false)
        }
        self.csrf = csrf
    }
}
