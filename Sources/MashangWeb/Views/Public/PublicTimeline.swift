import Foundation
import MashangCore
import MashangServices

/// A ticket's history as its requester may see it: who has it and the answers given, without staff notes,
/// send-back reasons, task details or names of staff.
enum PublicTimeline {
    /// The history, with each message sent to the requester as "已短信告知" at the moment it went (never the number or
    /// the text).
    static func entries(
        _ ticket: StoredTicket, reference: ReferenceData, language: Language,
        messages: Messages, sent: [OutboxEntry] = []
    ) -> [TrackView.TimelineEntry] {
        let iso = ISO8601DateFormatter()
        let told = sent.compactMap { message -> TrackView.TimelineEntry? in
            guard message.status == .sent, let at = message.sentAt else { return nil }
            return TrackView.TimelineEntry(
                iso: iso.string(from: at), when: ChinaTime.minuteString(at),
                text: messages.text("timeline.messageSent.\(message.message.channel.rawValue)", language), detail: nil,
                type: "messageSent", date: at)
        }
        return (events(ticket, reference: reference, language: language, messages: messages, iso: iso) + told)
            .enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    private static func events(
        _ ticket: StoredTicket, reference: ReferenceData, language: Language, messages: Messages, iso: ISO8601DateFormatter
    ) -> [TrackView.TimelineEntry] {
        func name(_ chinese: String?, _ english: String?) -> String {
            (language == .en ? english : chinese) ?? ""
        }
        return ticket.events.compactMap { event in
            func entry(_ key: String, _ arguments: [String: String] = [:], detail: String? = nil) -> TrackView.TimelineEntry {
                TrackView.TimelineEntry(
                    iso: iso.string(from: event.occurredAt), when: ChinaTime.minuteString(event.occurredAt),
                    text: messages.text("timeline.\(key)", language, arguments), detail: detail,
                    type: event.change.type, date: event.occurredAt)
            }
            switch event.change {
            case .created:
                return entry("created")
            case .dispatched(let dispatch):
                let organization = reference.organization(dispatch.organization)
                return entry("dispatched", ["organization": name(organization?.name, organization?.nameEn)])
            case .acknowledged:
                return entry("acknowledged")
            case .sentBack:
                return entry("sentBack")
            case .assigned(let assignment):
                let department = reference.department(assignment.department)
                return entry("assigned", ["department": name(department?.name, department?.nameEn)])
            case .taskAdded, .taskCompleted, .deadlineWarned, .deadlineMissed, .extensionRequested, .extensionDecided, .contacted,
                .pauseRequested:
                // Internal working steps and supervision are not shown to the requester.
                return nil
            case .replied(let reply):
                if let via = reply.via { return entry("repliedVia", ["number": via], detail: reply.text) }
                return entry("replied", detail: reply.text)
            case .linkedToCommonIssue(let link):
                let organization = reference.organization(link.organization)
                return entry("linkedToCommonIssue", ["title": link.title, "organization": name(organization?.name, organization?.nameEn)])
            case .answeredAtSource(let answer):
                return entry("answeredAtSource", detail: answer.text)
            case .registerNoted(let note):
                // The requester sees that mediation or the legal reception day took their request up, not the details.
                guard note.what == "opened" || note.what == "consultation" else { return nil }
                return entry("register.\(note.register)", [:])
            case .followedUp(let followUp):
                return entry(
                    "followedUp", ["satisfaction": messages.text("satisfaction.\(followUp.satisfaction.rawValue)", language)],
                    detail: followUp.note)
            case .escalated:
                return entry("escalated")
            case .merged(let merge):
                return entry("merged", ["into": merge.into])
            case .rejected(let rejection):
                return entry("rejected", ["reason": rejection.reason])
            case .answered(let answer):
                return entry("answered", ["text": answer.text])
            case .reopened:
                return entry("reopened")
            case .requesterAnonymised(let anonymisation):
                return entry("requesterAnonymised.\(anonymisation.reason.rawValue)")
            case .requesterCorrected:
                return entry("requesterCorrected")
            case .pauseDecided(let decision):
                // The requester sees that the clock stopped and why, as a category; never the unit's note.
                guard decision.approved else { return nil }
                return entry(
                    "pausedPublic",
                    ["reason": messages.text("pause.reason.\(decision.reason.rawValue)", language), "resumeOn": decision.resumeOn])
            case .resumed:
                return entry("resumedPublic")
            case .referred(let referral):
                // Where it went and how to reach them; the letter itself stays with the staff.
                return entry("referredPublic", ["body": referral.body, "contact": referral.contact ?? "—"])
            case .closedUnrated:
                return entry("closedUnrated")
            case .petitionRegistered:
                return entry("petitionRegistered")
            case .petitionDecided(let acceptance):
                // The 告知书 as the petitioner receives it: the decision, where it went, and why.
                return entry("petition.\(acceptance.outcome.rawValue)", ["body": acceptance.forwardedTo ?? ""], detail: acceptance.note)
            case .petitionExtended(let granted):
                return entry("petitionExtended", ["days": String(granted.days)], detail: granted.reason)
            case .petitionReviewRequested(let request):
                return entry("petitionReviewRequested.\(request.level.rawValue)")
            case .petitionReviewDecided(let decision):
                return entry(
                    "petitionReviewDecided.\(decision.level.rawValue)",
                    ["body": decision.body, "outcome": messages.text("petition.upheld.\(decision.upheld)", language)],
                    detail: decision.opinion)
            }
        }
    }
}
