import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Staff accounts: the joint centre's security administrator manages everyone, an organisation's security
/// administrator that organisation's users (`AdminPolicy`); new accounts follow `NewAccount`'s rules, as on the command
/// line. Administrators' accounts are not made, enabled or disabled here (`AdminPolicy.mayManageOnPage`).
struct UsersAdminController: AdminFormPage {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    static let area = AdminArea.users
    static let path: RouterPath = "admin/users"

    func addActions(to group: RouterGroup<StaffPageContext>) {
        group.post(Self.path, use: addUser)
        group.post("admin/users/:username/:toggle", use: toggleUser)
    }

    func page(
        _ request: Request, _ context: StaffPageContext, errorMessage: String?,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let language = request.language
        let data = reference.snapshot.data
        let names = Names(reference: data, language: language)
        let staff = context.staff
        let manageable = data.organizations.filter { AdminPolicy.mayManage(staff, .users, organization: $0.code) }
        /// `toggle` is nil for administrators' accounts, which the page does not switch (`AdminPolicy.mayManageOnPage`).
        struct UserRow {
            let username, organization, role, department: String
            let toggle: String?
            let toggleLabel: String
        }
        let accounts = try await dependencies.stores.accounts.accounts().filter {
            AdminPolicy.mayManage(staff, .users, organization: $0.organization)
        }
        struct UsersView {
            let chrome: PageChrome
            let csrf: String
            let users: [UserRow]
            let organizations, roles, departments: [ChoiceView]
            var message: String? = nil
            var errorMessage: String? = nil
        }
        var view = UsersView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken,
            users: accounts.map {
                UserRow(
                    username: $0.username, organization: names.organization($0.organization),
                    role: kit.messages.text("role.\($0.role.rawValue)", language), department: names.department($0.department),
                    toggle: AdminPolicy.mayManageOnPage($0.role) ? ($0.active ? "disable" : "enable") : nil,
                    toggleLabel: kit.messages.text($0.active ? "ui.admin.disable" : "ui.admin.enable", language))
            }, organizations: manageable.map { ChoiceView(code: $0.code, name: names.organization($0.code), selected: false) },
            roles: Role.allCases.filter(AdminPolicy.mayManageOnPage).map {
                ChoiceView(code: $0.rawValue, name: kit.messages.text("role.\($0.rawValue)", language), selected: false)
            },
            departments: data.departments.filter { department in manageable.contains { $0.code == department.organization } }
                .map {
                    ChoiceView(
                        code: $0.code, name: names.organization($0.organization) + " · " + names.department($0.code), selected: false)
                })
        let notice = request.uri.queryParameters.get("saved") != nil ? kit.messages.text("ui.admin.saved", language) : nil
        view.message = notice
        view.errorMessage = errorMessage
        return kit.renderer.response("admin-users", view, status: status)
    }

    @Sendable func addUser(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.users)
        let form = try await form(request, context)
        let language = request.language
        let data = reference.snapshot.data
        var rules = FieldRules()
        let organization = given(form.organization) ?? ""
        rules.require(AdminPolicy.mayManage(context.staff, .users, organization: organization), "organization", "notAllowed")
        if let role = given(form.role).flatMap(Role.init(rawValue:)) {
            rules.require(AdminPolicy.mayManageOnPage(role), "role", "notAllowed")
        }
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
            return try await page(request, context, errorMessage: kit.fieldMessages(error, language), status: .unprocessableContent)
        } catch is DuplicateAccount {
            return try await page(request, context, errorMessage: kit.messages.text("admin.duplicate", language), status: .conflict)
        }
    }

    @Sendable func toggleUser(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.users)
        _ = try await form(request, context)
        let username = try context.parameters.require("username")
        let toggle = try context.parameters.require("toggle")
        guard let account = try await dependencies.stores.accounts.account(username: username), ["enable", "disable"].contains(toggle),
            AdminPolicy.mayManage(context.staff, .users, organization: account.organization),
            AdminPolicy.mayManageOnPage(account.role), account.username != context.staff.username
        else {
            throw AccessError.notFound
        }
        try await dependencies.stores.accounts.setActive(username: username, active: toggle == "enable")
        try await audit("user.\(toggle)", context, subject: username)
        return saved("/staff/admin/users")
    }
}
