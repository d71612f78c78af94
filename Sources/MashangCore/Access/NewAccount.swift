import Foundation

/// A staff account to be made, checked by the same rules wherever accounts are added: the admin page,
/// `mashang user add` and `mashang import users`.
public struct NewAccount: Sendable, Equatable {
    public var username: String
    public var organization: String
    public var role: Role
    public var department: String?
    public var displayName: String
    /// Nil when one is to be generated (imports only).
    public var password: String?

    public init(username: String, organization: String, role: Role, department: String?, displayName: String, password: String?) {
        self.username = username
        self.organization = organization
        self.role = role
        self.department = department
        self.displayName = displayName
        self.password = password
    }

    /// The account the fields describe, or nil with the problems added to `rules` by field: a username of ASCII
    /// letters, digits and `.-_`; a known organisation; a role; a department of that organisation (a handler needs
    /// one); a password meeting `PasswordPolicy` (required unless `passwordRequired` is false).
    public static func check(
        username: String?, organization: String?, role: String?, department: String?, displayName: String?,
        password: String?, passwordRequired: Bool, reference: ReferenceData, rules: inout FieldRules
    ) -> NewAccount? {
        let before = rules.problems.count
        let username = rules.text(username, "username", max: 64)
        if let username {
            rules.require(username.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-_".contains($0)) }, "username", "invalid")
        }
        let organization = organization ?? ""
        rules.require(reference.organization(organization) != nil, "organization", "unknown")
        let parsedRole = role.flatMap(Role.init(rawValue:))
        rules.require(parsedRole != nil, "role", role == nil ? "required" : "invalid")
        if let department { rules.require(reference.department(department, belongsTo: organization), "department", "unknown") }
        if parsedRole == .handler { rules.require(department != nil, "department", "required") }
        // The audit log is the joint centre's: an audit administrator elsewhere would have nothing to read.
        if parsedRole == .auditAdmin { rules.require(reference.organization(organization)?.kind == .joint, "role", "jointOnly") }
        let displayName = rules.text(displayName, "displayName", max: 50, required: false)
        if password != nil || passwordRequired {
            for problem in PasswordPolicy.problems(password ?? "", username: username ?? "") { rules.add("password", problem) }
        }
        guard rules.problems.count == before, let username, let parsedRole else { return nil }
        return NewAccount(
            username: username, organization: organization, role: parsedRole, department: department,
            displayName: displayName ?? username, password: password)
    }
}
