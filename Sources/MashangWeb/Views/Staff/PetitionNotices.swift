import Foundation
import MashangCore

/// The written notices of a petition as printed for the petitioner (A4): which ones a petition has so far, and the
/// text of each from the catalogue (`notice.*`), in the page's language.
enum PetitionNotice: String, CaseIterable {
    /// 告知书: accepted, not accepted, or forwarded.
    case acceptance
    /// 延期告知书.
    case `extension`
    /// 处理意见书: the first reply after acceptance.
    case opinion
    /// 复查意见书.
    case review
    /// 复核意见书.
    case reexamination

    /// The notices the petition has, in order.
    static func available(in ticket: StoredTicket) -> [PetitionNotice] {
        guard let petition = ticket.state.petition else { return [] }
        return allCases.filter { $0.moment(in: petition, events: ticket.events) != nil }
    }

    /// When the step behind the notice happened (its date is the notice's), or nil when it has not.
    func moment(in petition: PetitionState, events: [TicketEvent]) -> Date? {
        switch self {
        case .acceptance: return petition.decidedAt
        case .extension: return events.last { if case .petitionExtended = $0.change { true } else { false } }?.occurredAt
        case .opinion: return petition.answeredAt
        case .review: return petition.reviews.first { $0.level == .review }?.decidedAt
        case .reexamination: return petition.reviews.first { $0.level == .reexamination }?.decidedAt
        }
    }

    /// What registration found (越级, 重复 of which), as the ticket page and the petitions list show it.
    static func flags(_ petition: PetitionState, text: (String, [String: String]) -> String) -> String {
        var flags: [String] = []
        if petition.registration.leapfrog { flags.append(text("petition.leapfrog", [:])) }
        if let earlier = petition.registration.repeatOf { flags.append(text("petition.repeatOf", ["number": earlier])) }
        return flags.joined(separator: " · ")
    }

    struct Text {
        let title, documentNumber: String
        let paragraphs: [String]
        let date: String
    }

    /// The notice's title and paragraphs; nil when the petition has not reached the step.
    func text(
        _ ticket: StoredTicket, rules: TimeRules, names: Names, text: (String, [String: String]) -> String
    ) -> Text? {
        let state = ticket.state
        guard let petition = state.petition, let moment = moment(in: petition, events: ticket.events) else { return nil }
        let matter = text(
            "notice.matter",
            [
                "registered": ChinaTime.dayString(petition.registeredAt), "category": names.category(state.category),
                "description": state.description,
            ])
        var paragraphs: [String] = []
        var title = text("notice.title.\(rawValue)", [:])
        switch self {
        case .acceptance:
            let acceptance = petition.acceptance!
            title = text("notice.title.acceptance.\(acceptance.outcome.rawValue)", [:])
            paragraphs = [
                text("notice.acceptance.\(acceptance.outcome.rawValue)", ["matter": matter, "body": acceptance.forwardedTo ?? ""]),
                acceptance.note,
            ]
            if acceptance.outcome == .accepted { paragraphs.append(text("notice.acceptance.limits", [:])) }
        case .extension:
            let granted = petition.extended!
            let due = rules.deadlines(of: ticket).last { $0.kind == .petitionHandling }.map { ChinaDay(index: ChinaDay($0.due).index - 1) }
            paragraphs = [
                text(
                    "notice.extension", ["matter": matter, "days": String(granted.days), "due": due?.description ?? "—"]),
                granted.reason,
            ]
        case .opinion:
            // The answer given at `answeredAt`: an earlier reply (before the request became a petition) is not it.
            let reply =
                ticket.events.lazy.filter { $0.occurredAt == petition.answeredAt }.compactMap { event -> String? in
                    switch event.change {
                    case .replied(let reply): reply.text
                    case .answered(let answer): answer.text
                    case .answeredAtSource(let answer): answer.text
                    default: nil
                    }
                }.first ?? ""
            paragraphs = [text("notice.opinion", ["matter": matter]), reply, text("notice.opinion.review", [:])]
        case .review, .reexamination:
            let level: PetitionLevel = self == .review ? .review : .reexamination
            guard let review = petition.reviews.first(where: { $0.level == level }), let decision = review.decision else { return nil }
            paragraphs = [
                text(
                    "notice.\(rawValue)",
                    [
                        "matter": matter, "requested": ChinaTime.dayString(review.requestedAt), "body": decision.body,
                        "outcome": text("petition.upheld.\(decision.upheld)", [:]),
                    ]),
                decision.opinion, text("notice.\(rawValue).next", [:]),
            ]
        }
        let year = String(ChinaTime.year(of: moment))
        return Text(
            title: title, documentNumber: text("notice.documentNumber", ["year": year, "number": state.number]),
            paragraphs: paragraphs.filter { !$0.isEmpty }, date: ChinaTime.dayString(moment))
    }
}
