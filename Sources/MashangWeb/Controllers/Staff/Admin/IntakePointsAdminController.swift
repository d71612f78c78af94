import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Intake points (QR codes at a desk, a school, a workshop): the list with their codes and adding new ones.
struct IntakePointsAdminController: AdminFormPage {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    static let area = AdminArea.structure
    static let path: RouterPath = "admin/points"

    func addActions(to group: RouterGroup<StaffPageContext>) {
        group.post(Self.path, use: addPoint)
        group.post("admin/points/location", use: setLocation)
    }

    /// The page, also shown by `StructureAdminController` when editing a point (its rename and retire) is refused.
    func page(_ request: Request, _ context: StaffPageContext, errorMessage: String?, status: HTTPResponse.Status) -> Response {
        let language = request.language
        let data = reference.snapshot.data
        let names = Names(reference: data, language: language)
        func text(_ key: String) -> String { kit.messages.text(key, language) }
        let rows = data.allIntakePoints.map { AdminItemRow($0, language == .en ? $0.nameEn : $0.name, detail: names.area($0.area), text) }
        struct PointsView {
            let chrome: PageChrome
            let csrf: String
            let points: [AdminItemRow]
            let editor: AdminItemEditor
            let areas: [ChoiceView]
            /// Each point's coordinates as shown in its row, by code.
            let locations: [ChoiceView]
            var message: String? = nil
            var errorMessage: String? = nil
        }
        var view = PointsView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, points: rows,
            editor: AdminItemEditor(table: .intakePoints, rows: rows, csrf: context.csrfToken),
            areas: data.areas.map { ChoiceView(code: $0.code, name: names.area($0.code), selected: false) },
            locations: data.allIntakePoints.map { point in
                ChoiceView(
                    code: point.code,
                    name: point.location.map { String(format: "%.6f, %.6f", $0.latitude, $0.longitude) } ?? "—", selected: false)
            })
        let notice = request.uri.queryParameters.get("saved") != nil ? kit.messages.text("ui.admin.saved", language) : nil
        view.message = notice
        view.errorMessage = errorMessage
        return kit.renderer.response("admin-points", view, status: status)
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
            return page(request, context, errorMessage: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        }
        let updated = ReferenceData(
            organizations: data.allOrganizations, departments: data.allDepartments, categories: data.allCategories,
            areas: data.allAreas, intakePoints: data.allIntakePoints + [IntakePoint(code: code!, area: area, name: name!, nameEn: nameEn!)])
        try await dependencies.stores.reference.replaceReferenceData(updated, rules: reference.snapshot.rules.rules)
        try await reference.reload(from: dependencies.stores.reference)
        try await audit("reference.change", context, subject: "intake_points", detail: code ?? "")
        return saved("/staff/admin/points")
    }

    /// Places an intake point (both coordinates empty: removes its location); inside its area's boundary; audited.
    @Sendable func setLocation(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.structure)
        let form = try await form(request, context)
        let code = given(form.code) ?? ""
        let snapshot = reference.snapshot
        do {
            var location: GeoPoint?
            switch (given(form.latitude), given(form.longitude)) {
            case (nil, nil): location = nil
            case (let latitude?, let longitude?):
                guard let lat = Double(latitude), let long = Double(longitude) else { throw ValidationError("location", "invalid") }
                location = GeoPoint(latitude: lat, longitude: long)
            default: throw ValidationError("location", "required")
            }
            let updated = try snapshot.data.settingLocation(location, ofIntakePoint: code)
            try await dependencies.stores.reference.replaceReferenceData(updated, rules: snapshot.rules.rules)
            try await reference.reload(from: dependencies.stores.reference)
            try await audit(
                "reference.location", context, subject: code,
                detail: location.map { String(format: "%.6f,%.6f", $0.latitude, $0.longitude) } ?? "removed")
            return saved("/staff/admin/points")
        } catch let error as ValidationError {
            return page(request, context, errorMessage: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        }
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
