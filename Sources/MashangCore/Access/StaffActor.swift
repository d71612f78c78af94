/// 角色. `admin`, `securityAdmin` and `auditAdmin` are the three administrators of 等保 level 3 (三员分立): system
/// administration (structure, rules, calendar, connections), security administration (accounts) and audit
/// administration (the audit log); each may do only its own part (`AdminPolicy`).
public enum Role: String, Codable, Sendable, CaseIterable {
    case intake, dispatcher, handler, supervisor, leader, mediator, assistance, admin, securityAdmin, auditAdmin

    /// The three administrators' roles. Accounts with them are made on the command line, never on a page, so no
    /// signed-in user can give themselves or anyone else another administrator's powers.
    public static let administration: Set<Role> = [.admin, .securityAdmin, .auditAdmin]

    /// Whether the role works with requests and registers at all: the security and audit administrators see none of
    /// them, only their own administration pages.
    public var seesRequests: Bool { self != .securityAdmin && self != .auditAdmin }
}

/// A signed-in staff user as the domain sees them.
public struct StaffActor: Codable, Sendable, Equatable {
    public var username: String
    public var organization: String
    public var organizationKind: Organization.Kind
    public var role: Role
    public var department: String?

    public init(username: String, organization: String, organizationKind: Organization.Kind, role: Role, department: String?) {
        self.username = username
        self.organization = organization
        self.organizationKind = organizationKind
        self.role = role
        self.department = department
    }

    public var isJointCentre: Bool { organizationKind == .joint }
    public var eventActor: EventActor { EventActor(username: username, organization: organization) }
}
