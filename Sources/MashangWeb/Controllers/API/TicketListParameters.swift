import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Query parameters of `GET /api/v1/tickets`: status (comma-separated), organization, department, category and
/// area (each including its subtree), channel, kind, from and to (`yyyy-MM-dd`, inclusive, China time), q, page,
/// phone (the requester's, any spelling; matched by keyed hash), pageSize, due (`overdue`, `soon` — open tasks due within two days — or `none`: no open task), sort (`oldest`),
/// view (`sent`: the tickets the user's organisation dispatched elsewhere, 我单位派出; not for handlers).
/// Unknown values are reported by field.
enum TicketListParameters {
    static func query(
        from parameters: Parameters, scope: TicketScope, sentScope: TicketScope?, reference: ReferenceData, now: Date,
        phoneDigest: (String) -> String
    ) throws -> TicketQuery {
        var rules = FieldRules()
        var query = TicketQuery(scope: scope)
        if let view = parameters.get("view") {
            switch view {
            case "mine": break
            case "sent" where sentScope != nil: query.scope = sentScope!
            default: rules.add("view", "invalid")
            }
        }
        if let statuses = parameters.get("status") {
            query.statuses = statuses.split(separator: ",").compactMap { raw in
                let status = TicketStatus(rawValue: String(raw))
                if status == nil { rules.add("status", "invalid") }
                return status
            }
        }
        if let organization = parameters.get("organization") {
            rules.require(reference.organization(organization) != nil, "organization", "unknown")
            query.organization = organization
        }
        if let department = parameters.get("department") {
            rules.require(reference.department(department) != nil, "department", "unknown")
            query.department = department
        }
        if let category = parameters.get("category") {
            rules.require(reference.categoryTree.contains(category), "category", "unknown")
            query.categories = reference.categoryTree.subtree(of: category)
        }
        if let area = parameters.get("area") {
            rules.require(reference.areaTree.contains(area), "area", "unknown")
            query.areas = reference.areaTree.subtree(of: area)
        }
        if let channel = parameters.get("channel") {
            query.channel = Channel(rawValue: channel)
            rules.require(query.channel != nil, "channel", "invalid")
        }
        if let kind = parameters.get("kind") {
            query.kind = TicketKind(rawValue: kind)
            rules.require(query.kind != nil, "kind", "invalid")
        }
        if let from = parameters.get("from") {
            query.receivedFrom = ChinaTime.day(from)
            rules.require(query.receivedFrom != nil, "from", "invalid")
        }
        if let to = parameters.get("to") {
            query.receivedBefore = ChinaTime.day(to).map { $0.addingTimeInterval(86_400) }
            rules.require(query.receivedBefore != nil, "to", "invalid")
        }
        if let due = parameters.get("due") {
            switch due {
            case "overdue": query.due = .before(ChinaTime.dayString(now))
            case "soon": query.due = .between(ChinaTime.dayString(now), ChinaTime.dayString(now.addingTimeInterval(2 * 86_400)))
            case "none": query.due = .noOpenTasks
            default: rules.add("due", "invalid")
            }
        }
        if let sort = parameters.get("sort") {
            rules.require(sort == "oldest" || sort == "newest", "sort", "invalid")
            query.oldestFirst = sort == "oldest"
        }
        if let text = parameters.get("q") {
            rules.require(text.count <= 100, "q", "tooLong")
            query.text = text
        }
        if let phone = parameters.get("phone"), !phone.isEmpty {
            let normalized = PhoneNumber.normalized(phone)
            rules.require(normalized != nil, "phone", "invalid")
            query.phoneDigest = normalized.map(phoneDigest)
        }
        if let page = parameters.get("page") {
            let value = Int(page)
            rules.require(value.map { $0 >= 1 && $0 <= 100_000 } ?? false, "page", "invalid")
            query.page = value ?? 1
        }
        if let size = parameters.get("pageSize") {
            let value = Int(size)
            rules.require(value.map { $0 >= 1 && $0 <= TicketQuery.maxPageSize } ?? false, "pageSize", "invalid")
            query.pageSize = value ?? 50
        }
        try rules.check()
        return query
    }
}

extension TicketService {
    /// The list query from URL parameters, scoped in the store to what the actor may see.
    func listQuery(_ parameters: Parameters, for actor: StaffActor) throws -> TicketQuery {
        try TicketListParameters.query(
            from: parameters, scope: actor.scope, sentScope: actor.sentScope, reference: dependencies.reference.snapshot.data,
            now: dependencies.clock(), phoneDigest: dependencies.stores.phoneDigest)
    }
}
