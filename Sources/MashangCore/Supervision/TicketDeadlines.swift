import Foundation

/// One time limit a ticket ran or runs against: who must act, from when, by when, and whether and when they did.
public struct Deadline: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// 签收: the organisation a ticket is dispatched to signs for it (or sends it back).
        case signFor
        /// 首次联系: the responsible organisation first gets back to the requester (a reply, for now).
        case firstContact
        /// 办结: the reply that answers the request.
        case resolve
        /// 任务清单: a task given to a department, due by the end of its due date (warned the day before).
        case task
        /// 信访受理: the acceptance decision and its 告知书, in calendar days from registration (PetitionRules).
        case petitionAcceptance
        /// 信访办理: the 处理意见书, in calendar days from acceptance, plus an approved extension.
        case petitionHandling
        /// 复查: the reviewing body's opinion, in calendar days from the request.
        case petitionReview
        /// 复核: the opinion of the level above the 复查 body, in calendar days from the request.
        case petitionReexamination

        /// The limits a unit may ask to extend; a task's due date is set by the lead organisation that gave it.
        public static let extendable: [Kind] = [.signFor, .firstContact, .resolve]
        /// The petition regulation's limits.
        public static let petition: Set<Kind> = [.petitionAcceptance, .petitionHandling, .petitionReview, .petitionReexamination]
    }

    public enum Standing: String, Codable, Sendable {
        case running, warning, overdue, met, metLate
    }

    public var kind: Kind
    public var organization: String
    public var department: String?
    public var startedAt: Date
    public var warnAt: Date
    public var due: Date
    /// When the step was done; nil while it is still running.
    public var metAt: Date?
    /// The task's number, for a `.task` limit.
    public var task: Int?

    public init(
        kind: Kind, organization: String, department: String?, startedAt: Date, warnAt: Date, due: Date, metAt: Date? = nil,
        task: Int? = nil
    ) {
        self.task = task
        self.kind = kind
        self.organization = organization
        self.department = department
        self.startedAt = startedAt
        self.warnAt = warnAt
        self.due = due
        self.metAt = metAt
    }

    public func standing(at now: Date) -> Standing {
        if let metAt, metAt <= now { return metAt > due ? .metLate : .met }
        if now > due { return .overdue }
        return now >= warnAt ? .warning : .running
    }
}

/// Works out a ticket's time limits from its history, the time policy and the working calendar of the responsible
/// organisation. Pure: the same history, policy and calendars always give the same deadlines.
public enum TicketDeadlines {
    public static func of(
        _ events: [TicketEvent], state: TicketState, policy: TimePolicy,
        calendar: (String) -> WorkingCalendar
    ) -> [Deadline] {
        let limits = policy.limits(state.kind, state.urgency)
        var deadlines: [Deadline] = []
        func open(_ kind: Deadline.Kind, organization: String, department: String?, at start: Date) {
            let working = calendar(organization)
            let due: Date, warnAt: Date
            switch kind {
            case .signFor, .firstContact:
                let hours = kind == .signFor ? limits.signForHours : limits.firstContactHours
                due = working.addingWorkingTime(hours * 3600, to: start)
                warnAt = working.addingWorkingTime(hours * 3600 * limits.warnShare, to: start)
            case .resolve:
                due = working.addingWorkingDays(limits.resolveDays, to: start)
                warnAt = working.addingWorkingTime(working.workingTime(from: start, to: due) * limits.warnShare, to: start)
            case .task, .petitionAcceptance, .petitionHandling, .petitionReview, .petitionReexamination:
                return  // A task's limit comes from its own due date (see `.taskAdded`), a petition's from its own rules.
            }
            deadlines.append(
                Deadline(
                    kind: kind, organization: organization, department: department, startedAt: start,
                    warnAt: warnAt, due: due))
        }
        func meet(_ kinds: Set<Deadline.Kind>, at date: Date) {
            for index in deadlines.indices where deadlines[index].metAt == nil && kinds.contains(deadlines[index].kind) {
                deadlines[index].metAt = date
            }
        }
        // A pause in force: when it began, when it is due to end, and the moments of the limits it holds as they were.
        var pause: (start: Date, scheduledEnd: Date, held: [Int: (due: Date, warnAt: Date)])?
        func endPause(at end: Date) {
            guard let held = pause else { return }
            for (index, original) in held.held {
                let working = calendar(deadlines[index].organization)
                deadlines[index].due = ClockPause.shift(original.due, pausedAt: held.start, resumedAt: end, calendar: working)
                // A limit already in its warning share is warned again when work resumes, as its due time has moved.
                deadlines[index].warnAt =
                    original.warnAt > held.start
                    ? ClockPause.shift(original.warnAt, pausedAt: held.start, resumedAt: end, calendar: working) : max(original.warnAt, end)
            }
            pause = nil
        }
        let petition = policy.petition, jointCalendar = calendar(TicketLifecycle.jointCentre)
        // A petition limit in calendar days, warned at the same share of its span as the other limits.
        func openPetition(_ kind: Deadline.Kind, _ days: Int, organization: String, at start: Date) {
            let due = petition.due(days, from: start, calendar: jointCalendar)
            deadlines.append(
                Deadline(
                    kind: kind, organization: organization, department: nil, startedAt: start,
                    warnAt: start.addingTimeInterval(due.timeIntervalSince(start) * petition.warnShare), due: due))
        }
        var organization = state.leadOrganization, department: String?
        for event in events {
            let at = event.occurredAt
            switch event.change {
            case .created, .escalated, .deadlineWarned, .deadlineMissed:
                break
            case .taskAdded(let task):
                guard let day = ChinaDay(task.dueDate) else { break }
                let due = day.adding(1).start
                deadlines.append(
                    Deadline(
                        kind: .task, organization: task.organization ?? organization, department: task.department,
                        startedAt: at, warnAt: max(at, day.adding(-1).start), due: due, task: task.id))
            case .taskCompleted(let completion):
                if let index = deadlines.firstIndex(where: { $0.kind == .task && $0.task == completion.taskId && $0.metAt == nil }) {
                    deadlines[index].metAt = at
                }
            case .dispatched(let dispatch):
                // A new dispatch replaces an unanswered one: the earlier organisation's clock stops there.
                meet([.signFor], at: at)
                organization = dispatch.organization
                department = dispatch.department
                // A petition's handling is owed by whoever leads the request now.
                for index in deadlines.indices where deadlines[index].kind == .petitionHandling && deadlines[index].metAt == nil {
                    deadlines[index].organization = organization
                }
                open(.signFor, organization: organization, department: department, at: at)
            case .acknowledged:
                meet([.signFor], at: at)
                open(.firstContact, organization: organization, department: department, at: at)
                open(.resolve, organization: organization, department: department, at: at)
            case .sentBack:
                meet([.signFor, .firstContact, .resolve, .task], at: at)
            case .assigned(let assignment):
                department = assignment.department
                for index in deadlines.indices where deadlines[index].metAt == nil { deadlines[index].department = department }
            case .replied, .answeredAtSource:
                endPause(at: at)
                // The reply ends the work: tasks left open can no longer be completed, and their clocks stop too. For a
                // petition it is the 处理意见书.
                meet([.firstContact, .resolve, .task, .petitionHandling], at: at)
            case .followedUp(let followUp):
                // Unsatisfied: back to the same organisation and department with a new resolve limit.
                if !followUp.satisfaction.closesTicket { open(.resolve, organization: organization, department: department, at: at) }
            case .reopened:
                open(.resolve, organization: organization, department: department, at: at)
            case .extensionRequested, .linkedToCommonIssue, .registerNoted:
                break
            case .contacted:
                meet([.firstContact], at: at)
            case .extensionDecided(let decision):
                guard decision.approved, let day = ChinaDay(decision.until),
                    let index = deadlines.lastIndex(where: { $0.kind == decision.deadline && $0.metAt == nil })
                else { break }
                let working = calendar(deadlines[index].organization)
                var dueDay = day
                while !working.isWorkingDay(dueDay) { dueDay = dueDay.adding(1) }
                let start = deadlines[index].startedAt
                let due = dueDay.at(working.hours.sessions.last!.end)
                deadlines[index].due = due
                deadlines[index].warnAt = working.addingWorkingTime(working.workingTime(from: start, to: due) * limits.warnShare, to: start)
            case .merged, .rejected, .answered, .closedUnrated, .referred:
                endPause(at: at)
                meet([.signFor, .firstContact, .resolve, .task], at: at)
                if case .answered = event.change { meet([.petitionHandling], at: at) }
            case .petitionRegistered:
                openPetition(.petitionAcceptance, petition.acceptanceDays, organization: TicketLifecycle.jointCentre, at: at)
            case .petitionDecided(let acceptance):
                meet([.petitionAcceptance], at: at)
                if acceptance.outcome == .accepted {
                    openPetition(.petitionHandling, petition.handlingDays, organization: organization, at: at)
                }
            case .petitionExtended(let granted):
                guard let index = deadlines.lastIndex(where: { $0.kind == .petitionHandling && $0.metAt == nil }) else { break }
                let start = deadlines[index].startedAt
                let due = petition.due(petition.handlingDays + granted.days, from: start, calendar: jointCalendar)
                deadlines[index].due = due
                deadlines[index].warnAt = start.addingTimeInterval(due.timeIntervalSince(start) * petition.warnShare)
            case .petitionReviewRequested(let request):
                openPetition(request.level.deadline, petition.decisionDays, organization: TicketLifecycle.jointCentre, at: at)
            case .petitionReviewDecided(let decision):
                meet([decision.level.deadline], at: at)
            case .pauseRequested, .requesterAnonymised, .requesterCorrected:
                break
            case .pauseDecided(let decision):
                guard decision.approved, pause == nil else { break }
                var held: [Int: (due: Date, warnAt: Date)] = [:]
                // A limit already missed stays missed: a pause stops only clocks still running.
                for index in deadlines.indices
                where deadlines[index].metAt == nil && ClockPause.pausable.contains(deadlines[index].kind) && deadlines[index].due > at {
                    held[index] = (deadlines[index].due, deadlines[index].warnAt)
                }
                let scheduled = ActivePause(reason: decision.reason, since: at, resumeOn: decision.resumeOn).scheduledResume
                pause = (at, scheduled, held)
            case .resumed:
                endPause(at: at)
            }
        }
        // Still paused: the limits run again on the expected day at the latest, when the sweeper resumes them.
        if let scheduled = pause?.scheduledEnd { endPause(at: scheduled) }
        return deadlines
    }
}
