import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The mechanism's structure: organisations, departments, categories and areas, added, renamed and retired, and each
/// unit's level. Reference data belongs to the joint centre's administrators.
struct StructureAdminController: AdminFormPage {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    static let area = AdminArea.structure
    static let path: RouterPath = "admin/structure"

    func addActions(to group: RouterGroup<StaffPageContext>) {
        group.post("admin/structure/level", use: setLevel)
        group.post("admin/structure/boundary", use: setBoundary)
        group.post("admin/structure/:table/edit", use: editStructure)
        group.post("admin/structure/:table", use: addToStructure)
    }

    func page(_ request: Request, _ context: StaffPageContext, errorMessage: String?, status: HTTPResponse.Status)
        -> Response
    {
        page(request, context, errorMessage: errorMessage, status: status, chosenArea: request.uri.queryParameters.get("boundary"))
    }

    /// The page; `chosenArea` and `boundaryText` refill the boundary form (after a refused boundary, what was typed).
    func page(
        _ request: Request, _ context: StaffPageContext, errorMessage: String?, status: HTTPResponse.Status, chosenArea: String?,
        boundaryText: String? = nil
    ) -> Response {
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
        struct StructureView {
            let chrome: PageChrome
            let csrf: String
            let tables: [Table]
            let levelRows: [LevelRow]
            let units, levels: [ChoiceView]
            /// The boundary form: areas to choose from (the one asked for by `?boundary=` selected) and its GeoJSON.
            let boundaryAreas: [ChoiceView]
            let boundaryArea: ChoiceView?
            let boundaryText: String
            var message: String? = nil
            var errorMessage: String? = nil
        }
        var view = StructureView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, tables: tables, levelRows: levelRows,
            units: levelRows.map { ChoiceView(code: $0.code, name: $0.unit, selected: false) },
            levels: Tier.allCases.map { ChoiceView(code: $0.rawValue, name: text("tier.\($0.rawValue)"), selected: false) },
            boundaryAreas: data.areas.map {
                ChoiceView(
                    code: $0.code, name: names.area($0.code) + ($0.boundary == nil ? " " + text("ui.admin.boundaryNone") : ""),
                    selected: $0.code == chosenArea)
            },
            boundaryArea: data.area(chosenArea ?? "").map { ChoiceView(code: $0.code, name: names.area($0.code), selected: true) },
            boundaryText: boundaryText ?? data.area(chosenArea ?? "")?.boundary?.geoJSON ?? "")
        let notice = request.uri.queryParameters.get("saved") != nil ? text("ui.admin.saved") : nil
        view.message = notice
        view.errorMessage = errorMessage
        return kit.renderer.response("admin-structure", view, status: status)
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
            return page(request, context, errorMessage: kit.fieldMessages(error, request.language), status: .unprocessableContent)
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
                ? IntakePointsAdminController(dependencies: dependencies, kit: kit).page(
                    request, context, errorMessage: message, status: .unprocessableContent)
                : page(request, context, errorMessage: message, status: .unprocessableContent)
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
            return page(request, context, errorMessage: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        }
        let updated = ReferenceData(
            organizations: organizations, departments: departments, categories: data.allCategories,
            areas: data.allAreas, intakePoints: data.allIntakePoints)
        try await dependencies.stores.reference.replaceReferenceData(updated, rules: reference.snapshot.rules.rules)
        try await reference.reload(from: dependencies.stores.reference)
        try await audit("reference.level", context, subject: unit, detail: levelText)
        return saved("/staff/admin/structure")
    }

    /// Draws an area (GeoJSON text; empty removes its boundary), checked among the other areas; audited.
    @Sendable func setBoundary(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.structure)
        let form = try await form(request, context)
        let code = given(form.area) ?? ""
        let text = form.boundary?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let snapshot = reference.snapshot
        do {
            var boundary: AreaBoundary?
            if !text.isEmpty {
                guard text.utf8.count <= 1_000_000, let parsed = AreaBoundary(geoJSON: text) else {
                    throw ValidationError("boundary", "notGeoJSON")
                }
                boundary = parsed
            }
            let updated = try snapshot.data.settingBoundary(boundary, ofArea: code)
            try await dependencies.stores.reference.replaceReferenceData(updated, rules: snapshot.rules.rules)
            try await reference.reload(from: dependencies.stores.reference)
            try await audit("reference.boundary", context, subject: code, detail: boundary == nil ? "removed" : "drawn")
            return saved("/staff/admin/structure?boundary=\(StaffPagesController.encode(code))")
        } catch let error as ValidationError {
            return page(
                request, context, errorMessage: kit.fieldMessages(error, request.language), status: .unprocessableContent,
                chosenArea: code, boundaryText: text)
        }
    }
}
