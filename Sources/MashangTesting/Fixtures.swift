import Foundation
import MashangCore
import MashangStore

/// Shared test fixtures: the demo configuration, actors by role, a pinned clock, drafts.
public enum Fixtures {
    /// 2026-03-02 10:00 China time, a Monday.
    public static let now = Date(timeIntervalSince1970: 1_772_416_800)

    public static let reference = DemoReference.referenceData

    /// The tests' data key (fixed, so that a sealed value can be checked by hand).
    public static let cipher = try! ContactCipher(base64: Data(repeating: 7, count: 32).base64EncodedString())

    public static let rules: DispatchRuleSet = {
        do {
            return try DispatchRuleSet(rules: DemoReference.rules, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
        } catch {
            preconditionFailure("demo rules do not load: \(error)")
        }
    }()

    /// A staff actor of an organisation; handlers get the department given or the organisation's first one.
    public static func actor(_ organization: String, _ role: Role, department: String? = nil) -> StaffActor {
        let kind = reference.organization(organization)?.kind ?? .enterprise
        let department = department ?? (role == .handler ? reference.departments.first { $0.organization == organization }?.code : nil)
        return StaffActor(
            username: "\(organization).\(role.rawValue)", organization: organization, organizationKind: kind,
            role: role, department: department)
    }

    public static let jointDispatcher = actor("joint", .dispatcher)
    public static let jointSupervisor = actor("joint", .supervisor)
    public static let jointIntake = actor("joint", .intake)
    public static let governmentDispatcher = actor("guanghua-street", .dispatcher)
    public static let enterpriseDispatcher = actor("jianghan-oilfield", .dispatcher)

    public static func draft(
        kind: TicketKind = .complaint, category: String = "housing.leak", area: String = "jiangzuan-grid1",
        description: String = "江钻小区三栋屋顶漏水,雨天滴水严重", holder: String = "joint",
        channel: Channel = .hotline
    ) -> TicketDraft {
        let decision = rules.route(category: category, area: area, kind: kind, text: description)
        return TicketDraft(
            channel: channel, kind: kind, category: category, area: area, intakePoint: nil, urgency: .normal,
            description: description, requester: Requester(name: "王华", phone: "13812345678"),
            trackingCode: channel == .qr ? "ABCD2345" : nil, holder: holder,
            suggestedOrganization: decision?.organization, suggestedDepartment: decision?.department)
    }

    /// A freshly received ticket state (not stored).
    public static func receivedTicket(_ draft: TicketDraft = draft(), number: String = "MS-2026-000001") -> TicketState {
        TicketState(created: .init(number: number, draft: draft), at: now)
    }
}
