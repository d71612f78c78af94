import Foundation

/// The petition steps of `TicketLifecycle.decide`: registration, the acceptance decision, an extension of the
/// handling, and the review chain (复查, then 复核, each asked for within its period). Pure, like the rest of it.
enum PetitionSteps {
    /// The statuses in which a request is still being worked, before its answer.
    static let working: Set<TicketStatus> = [.received, .dispatched, .inProgress, .reopened]

    static func decide(
        _ command: TicketCommand, on ticket: TicketState, context: DecisionContext,
        refuse: (LifecycleError.Code) -> LifecycleError
    ) throws -> TicketChange {
        var rules = FieldRules()
        let petitionRules = context.time.policy.petition
        let calendar = context.time.calendar(for: TicketLifecycle.jointCentre)
        if case .registerPetition(let reason, let leapfrog) = command {
            guard working.contains(ticket.status) else { throw refuse(.illegalTransition) }
            guard ticket.petition == nil else { throw refuse(.alreadyPetition) }
            let reason = rules.text(reason, "reason", max: 500)
            try rules.check()
            let earlier = context.earlierPetitions.last { $0 != ticket.number }
            return .petitionRegistered(PetitionRegistration(reason: reason!, leapfrog: leapfrog, repeatOf: earlier))
        }
        guard let petition = ticket.petition else { throw refuse(.notPetition) }
        switch command {
        case .decidePetition(let outcome, let note, let forwardedTo):
            guard petition.acceptance == nil else { throw refuse(.petitionDecided) }
            let note = rules.text(note, "note", max: 1000)
            let body = rules.text(forwardedTo, "forwardedTo", max: 100, required: outcome == .forwarded)
            try rules.check()
            return .petitionDecided(PetitionAcceptance(outcome: outcome, note: note!, forwardedTo: outcome == .forwarded ? body : nil))

        case .extendPetition(let days, let reason):
            guard petition.acceptance != nil else { throw refuse(.petitionUndecided) }
            guard petition.isAccepted else { throw refuse(.petitionNotAccepted) }
            guard petition.answeredAt == nil, working.contains(ticket.status) else { throw refuse(.petitionAnswered) }
            guard petition.extended == nil else { throw refuse(.petitionExtended) }
            rules.require((1...petitionRules.longestExtension).contains(days), "days", "invalid")
            let reason = rules.text(reason, "reason", max: 500)
            try rules.check()
            return .petitionExtended(PetitionExtension(days: days, reason: reason!))

        case .requestPetitionReview(let reason):
            guard petition.isAccepted else { throw refuse(petition.acceptance == nil ? .petitionUndecided : .petitionNotAccepted) }
            guard petition.pendingReview == nil else { throw refuse(.reviewPending) }
            guard let level = petition.nextLevel else { throw refuse(.reviewChainEnded) }
            guard let answeredAt = petition.lastAnswerAt else { throw refuse(.petitionNotAnswered) }
            guard petitionRules.mayRequestReview(answeredAt: answeredAt, at: context.now, calendar: calendar) else {
                throw refuse(.reviewTooLate)
            }
            let reason = rules.text(reason, "reason", max: 1000)
            try rules.check()
            return .petitionReviewRequested(PetitionReviewRequest(level: level, reason: reason!))

        case .decidePetitionReview(let upheld, let body, let opinion):
            guard let pending = petition.pendingReview else { throw refuse(.noReviewPending) }
            let body = rules.text(body, "reviewer", max: 100)
            let opinion = rules.text(opinion, "opinion", max: 4000)
            try rules.check()
            return .petitionReviewDecided(PetitionReviewDecision(level: pending.level, upheld: upheld, body: body!, opinion: opinion!))

        default:
            throw refuse(.illegalTransition)
        }
    }
}
