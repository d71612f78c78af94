import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Builds the staff ticket page: the facts, the three lists, the full history, and a form for each action the
/// ticket's status allows and the user's role and organisation permit.
enum TicketPageBuilder {
    static func view(
        _ ticket: StoredTicket, request: Request, context: StaffPageContext, controller: StaffPagesController,
        flash: String?, errorMessage: String?, photos: [PhotoInfo], revealed: Requester? = nil,
        followUpBy: FigureDefinitions.FollowUpRecorders = .jointCentre
    ) -> StaffTicketView {
        let language = request.language
        let messages = controller.kit.messages
        let data = controller.reference.snapshot.data
        let names = Names(reference: data, language: language)
        let state = ticket.state
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String { messages.text(key, language, arguments) }

        // The contact is masked unless the user has just pressed "show contact" (an audited request).
        let shown = revealed ?? state.requester.masked
        let requester =
            state.requester.isAnonymous
            ? text("ui.ticket.anonymous")
            : [shown.name, shown.phone, shown.idNumber].compactMap { $0 }.joined(separator: " · ")
        let mayReveal = revealed == nil && state.requester.hasContact && TicketPolicy.mayRevealContact(context.staff, on: state)
        let place = [
            state.intakePoint.flatMap { data.intakePoint($0) }.map { language == .en ? $0.nameEn : $0.name },
            names.area(state.area),
        ].compactMap { $0 }.joined(separator: " · ")
        let suggested = [names.organization(state.suggestedOrganization), names.department(state.suggestedDepartment)]
            .filter { !$0.isEmpty }.joined(separator: " · ")

        let actions = TicketLifecycle.availableActions(in: state.status)
            .filter { TicketPolicy.mayAttempt($0, by: context.staff, on: state, reference: data, followUpBy: followUpBy) }
            .filter { offered($0, on: state) }
            .map { action in
                StaffTicketView.Action(
                    code: action.rawValue, name: text("action.\(action.rawValue)"),
                    fields: fields(
                        for: action, state, data: data, names: names, now: controller.service.dependencies.clock(),
                        text: text),
                    ends: StaffPagesController.confirmed.contains(action))
            }

        let now = controller.service.dependencies.clock()
        let deadlines = controller.service.dependencies.calendar.snapshot.deadlines(of: ticket).map { deadline in
            let standing = deadline.standing(at: now)
            return StaffTicketView.DeadlineRow(
                name: text("deadline.kind.\(deadline.kind.rawValue)"),
                responsible: [names.organization(deadline.organization), names.department(deadline.department)].filter { !$0.isEmpty }
                    .joined(separator: " · "),
                due: ChinaTime.minuteString(deadline.due), standing: text("deadline.standing.\(standing.rawValue)"),
                standingCode: standing.rawValue)
        }
        var view = StaffTicketView(
            chrome: controller.kit.chrome(request, context), number: state.number, csrf: context.csrfToken,
            statusName: text("status.\(state.status.rawValue)"), flash: flash, errorMessage: errorMessage,
            sentReadOnly: context.staff.relation(to: state) == .dispatchingOrganization,
            requester: requester, mayRevealContact: mayReveal, place: place, category: names.category(state.category),
            kind: text("kind.\(state.kind.rawValue)"), channel: text("channel.\(state.channel.rawValue)"),
            // The level the figures count it at (分级化解), not the supervision step it was escalated to.
            tier: text("tier.\(ResolutionTier.of(ticket, reference: data).rawValue)"), lead: names.organization(state.leadOrganization),
            department: names.department(state.department), suggested: suggested, description: state.description,
            tasks: state.tasks.map {
                StaffTicketView.Task(
                    title: $0.title, responsible: names.department($0.department) + " / " + $0.responsiblePerson,
                    due: $0.dueDate, result: $0.result ?? "")
            },
            replies: state.replies.map { StaffTicketView.Reply(text: $0.text, method: text("contact.\($0.contactMethod.rawValue)")) },
            followUps: state.followUps.map {
                StaffTicketView.FollowUpRow(
                    satisfaction: text("satisfaction.\($0.satisfaction.rawValue)"), note: $0.note,
                    selfRecorded: $0.selfRecorded)
            },
            photos: photos.map {
                StaffTicketView.PhotoLink(
                    url: "/staff/tickets/\(state.number)/photos/\($0.position)",
                    label: text("ui.ticket.photos") + " \($0.position)")
            },
            lawRelated: state.lawRelated,
            registers: registerLinks(ticket, text: text),
            mediateURL: state.kind == .dispute && state.status.isOpen && RegisterPolicy.allows(.create, context.staff, .mediation)
                && !ticket.events.contains { if case .registerNoted(let note) = $0.change { note.register == "mediation" } else { false } }
                ? "/staff/mediations/new?ticket=\(state.number)" : nil,
            hasPhotos: !photos.isEmpty,
            canAddPhotos: photos.count < Photo.maxPerTicket
                && TicketPolicy.mayAttempt(.reply, by: context.staff, on: state, reference: controller.reference.snapshot.data),
            deadlines: deadlines,
            hasDeadlines: !deadlines.isEmpty,
            pauseNotice: pauseNotice(state, text: text),

            actions: actions,
            timeline: ticket.events.reversed().map { timelineEntry($0, names: names, text: text) })
        view.petition = state.petition.map { petitionPanel($0, ticket: ticket, staff: context.staff, text: text) }
        view.consent = consentLine(ticket, text: text)
        return view
    }

    /// 信访事项 on the ticket page; the notices (addressed by name) are linked for the joint centre only.
    private static func petitionPanel(
        _ petition: PetitionState, ticket: StoredTicket, staff: StaffActor, text: (String, [String: String]) -> String
    ) -> PetitionPanel {
        let number = ticket.state.number
        let notices = staff.isJointCentre ? PetitionNotice.available(in: ticket) : []
        return PetitionPanel(
            stage: text("petition.stage.\(PetitionStage.of(petition).rawValue)", [:]),
            registered: ChinaTime.minuteString(petition.registeredAt),
            flags: PetitionNotice.flags(petition, text: text),
            notices: notices.map {
                PetitionPanel.Notice(
                    url: "/staff/tickets/\(number)/petition-notices/\($0.rawValue)", name: text("notice.link.\($0.rawValue)", [:]))
            }, hasNotices: !notices.isEmpty)
    }

    /// Whether the workbench offers an action its status allows, by the ticket's content: what `decide` would refuse
    /// anyway (a consultation only, open tasks, a pending request, a running or paused clock) is not offered.
    private static func offered(_ action: TicketAction, on state: TicketState) -> Bool {
        switch action {
        case .answer: state.kind == .consultation
        case .completeTask: !state.openTasks.isEmpty
        case .decideExtension: state.pendingExtension != nil
        case .requestExtension: state.pendingExtension == nil && state.pause == nil
        case .decidePause: state.pendingPause != nil
        case .requestPause: state.pendingPause == nil && state.pause == nil
        case .resume: state.pause != nil
        case .refer: state.status == .received || state.tier == .joint
        case .registerPetition: state.petition == nil
        case .decidePetition: state.petition != nil && state.petition?.acceptance == nil
        case .extendPetition: state.petition?.isAccepted == true && state.petition?.answeredAt == nil && state.petition?.extended == nil
        case .requestPetitionReview:
            state.petition.map { $0.isAccepted && $0.lastAnswerAt != nil && $0.pendingReview == nil && $0.nextLevel != nil } ?? false
        case .decidePetitionReview: state.petition?.pendingReview != nil
        default: true
        }
    }

    /// 计时中止: the pause in force, or the request waiting for the supervisor.
    private static func pauseNotice(_ state: TicketState, text: (String, [String: String]) -> String) -> String? {
        if let pause = state.pause {
            return text(
                "ui.ticket.paused",
                [
                    "reason": text("pause.reason.\(pause.reason.rawValue)", [:]), "since": ChinaTime.minuteString(pause.since),
                    "resumeOn": pause.resumeOn,
                ])
        }
        return state.pendingPause.map {
            text("ui.ticket.pausePending", ["reason": text("pause.reason.\($0.reason.rawValue)", [:]), "resumeOn": $0.resumeOn])
        }
    }

    /// The registers' records noted on the ticket, each once, in the order they took it up.
    private static func registerLinks(_ ticket: StoredTicket, text: (String, [String: String]) -> String) -> [StaffTicketView.RegisterLink]
    {
        var links: [StaffTicketView.RegisterLink] = []
        for event in ticket.events {
            guard case .registerNoted(let note) = event.change else { continue }
            let url = RegisterKind(rawValue: note.register).map { "/staff/\($0.path)/\(note.record)" } ?? "/staff/legal-day"
            guard !links.contains(where: { $0.url == url }) else { continue }
            links.append(.init(label: text("ui.register.nav.\(note.register)", [:]) + " #\(note.record)", url: url))
        }
        return links
    }

    /// The privacy notice's version and the SMS answer the creation recorded, with its text's version; nil when the
    /// request predates both.
    private static func consentLine(_ ticket: StoredTicket, text: (String, [String: String]) -> String) -> String? {
        guard case .created(let created) = ticket.events.first?.change else { return nil }
        let notice = created.draft.privacyNotice.map { text("ui.ticket.consent.notice", ["version": $0]) }
        let sms = created.draft.contactConsent.map {
            text("ui.ticket.consent.sms.\($0.sms)", ["version": $0.textVersion])
        }
        let parts = [notice, sms].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: " · ")
    }

    private static func timelineEntry(_ event: TicketEvent, names: Names, text: (String, [String: String]) -> String)
        -> StaffTicketView.Entry
    {
        let (line, detail): (String, String?) =
            switch event.change {
            case .created: (text("timeline.created", [:]), nil)
            case .dispatched(let dispatch):
                (
                    text("timeline.dispatched", ["organization": names.organization(dispatch.organization)]),
                    ([dispatch.note] + dispatch.assisting.map { names.organization($0) }).compactMap { $0 }.joined(separator: " · ")
                )
            case .acknowledged: (text("timeline.acknowledged", [:]), nil)
            case .sentBack(let sendBack):
                (text("timeline.sentBack", [:]), text("reason.\(sendBack.reason.rawValue)", [:]) + ":" + sendBack.note)
            case .assigned(let assignment):
                (text("timeline.assigned", ["department": names.department(assignment.department)]), assignment.handler)
            case .taskAdded(let task):
                (
                    text("action.tasks", [:]),
                    "\(task.title) · \(names.department(task.department)) / \(task.responsiblePerson) · \(task.dueDate)"
                )
            case .taskCompleted(let completion): (text("action.complete-task", [:]), completion.result)
            case .replied(let reply):
                (reply.via.map { text("timeline.repliedVia", ["number": $0]) } ?? text("timeline.replied", [:]), reply.text)
            case .followedUp(let followUp):
                (
                    text("timeline.followedUp", ["satisfaction": text("satisfaction.\(followUp.satisfaction.rawValue)", [:])])
                        + (followUp.selfRecorded ? text("ui.ticket.selfRecordedMark", [:]) : ""), followUp.note
                )
            case .escalated(let escalation): (text("timeline.escalated", [:]), escalation.note)
            case .merged(let merge): (text("timeline.merged", ["into": merge.into]), nil)
            case .rejected(let rejection): (text("timeline.rejected", ["reason": rejection.reason]), nil)
            case .answered(let answer): (text("timeline.answered", ["text": answer.text]), nil)
            case .reopened(let reopening): (text("timeline.reopened", [:]), reopening.reason)
            case .linkedToCommonIssue(let link):
                (
                    text("timeline.linkedToCommonIssue", ["title": link.title, "organization": names.organization(link.organization)]),
                    text("timeline.commonIssueNumber", ["issue": String(link.issue)])
                )
            case .answeredAtSource(let answer): (text("timeline.answeredAtSource", [:]), answer.text)
            case .registerNoted(let note):
                (text("timeline.register.\(note.register).\(note.what)", ["record": String(note.record)]), note.detail)
            case .contacted(let contact):
                (text("timeline.contacted", ["method": text("contact.\(contact.method.rawValue)", [:])]), contact.note)
            case .extensionRequested(let request):
                (
                    text(
                        "timeline.extensionRequested",
                        ["deadline": text("deadline.kind.\(request.deadline.rawValue)", [:]), "until": request.until]),
                    request.reason
                )
            case .extensionDecided(let decision):
                (
                    text(
                        decision.approved ? "timeline.extensionApproved" : "timeline.extensionRefused",
                        ["deadline": text("deadline.kind.\(decision.deadline.rawValue)", [:]), "until": decision.until]), decision.note
                )
            case .pauseRequested(let request):
                (
                    text(
                        "timeline.pauseRequested",
                        ["reason": text("pause.reason.\(request.reason.rawValue)", [:]), "resumeOn": request.resumeOn]), request.note
                )
            case .pauseDecided(let decision):
                (
                    text(
                        decision.approved ? "timeline.pauseApproved" : "timeline.pauseRefused",
                        ["reason": text("pause.reason.\(decision.reason.rawValue)", [:]), "resumeOn": decision.resumeOn]),
                    decision.note
                )
            case .resumed(let resumption): (text("timeline.resumed.\(resumption.cause.rawValue)", [:]), resumption.note)
            case .referred(let referral):
                (text("timeline.referred", ["body": referral.body, "contact": referral.contact ?? "—"]), referral.letter)
            case .closedUnrated(let closing):
                (text("timeline.closedUnrated", [:]), text("timeline.closedUnratedDetail", ["days": String(closing.days)]))
            case .petitionRegistered(let registration):
                (
                    text("timeline.petitionRegisteredStaff", [:]),
                    ([registration.reason] + (registration.leapfrog ? [text("petition.leapfrog", [:])] : [])
                        + (registration.repeatOf.map { [text("petition.repeatOf", ["number": $0])] } ?? [])).joined(separator: " · ")
                )
            case .petitionDecided(let acceptance):
                (text("timeline.petition.\(acceptance.outcome.rawValue)", ["body": acceptance.forwardedTo ?? ""]), acceptance.note)
            case .petitionExtended(let granted):
                (text("timeline.petitionExtended", ["days": String(granted.days)]), granted.reason)
            case .petitionReviewRequested(let request):
                (text("timeline.petitionReviewRequested.\(request.level.rawValue)", [:]), request.reason)
            case .requesterAnonymised(let anonymisation):
                (text("timeline.requesterAnonymised.\(anonymisation.reason.rawValue)", [:]), anonymisation.note)
            case .requesterCorrected(let correction):
                (text("timeline.requesterCorrected", [:]), correction.note)
            case .petitionReviewDecided(let decision):
                (
                    text(
                        "timeline.petitionReviewDecided.\(decision.level.rawValue)",
                        ["body": decision.body, "outcome": text("petition.upheld.\(decision.upheld)", [:])]), decision.opinion
                )
            case .deadlineWarned(let notice):
                (
                    text("timeline.deadlineWarned", ["deadline": text("deadline.kind.\(notice.kind.rawValue)", [:])]),
                    text("timeline.deadlineDue", ["due": ChinaTime.minuteString(notice.due)])
                )
            case .deadlineMissed(let notice):
                (
                    text("timeline.deadlineMissed", ["deadline": text("deadline.kind.\(notice.kind.rawValue)", [:])]),
                    text(
                        "timeline.supervisionNotice",
                        [
                            "organization": names.organization(notice.organization),
                            "department": names.department(notice.department), "due": ChinaTime.minuteString(notice.due),
                        ])
                )
            }
        return StaffTicketView.Entry(
            when: ChinaTime.minuteString(event.occurredAt), actor: event.actor.username, text: line,
            detail: detail?.isEmpty == true ? nil : detail)
    }

    private static func fields(
        for action: TicketAction, _ state: TicketState, data: ReferenceData, names: Names, now: Date,
        text: (String, [String: String]) -> String
    ) -> [StaffTicketView.Field] {
        func field(_ name: String, _ kind: String, options: [ChoiceView] = [], value: String = "") -> StaffTicketView.Field {
            StaffTicketView.Field(
                fieldName: name, label: text("ui.form.\(name)", [:]), id: "\(action.rawValue)-\(name)", value: value,
                options: options, isSelect: kind == "select", isTextarea: kind == "textarea", isText: kind == "text",
                isDate: kind == "date", isRadio: kind == "radio")
        }
        let none = ChoiceView(code: "", name: text("ui.form.none", [:]), selected: false)
        // A yes/no choice, its two answers named `ui.form.<name>Yes` and `ui.form.<name>No`.
        func yesNo(_ name: String, yes: Bool) -> StaffTicketView.Field {
            field(
                name, "radio",
                options: [
                    ChoiceView(code: "yes", name: text("ui.form.\(name)Yes", [:]), selected: yes),
                    ChoiceView(code: "no", name: text("ui.form.\(name)No", [:]), selected: !yes),
                ])
        }
        // A supervisor's answer to a request (an extension, a pause), the request summarised beside "approve".
        func approval(_ request: String) -> [StaffTicketView.Field] {
            [
                field(
                    "approve", "radio",
                    options: [
                        ChoiceView(code: "yes", name: text("ui.form.approveYes", [:]) + " " + request, selected: false),
                        ChoiceView(code: "no", name: text("ui.form.approveNo", [:]), selected: false),
                    ]),
                field("note", "textarea"),
            ]
        }
        let members = data.organizations.filter { $0.kind != .joint }
        func departments(of organizations: [String], selected: String?) -> [ChoiceView] {
            data.departments.filter { organizations.contains($0.organization) }.map {
                ChoiceView(
                    code: $0.code, name: names.organization($0.organization) + " · " + names.department($0.code),
                    selected: $0.code == selected)
            }
        }
        switch action {
        case .dispatch:
            // The rules' suggestion comes preselected and says so; departments are grouped under their organisation (the
            // page's script then offers only the chosen organisation's).
            var organization = field(
                "organization", "select",
                options: members.map {
                    ChoiceView(code: $0.code, name: names.organization($0.code), selected: $0.code == state.suggestedOrganization)
                })
            if let suggested = state.suggestedOrganization {
                let unit = [names.organization(suggested)] + (state.suggestedDepartment.map { [names.department($0)] } ?? [])
                organization.hint = text("ui.dispatch.suggested", ["unit": unit.joined(separator: " · ")])
            }
            var department = field("department", "select", options: [none])
            department.groups = members.map { member in
                StaffTicketView.OptionGroup(
                    label: names.organization(member.code), code: member.code,
                    options: data.departments
                        .filter { $0.organization == member.code }
                        .map { ChoiceView(code: $0.code, name: names.department($0.code), selected: $0.code == state.suggestedDepartment) })
            }.filter { !$0.options.isEmpty }
            return [
                organization,
                department,
                field(
                    "assisting", "select",
                    options: [none] + members.map { ChoiceView(code: $0.code, name: names.organization($0.code), selected: false) }),
                field("note", "textarea"),
            ]
        case .acknowledge:
            return []
        case .sendBack:
            return [
                field(
                    "reason", "select",
                    options: SendBackReason.allCases.map {
                        ChoiceView(code: $0.rawValue, name: text("reason.\($0.rawValue)", [:]), selected: false)
                    }), field("note", "textarea"),
            ]
        case .assign:
            return [
                field("department", "select", options: departments(of: [state.leadOrganization], selected: state.department)),
                field("handler", "text"),
            ]
        case .addTask:
            let due = ChinaTime.dayString(now.addingTimeInterval(3 * 86_400))
            return [
                field("title", "text"),
                field(
                    "department", "select",
                    options: departments(
                        of: [state.leadOrganization] + state.assistingOrganizations,
                        selected: state.department)),
                field("responsiblePerson", "text"), field("dueDate", "date", value: due),
            ]
        case .completeTask:
            return [
                field("task", "select", options: state.openTasks.map { ChoiceView(code: String($0.id), name: $0.title, selected: false) }),
                field("result", "textarea"),
            ]
        case .reply:
            return [
                field("text", "textarea"),
                field(
                    "contactMethod", "select",
                    options: ContactMethod.allCases.map {
                        ChoiceView(code: $0.rawValue, name: text("contact.\($0.rawValue)", [:]), selected: false)
                    }),
            ]
        case .followUp:
            return [
                field(
                    "satisfaction", "radio",
                    options: Satisfaction.allCases.map {
                        ChoiceView(code: $0.rawValue, name: text("satisfaction.\($0.rawValue)", [:]), selected: false)
                    }), field("note", "textarea"),
            ]
        case .escalate:
            return [field("note", "textarea")]
        case .merge:
            return [field("into", "text")]
        case .reject, .reopen:
            return [field("reason", "textarea")]
        case .answer:
            return [field("text", "textarea")]
        case .contact:
            return [
                field(
                    "method", "select",
                    options: ContactMethod.allCases.map {
                        ChoiceView(code: $0.rawValue, name: text("contact.\($0.rawValue)", [:]), selected: $0 == .phone)
                    }), field("note", "textarea"),
            ]
        case .requestExtension:
            return [
                field(
                    "deadline", "select",
                    options: Deadline.Kind.extendable.map {
                        ChoiceView(code: $0.rawValue, name: text("deadline.kind.\($0.rawValue)", [:]), selected: $0 == .resolve)
                    }),
                field("until", "date", value: ChinaTime.dayString(now.addingTimeInterval(7 * 86_400))), field("reason", "textarea"),
            ]
        case .requestPause:
            return [
                field(
                    "pauseReason", "select",
                    options: PauseReason.allCases.map {
                        ChoiceView(code: $0.rawValue, name: text("pause.reason.\($0.rawValue)", [:]), selected: false)
                    }),
                field("resumeOn", "date", value: ChinaTime.dayString(now.addingTimeInterval(7 * 86_400))), field("note", "textarea"),
            ]
        case .decidePause:
            let request =
                state.pendingPause.map {
                    text(
                        "ui.form.pendingPause",
                        ["reason": text("pause.reason.\($0.reason.rawValue)", [:]), "resumeOn": $0.resumeOn, "note": $0.note])
                } ?? ""
            return approval(request)
        case .refer:
            return [field("body", "text"), field("contact", "text"), field("letter", "textarea")]
        case .resume:
            return [yesNo("arrived", yes: true), field("note", "textarea")]
        case .registerPetition:
            return [field("reason", "textarea"), yesNo("leapfrog", yes: false)]
        case .decidePetition:
            return [
                field(
                    "outcome", "radio",
                    options: PetitionOutcome.allCases.map {
                        ChoiceView(code: $0.rawValue, name: text("petition.outcome.\($0.rawValue)", [:]), selected: false)
                    }),
                field("forwardedTo", "text"), field("note", "textarea"),
            ]
        case .extendPetition:
            return [field("days", "text", value: "30"), field("reason", "textarea")]
        case .requestPetitionReview:
            return [field("reason", "textarea")]
        case .decidePetitionReview:
            return [yesNo("upheld", yes: true), field("reviewer", "text"), field("opinion", "textarea")]
        case .decideExtension:
            let request =
                state.pendingExtension.map {
                    text(
                        "ui.form.pendingExtension",
                        ["deadline": text("deadline.kind.\($0.deadline.rawValue)", [:]), "until": $0.until, "reason": $0.reason])
                } ?? ""
            return approval(request)
        }
    }
}
