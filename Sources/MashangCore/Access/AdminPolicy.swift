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

/// Who may administer what: the staff-admin part of the authorisation, as `TicketPolicy` is for tickets. Only
/// administrators administer; what the whole mechanism shares (structure, rules, calendar, figures, webhooks, audit) is
/// the joint centre's administrators' alone; an organisation's administrator manages its own accounts and API keys.
public enum AdminPolicy {
    /// The areas every organisation's administrator may open (for their own organisation).
    public static let perOrganization: Set<AdminArea> = [.users, .apiKeys]

    public static func mayAdminister(_ staff: StaffActor, _ area: AdminArea) -> Bool {
        guard staff.role == .admin else { return false }
        return staff.isJointCentre || perOrganization.contains(area)
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
