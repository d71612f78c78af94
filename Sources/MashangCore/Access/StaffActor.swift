/// 角色.
public enum Role: String, Codable, Sendable, CaseIterable {
    case intake, dispatcher, handler, supervisor, leader, mediator, assistance, admin
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
