import Foundation

/// Historical requests from a previous system (`mashang import tickets`). Each row is checked as intake checks a new
/// request (any channel) and then walked through the real lifecycle — dispatched to its organisation, acknowledged,
/// replied, followed up or answered directly — at the times the file gives, so an imported ticket is like any other:
/// in the lists, the figures and the histories. The actor of every step is `import`.
public enum TicketImport {
    public static let fields = [
        "receivedAt", "channel", "kind", "category", "area", "urgency", "description", "name", "phone",
        "idNumber", "organization", "department", "reply", "repliedAt", "satisfaction", "closedAt",
        "sourceNumber",
    ]
    public static let required = ["receivedAt", "category", "area", "description"]
    public static let defaults = ["channel": Channel.hotline.rawValue, "kind": TicketKind.help.rawValue]

    /// A checked row: its whole history, walked once under a placeholder number; `numbered(_:)` gives it its own.
    public struct Row: Sendable {
        public var ticket: StoredTicket
        public var receivedAt: Date { ticket.state.receivedAt }

        /// The ticket under the number the store gave it (it appears in the state and in the creation event only).
        public func numbered(_ number: String) -> StoredTicket {
            var copy = ticket
            copy.state.number = number
            copy.events = copy.events.map { event in
                guard case .created(var created) = event.change else { return event }
                created.number = number
                var renumbered = event
                renumbered.change = .created(created)
                return renumbered
            }
            return copy
        }
    }

    /// The user every imported step is recorded as, acting for `organization`.
    public static func actor(_ organization: String, _ role: Role, reference: ReferenceData? = nil) -> StaffActor {
        let kind = reference?.organization(organization)?.kind ?? (organization == TicketLifecycle.jointCentre ? .joint : .enterprise)
        return StaffActor(username: "import", organization: organization, organizationKind: kind, role: role, department: nil)
    }

    /// Checks one row; every problem of the row is named.
    public static func check(
        _ record: ImportRecord, reference: ReferenceData, rules: DispatchRuleSet,
        now: Date
    ) -> Result<Row, ValidationError> {
        var problems = FieldRules()
        let receivedAt = time(record, "receivedAt", &problems, required: true)
        if let receivedAt, receivedAt > now { problems.add("receivedAt", "invalid") }
        let repliedAt = time(record, "repliedAt", &problems)
        let closedAt = time(record, "closedAt", &problems)
        let source = problems.text(record["sourceNumber"], "sourceNumber", max: 50, required: false)
        let request = IntakeRequest(
            channel: record["channel"] ?? defaults["channel"], kind: record["kind"] ?? defaults["kind"],
            category: record["category"], area: record["area"], description: record["description"],
            urgency: record["urgency"],
            requester: .init(name: record["name"], phone: record["phone"], idNumber: record["idNumber"]))
        var draft: TicketDraft?
        do {
            draft = try IntakeValidator.validate(request, source: .imported, reference: reference, rules: rules, trackingCode: nil)
        } catch {
            for field in error.fields {
                problems.add(
                    field.name == "requester.name"
                        ? "name"
                        : field.name == "requester.phone"
                            ? "phone"
                            : field.name == "requester.idNumber" ? "idNumber" : field.name, field.problem)
            }
        }
        if let source { draft?.description += "\n\n原系统编号：" + source }
        // Without an organisation the record was answered at the desk (with a reply) or is still waiting for dispatch.
        let organization = record["organization"]
        if let code = record["organization"], reference.organization(code) == nil || code == TicketLifecycle.jointCentre {
            problems.add("organization", "unknown")
        }
        let department = record["department"]
        if let department, !reference.department(department, belongsTo: organization ?? "") { problems.add("department", "unknown") }
        let reply = problems.text(record["reply"], "reply", max: 2000, required: false)
        let satisfaction = record["satisfaction"].flatMap { value in
            Satisfaction(rawValue: value)
                ?? {
                    problems.add("satisfaction", "invalid"); return nil
                }()
        }
        if closedAt != nil && reply == nil { problems.add("reply", "required") }
        // Only a consultation is answered at the desk without being dispatched.
        if reply != nil && organization == nil && draft != nil && draft?.kind != .consultation { problems.add("organization", "required") }
        if closedAt != nil && organization != nil && satisfaction == nil { problems.add("satisfaction", "required") }
        if satisfaction != nil && reply == nil { problems.add("reply", "required") }
        for (field, date) in [("repliedAt", repliedAt), ("closedAt", closedAt)] {
            if let date, let receivedAt, date < receivedAt || date > now { problems.add(field, "invalid") }
        }
        if let repliedAt, let closedAt, closedAt < repliedAt { problems.add("closedAt", "invalid") }
        do {
            try problems.check()
        } catch {
            return .failure(error)
        }
        let steps = Steps(
            reference: reference, receivedAt: receivedAt!, organization: organization,
            department: department, reply: reply, repliedAt: repliedAt ?? closedAt ?? receivedAt!,
            satisfaction: satisfaction, closedAt: closedAt ?? repliedAt ?? receivedAt!)
        // Walked here, so that a row the lifecycle refuses is reported, not written half.
        do {
            return .success(Row(ticket: try steps.walk(TicketChange.Created(number: "MS-0000-000000", draft: draft!))))
        } catch {
            return .failure(ValidationError("organization", "notAllowed"))
        }
    }

    private static func time(_ record: ImportRecord, _ field: String, _ problems: inout FieldRules, required: Bool = false) -> Date? {
        guard let text = record[field] else {
            if required { problems.add(field, "required") }
            return nil
        }
        guard let date = ImportTime.parse(text) else {
            problems.add(field, "invalid")
            return nil
        }
        return date
    }

    /// The steps a historical record went through, replayed with the lifecycle's own rules.
    struct Steps: Sendable {
        let reference: ReferenceData
        let receivedAt: Date
        let organization: String?
        let department: String?
        let reply: String?
        let repliedAt: Date
        let satisfaction: Satisfaction?
        let closedAt: Date

        func walk(_ created: TicketChange.Created) throws -> StoredTicket {
            let joint = TicketLifecycle.jointCentre
            var state = TicketState(created: created, at: receivedAt)
            var events = [
                TicketEvent(sequence: 1, occurredAt: receivedAt, actor: actor(joint, .intake).eventActor, change: .created(created))
            ]
            func step(_ command: TicketCommand, _ actor: StaffActor, at date: Date) throws {
                let change = try TicketLifecycle.decide(
                    command, on: state, by: actor, context: DecisionContext(reference: reference, now: date))
                let event = TicketEvent(sequence: state.version + 1, occurredAt: date, actor: actor.eventActor, change: change)
                state.apply(event)
                events.append(event)
            }
            guard let organization else {
                // Never dispatched: answered directly at the desk, or still waiting to be dispatched.
                if let reply { try step(.answer(text: reply), actor(joint, .intake), at: closedAt) }
                return StoredTicket(state: state, events: events)
            }
            try step(
                .dispatch(organization: organization, department: department, assisting: [], note: "历史数据导入"),
                actor(joint, .dispatcher), at: receivedAt)
            try step(.acknowledge, actor(organization, .dispatcher), at: receivedAt)
            if let reply {
                try step(.reply(text: reply, contactMethod: .phone), actor(organization, .dispatcher), at: repliedAt)
                if let satisfaction { try step(.followUp(satisfaction: satisfaction, note: nil), actor(joint, .intake), at: closedAt) }
            }
            return StoredTicket(state: state, events: events)
        }

        private func actor(_ organization: String, _ role: Role) -> StaffActor {
            TicketImport.actor(organization, role, reference: reference)
        }
    }
}
