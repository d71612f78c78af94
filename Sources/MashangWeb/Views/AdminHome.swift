import MashangCore

/// Where an administrator's "管理" link leads: the first of their areas that has a page of its own, in the order
/// system, security, audit, then an organisation's API keys.
enum AdminHome {
    static let pages: [(area: AdminArea, path: String)] = [
        (.rules, "/staff/admin/rules"), (.users, "/staff/admin/users"), (.auditLog, "/staff/admin/audit"),
        (.apiKeys, "/staff/admin/api-keys"),
    ]

    static func path(for staff: StaffActor) -> String? {
        pages.first { AdminPolicy.mayAdminister(staff, $0.area) }?.path
    }
}
