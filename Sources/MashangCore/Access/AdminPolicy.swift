import Foundation

/// The administration pages, each a part of the staff-admin matrix.
public enum AdminArea: String, CaseIterable, Sendable {
    /// Organisations, departments, categories, areas and their levels; intake points and their QR codes.
    case structure
    /// Dispatch rules.
    case rules
    /// Holidays, office hours, time limits, escalation.
    case calendar
    /// The rate definitions the figures use.
    case figureDefinitions
    /// Webhooks and their deliveries.
    case webhooks
    /// The messages to requesters: the dead and the unsent, sent again.
    case messages
    /// The audit log.
    case auditLog
    /// Staff accounts.
    case users
    /// API keys of connected systems.
    case apiKeys
}

/// Who may administer what: the staff-admin part of the authorisation, as `TicketPolicy` is for tickets. The three
/// administrators split the areas (三员分立): the system administrator everything that configures the mechanism, the
/// security administrator the accounts, the audit administrator the audit log. What the whole mechanism shares is
/// the joint centre's administrators' alone; an organisation's administrators manage its own accounts and API keys.
public enum AdminPolicy {
    /// The areas every organisation's administrator may open (for their own organisation).
    public static let perOrganization: Set<AdminArea> = [.users, .apiKeys]

    /// The areas a role administers; empty for the roles that do not administer.
    public static func areas(of role: Role) -> Set<AdminArea> {
        switch role {
        case .admin: [.structure, .rules, .calendar, .figureDefinitions, .webhooks, .messages, .apiKeys]
        case .securityAdmin: [.users]
        case .auditAdmin: [.auditLog]
        case .intake, .dispatcher, .handler, .supervisor, .leader, .mediator, .assistance: []
        }
    }

    public static func mayAdminister(_ staff: StaffActor, _ area: AdminArea) -> Bool {
        guard areas(of: staff.role).contains(area) else { return false }
        return staff.isJointCentre || perOrganization.contains(area)
    }

    /// Whether an account with `role` may be made, enabled or disabled on the accounts page: never an
    /// administrator's (those are made with `mashang user add` by whoever runs the server).
    public static func mayManageOnPage(_ role: Role) -> Bool {
        !Role.administration.contains(role)
    }

    /// Whether accounts or keys of `organization` are within the user's reach in an area they may administer.
    public static func mayManage(_ staff: StaffActor, _ area: AdminArea, organization: String) -> Bool {
        mayAdminister(staff, area) && (staff.isJointCentre || organization == staff.organization)
    }

    /// The organisation whose accounts or keys the user sees (nil: every organisation's).
    public static func organizationScope(_ staff: StaffActor) -> String? {
        staff.isJointCentre ? nil : staff.organization
    }
}
