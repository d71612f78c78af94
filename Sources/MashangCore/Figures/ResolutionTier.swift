import Foundation

/// 分级化解: the level a request was resolved at — the level of the unit that answered it (a department's, else its
/// organisation's), or the level it was escalated to if higher. For a ticket not answered yet, the level of the unit that
/// holds it now. Dispatching alone lifts nothing: a grassroots station that answers keeps the request 基层.
public enum ResolutionTier {
    public static func of(_ ticket: StoredTicket, reference: ReferenceData) -> Tier {
        var escalated = Tier.grassroots
        var organization = "", department: String?
        var answeredBy: (organization: String, department: String?)?
        for event in ticket.events {
            switch event.change {
            case .created(let created):
                organization = created.draft.holder
            case .dispatched(let dispatch):
                organization = dispatch.organization
                department = dispatch.department
            case .assigned(let assignment):
                department = assignment.department
            case .sentBack:
                department = nil
            case .escalated(let escalation):
                escalated = max(escalated, escalation.to)
            case .referred:
                // 矛盾上交: counted in a tier of its own, above every level of the mechanism.
                escalated = .beyond
            case .replied(let reply):
                // A merged ticket is answered by the ticket it joined: the answering organisation is the replier's.
                let replier = event.actor.organization ?? organization
                answeredBy = reply.via == nil || replier == organization ? (organization, department) : (replier, nil)
            case .answered:
                answeredBy = (event.actor.organization ?? organization, nil)
            case .answeredAtSource(let answer):
                answeredBy = (answer.organization, nil)
            case .reopened:
                answeredBy = nil
            case .followedUp(let followUp) where !followUp.satisfaction.closesTicket:
                answeredBy = nil
            default:
                break
            }
        }
        let unit = answeredBy ?? (organization, department)
        return max(escalated, reference.level(organization: unit.organization, department: unit.department))
    }
}
