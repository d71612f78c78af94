import MashangCore
import MashangServices

/// Request bodies of the ticket actions. Fields are optional so that a missing one is named in the error; each
/// body turns itself into a `TicketCommand` or throws `ValidationError`.
protocol TicketActionBody: Decodable, Sendable {
    func command() throws -> TicketCommand
}

/// Parses an enum field, recording `required` or `invalid`.
func parseEnum<E: RawRepresentable>(_ raw: String?, _ field: String, _ rules: inout FieldRules) -> E? where E.RawValue == String {
    guard let raw else {
        rules.add(field, "required")
        return nil
    }
    guard let value = E(rawValue: raw) else {
        rules.add(field, "invalid")
        return nil
    }
    return value
}

func requireCode(_ raw: String?, _ field: String, _ rules: inout FieldRules) -> String {
    if raw?.isEmpty ?? true { rules.add(field, "required") }
    return raw ?? ""
}

struct DispatchBody: TicketActionBody {
    var organization: String?
    var department: String?
    var assisting: [String]?
    var note: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let organization = requireCode(organization, "organization", &rules)
        try rules.check()
        return .dispatch(organization: organization, department: department, assisting: assisting ?? [], note: note)
    }
}

struct AcknowledgeBody: TicketActionBody {
    func command() throws -> TicketCommand { .acknowledge }
}

struct SendBackBody: TicketActionBody {
    var reason: String?
    var note: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let reason: SendBackReason? = parseEnum(reason, "reason", &rules)
        rules.text(note, "note", max: 500)
        try rules.check()
        return .sendBack(reason: reason!, note: note!)
    }
}

struct AssignBody: TicketActionBody {
    var department: String?
    var handler: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let department = requireCode(department, "department", &rules)
        try rules.check()
        return .assign(department: department, handler: handler)
    }
}

struct AddTaskBody: TicketActionBody {
    var title: String?
    var department: String?
    var responsiblePerson: String?
    var dueDate: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let department = requireCode(department, "department", &rules)
        let dueDate = requireCode(dueDate, "dueDate", &rules)
        try rules.check()
        return .addTask(title: title ?? "", department: department, responsiblePerson: responsiblePerson ?? "", dueDate: dueDate)
    }
}

struct CompleteTaskBody: Decodable, Sendable {
    var result: String?
}

struct ReplyBody: TicketActionBody {
    var text: String?
    var contactMethod: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let method: ContactMethod? = parseEnum(contactMethod, "contactMethod", &rules)
        rules.text(text, "text", max: 2000)
        try rules.check()
        return .reply(text: text!, contactMethod: method!)
    }
}

struct FollowUpBody: TicketActionBody {
    var satisfaction: String?
    var note: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let satisfaction: Satisfaction? = parseEnum(satisfaction, "satisfaction", &rules)
        try rules.check()
        return .followUp(satisfaction: satisfaction!, note: note)
    }
}

struct EscalateBody: TicketActionBody {
    var note: String?
    func command() throws -> TicketCommand { .escalate(note: note) }
}

struct MergeBody: TicketActionBody {
    var into: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let into = requireCode(into, "into", &rules)
        try rules.check()
        return .merge(into: into)
    }
}

struct RejectBody: TicketActionBody {
    var reason: String?
    func command() throws -> TicketCommand { .reject(reason: reason ?? "") }
}

struct AnswerBody: TicketActionBody {
    var text: String?
    func command() throws -> TicketCommand { .answer(text: text ?? "") }
}

struct ReopenBody: TicketActionBody {
    var reason: String?
    func command() throws -> TicketCommand { .reopen(reason: reason ?? "") }
}

struct RequestExtensionBody: TicketActionBody {
    var deadline: String?
    var until: String?
    var reason: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let deadline: Deadline.Kind? = parseEnum(deadline, "deadline", &rules)
        if until?.isEmpty ?? true { rules.add("until", "required") }
        try rules.check()
        return .requestExtension(deadline: deadline!, until: until!, reason: reason ?? "")
    }
}

struct DecideExtensionBody: TicketActionBody {
    var approve: Bool?
    var note: String?
    func command() throws -> TicketCommand {
        guard let approve else { throw ValidationError("approve", "required") }
        return .decideExtension(approve: approve, note: note)
    }
}

struct ContactBody: TicketActionBody {
    var method: String?
    var note: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let method: ContactMethod? = parseEnum(method, "method", &rules)
        try rules.check()
        return .contact(method: method!, note: note ?? "")
    }
}

struct RequestPauseBody: TicketActionBody {
    var reason: String?
    var resumeOn: String?
    var note: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let reason: PauseReason? = parseEnum(reason, "reason", &rules)
        if resumeOn?.isEmpty ?? true { rules.add("resumeOn", "required") }
        try rules.check()
        return .requestPause(reason: reason!, resumeOn: resumeOn!, note: note ?? "")
    }
}

struct DecidePauseBody: TicketActionBody {
    var approve: Bool?
    var note: String?
    func command() throws -> TicketCommand {
        guard let approve else { throw ValidationError("approve", "required") }
        return .decidePause(approve: approve, note: note)
    }
}

struct ReferBody: TicketActionBody {
    var body: String?
    var contact: String?
    var letter: String?
    func command() throws -> TicketCommand { .refer(body: body ?? "", contact: contact, letter: letter ?? "") }
}

struct ResumeBody: TicketActionBody {
    /// True when what was awaited has come; false or absent for a resumption by hand.
    var arrived: Bool?
    var note: String?
    func command() throws -> TicketCommand { .resume(arrived: arrived ?? false, note: note) }
}

struct RegisterPetitionBody: TicketActionBody {
    var reason: String?
    /// 越级: brought past the level responsible.
    var leapfrog: Bool?
    func command() throws -> TicketCommand { .registerPetition(reason: reason ?? "", leapfrog: leapfrog ?? false) }
}

struct DecidePetitionBody: TicketActionBody {
    var outcome: String?
    var note: String?
    var forwardedTo: String?
    func command() throws -> TicketCommand {
        var rules = FieldRules()
        let outcome: PetitionOutcome? = parseEnum(outcome, "outcome", &rules)
        try rules.check()
        return .decidePetition(outcome: outcome!, note: note ?? "", forwardedTo: forwardedTo)
    }
}

struct ExtendPetitionBody: TicketActionBody {
    var days: Int?
    var reason: String?
    func command() throws -> TicketCommand {
        guard let days else { throw ValidationError("days", "required") }
        return .extendPetition(days: days, reason: reason ?? "")
    }
}

struct RequestPetitionReviewBody: TicketActionBody {
    var reason: String?
    func command() throws -> TicketCommand { .requestPetitionReview(reason: reason ?? "") }
}

struct DecidePetitionReviewBody: TicketActionBody {
    /// True: the earlier answer is upheld (维持); false: the reviewing body's opinion replaces it.
    var upheld: Bool?
    /// The reviewing body (复查/复核机关).
    var reviewer: String?
    var opinion: String?
    func command() throws -> TicketCommand {
        guard let upheld else { throw ValidationError("upheld", "required") }
        return .decidePetitionReview(upheld: upheld, body: reviewer ?? "", opinion: opinion ?? "")
    }
}
