/// An action a user asks to perform on an existing ticket. Input is already decoded but not yet validated.
public enum TicketCommand: Sendable, Equatable {
    case dispatch(organization: String, department: String?, assisting: [String], note: String?)
    case acknowledge
    case sendBack(reason: SendBackReason, note: String)
    case assign(department: String, handler: String?)
    case addTask(title: String, department: String, responsiblePerson: String, dueDate: String)
    case completeTask(id: Int, result: String)
    case reply(text: String, contactMethod: ContactMethod)
    case followUp(satisfaction: Satisfaction, note: String?)
    case escalate(note: String?)
    case merge(into: String)
    case reject(reason: String)
    case answer(text: String)
    case reopen(reason: String)
    /// Ask for more time on a running limit, until the close of business of `until` (`yyyy-MM-dd`).
    case requestExtension(deadline: Deadline.Kind, until: String, reason: String)
    case decideExtension(approve: Bool, note: String?)
    /// 首次联系 and later calls or visits: a contact with the requester before the reply, with what was said.
    case contact(method: ContactMethod, note: String)
    /// Ask to stop the clock until `resumeOn` (`yyyy-MM-dd`) at the latest, while something is awaited.
    case requestPause(reason: PauseReason, resumeOn: String, note: String)
    case decidePause(approve: Bool, note: String?)
    /// Run the clock again before the expected day: `arrived` when what was awaited has come.
    case resume(arrived: Bool, note: String?)
    /// Refer a request outside every member's competence to a named outside body, with the referral letter.
    case refer(body: String, contact: String?, letter: String)
    /// 登记为信访事项: the joint centre registers the request as a petition, with why and whether it came 越级.
    case registerPetition(reason: String, leapfrog: Bool)
    /// The acceptance decision (受理/不予受理/转送), written to the petitioner as a 告知书.
    case decidePetition(outcome: PetitionOutcome, note: String, forwardedTo: String?)
    /// The supervisor approves more calendar days for the handling, with the reason the petitioner is told.
    case extendPetition(days: Int, reason: String)
    /// The petitioner asks for 复查, or after it 复核.
    case requestPetitionReview(reason: String)
    /// The reviewing body's opinion, recorded by the joint centre.
    case decidePetitionReview(upheld: Bool, body: String, opinion: String)

    /// The action's name as it appears in the URL (`POST /tickets/{number}/{action}`).
    public var action: TicketAction {
        switch self {
        case .dispatch: .dispatch
        case .acknowledge: .acknowledge
        case .sendBack: .sendBack
        case .assign: .assign
        case .addTask: .addTask
        case .completeTask: .completeTask
        case .reply: .reply
        case .followUp: .followUp
        case .escalate: .escalate
        case .merge: .merge
        case .reject: .reject
        case .answer: .answer
        case .reopen: .reopen
        case .requestExtension: .requestExtension
        case .decideExtension: .decideExtension
        case .contact: .contact
        case .requestPause: .requestPause
        case .decidePause: .decidePause
        case .resume: .resume
        case .refer: .refer
        case .registerPetition: .registerPetition
        case .decidePetition: .decidePetition
        case .extendPetition: .extendPetition
        case .requestPetitionReview: .requestPetitionReview
        case .decidePetitionReview: .decidePetitionReview
        }
    }
}

/// The kinds of action, used for authorisation and error messages.
public enum TicketAction: String, Sendable, CaseIterable, Codable {
    case dispatch, acknowledge
    case sendBack = "send-back"
    case assign
    case addTask = "tasks"
    case completeTask = "complete-task"
    case reply
    case followUp = "follow-up"
    case escalate, merge, reject, answer, reopen
    case requestExtension = "request-extension"
    case decideExtension = "decide-extension"
    case contact = "record-contact"
    case requestPause = "request-pause"
    case decidePause = "decide-pause"
    case resume
    case refer
    case registerPetition = "register-petition"
    case decidePetition = "decide-petition"
    case extendPetition = "extend-petition"
    case requestPetitionReview = "request-review"
    case decidePetitionReview = "decide-review"

    /// The petition steps: the joint centre's alone, whoever holds the ticket.
    public static let petition: Set<TicketAction> = [
        .registerPetition, .decidePetition, .extendPetition, .requestPetitionReview, .decidePetitionReview,
    ]
}
