import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// The registers' staff pages: `/staff/<register>` (list), `/new`, `/<id>` (facts, history, entry and action forms,
/// tickets), one route set per `RegisterKind`, all driven by its schema.
struct RegisterPagesController {
    let dependencies: AppDependencies
    let service: RegisterService
    let kit: StaffPageKit

    static let pageSize = 50

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        for kind in RegisterKind.allCases {
            let path = kind.path
            group.get(RouterPath(path)) { request, context in try await listPage(kind, request, context) }
            group.get(RouterPath(path + "/new")) { request, context in try await newPage(kind, request, context) }
            group.post(RouterPath(path)) { request, context in try await create(kind, request, context) }
            group.get(RouterPath(path + "/:id")) { request, context in
                try await recordPage(kind, try Self.id(context), request, context, revealed: false)
            }
            group.post(RouterPath(path + "/:id/reveal")) { request, context in
                let form = try await FormBody.read(request, limit: JSONBody.maxRequestBytes)
                guard form.fields["_csrf"] == context.csrfToken else { throw AccessError.forbidden }
                let id = try Self.id(context)
                _ = try await service.reveal(kind, id, by: context.staff, address: context.clientAddress)
                return try await recordPage(kind, id, request, context, revealed: true)
            }
            group.post(RouterPath(path + "/:id/entries/:name")) { request, context in try await submit(kind, .entry, request, context) }
            group.post(RouterPath(path + "/:id/actions/:name")) { request, context in try await submit(kind, .action, request, context) }
            if !kind.schema.ticketChannels.isEmpty {
                group.post(RouterPath(path + "/:id/tickets")) { request, context in try await submit(kind, .ticket, request, context) }
            }
        }
    }

    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0 else { throw AccessError.notFound }
        return id
    }

    func views(_ kind: RegisterKind, _ request: Request) -> RegisterViews {
        RegisterViews(
            kind: kind, messages: kit.messages, language: request.language,
            names: Names(reference: dependencies.reference.snapshot.data, language: request.language))
    }

    // MARK: - List

    struct Row {
        let id, title, status, organization, day: String
        let closed: Bool
    }

    @Sendable func listPage(_ kind: RegisterKind, _ request: Request, _ context: StaffPageContext) async throws -> Response {
        let views = views(kind, request)
        let query = request.uri.queryParameters
        let filter = try RegisterListFilter.parse(status: query.get("status"), from: query.get("from"), to: query.get("to"), kind: kind)
        let page = max(1, query.get("page").flatMap(Int.init) ?? 1)
        let (records, total) = try await service.list(
            kind, for: context.staff, filter: filter, limit: Self.pageSize,
            offset: (page - 1) * Self.pageSize)
        let rows = records.map { record in
            Row(
                id: String(record.id), title: views.title(of: record.masked), status: views.status(record.status),
                organization: views.names.organization(record.organization), day: record.day, closed: record.isClosed)
        }
        struct Duty { let post, place, organization, person, time, link: String }
        struct ListView {
            let chrome: PageChrome
            let path, register, title, intro: String
            let statuses: [RegisterViews.Option]
            let filtered: String?
            let fromDay, toDay: String
            let rows: [Row]
            let none: Bool
            let total: String
            let mayCreate: Bool
            let previous, next: String?
            var duties: [Duty]? = nil
            var dutyDay: String? = nil
            var hasDuties = false
            var isRisk = false
            var overdueMonth: String? = nil
            var overdue: [String]? = nil
            var hasOverdue = false
            var trend = false
        }
        var view = ListView(
            chrome: kit.chrome(request, context), path: kind.path, register: kind.rawValue, title: views.title(),
            intro: views.text("register.\(kind.rawValue).intro"),
            statuses: kind.schema.statuses.map {
                RegisterViews.Option(code: $0, name: views.status($0), selected: filter.statuses == [$0])
            },
            filtered: filter.isEmpty
                ? nil
                : views.text(
                    "ui.register.filtered",
                    [
                        "statuses": filter.statuses.isEmpty
                            ? views.text("ui.register.allStatuses") : filter.statuses.map(views.status).joined(separator: "、"),
                        "from": filter.fromDay ?? "…", "to": filter.toDay ?? "…",
                    ]), fromDay: filter.fromDay ?? "", toDay: filter.toDay ?? "", rows: rows, none: rows.isEmpty, total: String(total),
            mayCreate: RegisterPolicy.allows(.create, context.staff, kind),
            previous: page > 1 ? Self.pageLink(kind, filter, page - 1) : nil,
            next: page * Self.pageSize < total ? Self.pageLink(kind, filter, page + 1) : nil)
        if kind == .risk {
            // Today's duty roster (护学岗 …) of the risks still open.
            let today = ChinaDay(dependencies.clock())
            let posts = try await dependencies.stores.registers.openEntries(
                .risk, entry: "dutyPost", organization: RegisterPolicy.listScope(context.staff, kind))
            let duties = posts.filter { DutyRoster.isOnDuty($0.1.fields, on: today) }.map { record, post in
                Duty(
                    post: post.fields["post"]?.plain ?? "", place: record.fields["place"]?.plain ?? "",
                    organization: views.names.organization(post.fields["organization"]?.plain), person: post.fields["person"]?.plain ?? "",
                    time: (post.fields["from"]?.plain ?? "") + "–" + (post.fields["to"]?.plain ?? ""), link: "/staff/risks/\(record.id)")
            }.sorted { $0.time < $1.time }
            view.duties = duties
            view.dutyDay = today.description
            view.hasDuties = !duties.isEmpty
            view.isRisk = true
        }
        if kind == .sentiment {
            let (month, overdue) = try await dependencies.stores.registers.overdueSentimentUnits(
                today: ChinaDay(dependencies.clock()), organization: context.staff.isJointCentre ? nil : context.staff.organization,
                reference: dependencies.reference.snapshot.data)
            view.overdueMonth = month
            view.overdue = overdue.map { views.names.organization($0.code) }
            view.hasOverdue = !overdue.isEmpty
            view.trend = true
        }
        return kit.renderer.response("register-list", view)
    }

    static func pageLink(_ kind: RegisterKind, _ filter: RegisterListFilter, _ page: Int) -> String {
        "/staff/\(kind.path)?page=\(page)" + (filter.isEmpty ? "" : "&" + filter.query)
    }

    // MARK: - New

    @Sendable func newPage(_ kind: RegisterKind, _ request: Request, _ context: StaffPageContext) async throws -> Response {
        try service.authorize(.create, context.staff, kind)
        // Fields may be prefilled from the query (a hotspot opening a risk, a ticket opening a mediation).
        var values: [String: [String]] = [:]
        for spec in kind.schema.fields { if let value = request.uri.queryParameters.get(spec.name) { values[spec.name] = [value] } }
        if kind == .sentiment, values["unit"] == nil { values["unit"] = [context.staff.organization] }
        if kind == .risk, values["owners"] == nil { values["owners"] = [context.staff.organization] }
        if [.outreach, .commendation].contains(kind), values["organization"] == nil {
            values["organization"] = [context.staff.organization]
        }
        return newForm(kind, request, context, values: values, errors: [:])
    }

    func newForm(
        _ kind: RegisterKind, _ request: Request, _ context: StaffPageContext, values: [String: [String]], errors: [String: String],
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let views = views(kind, request)
        struct NewView {
            let chrome: PageChrome
            let csrf, path, title, heading: String
            let fields: [RegisterViews.Field]
            let hasErrors, personalNote: Bool
        }
        let view = NewView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, path: kind.path, title: views.title(),
            heading: views.text("register.\(kind.rawValue).new"),
            fields: views.form(kind.schema.fields, prefix: "new", values: values, errors: errors), hasErrors: !errors.isEmpty,
            personalNote: kind.schema.fields.contains(where: \.personal))
        return kit.renderer.response("register-new", view, status: status)
    }

    @Sendable func create(_ kind: RegisterKind, _ request: Request, _ context: StaffPageContext) async throws -> Response {
        let form = try await FormBody.read(request, limit: JSONBody.maxRequestBytes)
        guard form.fields["_csrf"] == context.csrfToken else { throw AccessError.forbidden }
        do {
            let record = try await service.open(
                kind, RegisterViews.input(form, specs: kind.schema.fields), by: context.staff,
                address: context.clientAddress)
            return Response(status: .seeOther, headers: [.location: "/staff/\(kind.path)/\(record.id)"])
        } catch let error as ValidationError {
            return newForm(
                kind, request, context, values: RegisterViews.values(form), errors: views(kind, request).errors(error),
                status: .unprocessableContent)
        } catch let refusal as RegisterRefusal {
            return newForm(
                kind, request, context, values: RegisterViews.values(form),
                errors: ["": kit.messages.text("error.register.\(refusal.reason)", request.language)], status: .conflict)
        }
    }

    // MARK: - Record

    enum Submission { case entry, action, ticket }

    /// A form that failed, shown again with its values and errors above the record.
    struct Failure {
        var form: String
        var values: [String: [String]]
        var errors: [String: String]
        var message: String?
        var status: HTTPResponse.Status
    }

    @Sendable func submit(_ kind: RegisterKind, _ submission: Submission, _ request: Request, _ context: StaffPageContext) async throws
        -> Response
    {
        let form = try await FormBody.read(request, limit: JSONBody.maxRequestBytes)
        guard form.fields["_csrf"] == context.csrfToken else { throw AccessError.forbidden }
        let id = try Self.id(context)
        let name = context.parameters.get("name") ?? "ticket"
        let staff = context.staff, address = context.clientAddress
        let views = views(kind, request)
        do {
            switch submission {
            case .entry:
                let specs = kind.schema.entry(name)?.fields ?? []
                _ = try await service.addEntry(kind, id, entry: name, RegisterViews.input(form, specs: specs), by: staff, address: address)
            case .action:
                let specs = kind.schema.action(name)?.fields ?? []
                _ = try await service.act(kind, id, action: name, RegisterViews.input(form, specs: specs), by: staff, address: address)
            case .ticket:
                let fields = form.fields
                let raised = RegisterService.TicketRequest(
                    channel: fields["channel"], kind: fields["kind"], category: fields["category"],
                    area: fields["area"], description: fields["description"], name: fields["name"],
                    phone: fields["phone"], entry: fields["entry"].flatMap(Int.init))
                let (_, number) = try await service.raiseTicket(kind, id, raised, by: staff, address: address)
                return Response(status: .seeOther, headers: [.location: "/staff/\(kind.path)/\(id)?raised=\(number)"])
            }
            return Response(status: .seeOther, headers: [.location: "/staff/\(kind.path)/\(id)?done=\(name)"])
        } catch let error as ValidationError {
            let errors = submission == .ticket ? kit.messages.formErrors(error, request.language) : views.errors(error)
            return try await recordPage(
                kind, id, request, context, revealed: false,
                failure: Failure(
                    form: submission == .ticket ? "ticket" : name, values: RegisterViews.values(form),
                    errors: errors, message: nil, status: .unprocessableContent))
        } catch let refusal as RegisterRefusal {
            let what = refusal.detail.isEmpty ? "" : kit.messages.text("register.requires.\(refusal.detail)", request.language)
            let message = kit.messages.text("error.register.\(refusal.reason)", request.language, ["what": what])
            return try await recordPage(
                kind, id, request, context, revealed: false,
                failure: Failure(form: name, values: RegisterViews.values(form), errors: [:], message: message, status: .conflict))
        }
    }

    struct HistoryItem {
        let sequence, at, actor, label: String
        let facts: [RegisterViews.Fact]
        let hasFacts: Bool
        /// For a question or a concern that became a ticket: the ticket, its status and its reply.
        let ticket: String?
        let ticketStatus: String?
        let reply: String?
    }

    struct FormView {
        let name, title, action: String
        let fields: [RegisterViews.Field]
        let message: String?
        let hasErrors: Bool
        let needs: String?
    }

    func recordPage(
        _ kind: RegisterKind, _ id: Int64, _ request: Request, _ context: StaffPageContext, revealed: Bool,
        failure: Failure? = nil
    ) async throws -> Response {
        let staff = context.staff
        let record = try await service.record(kind, id, for: staff)
        let shown = revealed ? record : record.masked
        let views = views(kind, request)
        let schema = kind.schema
        let language = request.language
        // The linked tickets as this user sees them: status and latest reply (an outreach question's answer comes back).
        let linked = try await dependencies.stores.tickets.loadStates(numbers: record.tickets)
        let byNumber = Dictionary(linked.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        var raisedFrom: [Int: String] = [:]
        for event in record.history where event.kind == .ticket {
            if let entry = event.fields["entry"]?.number, let number = event.fields["number"]?.text { raisedFrom[entry] = number }
        }
        func ticketInfo(_ number: String?) -> (String?, String?, String?) {
            guard let number, let state = byNumber[number] else { return (number, nil, nil) }
            guard staff.canView(state) else { return (number, nil, nil) }
            return (number, kit.messages.text("status.\(state.status.rawValue)", language), state.replies.last?.text)
        }
        let history = shown.history.map { event -> HistoryItem in
            let specs: [RegisterField], label: String
            switch event.kind {
            case .created: specs = []; label = views.text("register.event.created")
            case .entry: specs = schema.entry(event.name)?.fields ?? []; label = views.entry(event.name)
            case .action: specs = schema.action(event.name)?.fields ?? []; label = views.action(event.name)
            case .ticket: specs = []; label = views.text("register.event.ticket")
            }
            let number = event.kind == .ticket ? event.fields["number"]?.text : raisedFrom[event.sequence]
            let (ticket, status, reply) = ticketInfo(number)
            return HistoryItem(
                sequence: String(event.sequence), at: ChinaTime.minuteString(event.occurredAt), actor: event.actor.username,
                label: label, facts: views.facts(event.fields, specs: specs),
                hasFacts: !views.facts(event.fields, specs: specs).isEmpty, ticket: ticket, ticketStatus: status, reply: reply)
        }
        func values(_ form: String) -> [String: [String]] { failure?.form == form ? failure!.values : [:] }
        func errors(_ form: String) -> [String: String] { failure?.form == form ? failure!.errors : [:] }
        func message(_ form: String) -> String? { failure?.form == form ? failure?.message : nil }
        let mayRecord = RegisterPolicy.allows(.record, staff, kind, record: record)
        let entryForms =
            !mayRecord
            ? []
            : schema.entries.filter { $0.statuses.isEmpty || $0.statuses.contains(record.status) }.map { entry in
                FormView(
                    name: entry.name, title: views.entry(entry.name), action: "/staff/\(kind.path)/\(id)/entries/\(entry.name)",
                    fields: views.form(
                        entry.fields, prefix: "entry-\(entry.name)", values: values(entry.name), errors: errors(entry.name),
                        history: shown.history),
                    message: message(entry.name), hasErrors: !errors(entry.name).isEmpty, needs: nil)
            }
        let mayAct = RegisterPolicy.allows(.act, staff, kind, record: record)
        let actionForms =
            !mayAct
            ? []
            : schema.actions.filter { $0.from.contains(record.status) }.map { action in
                FormView(
                    name: action.name, title: views.action(action.name), action: "/staff/\(kind.path)/\(id)/actions/\(action.name)",
                    fields: views.form(
                        action.fields, prefix: "action-\(action.name)", values: values(action.name), errors: errors(action.name)),
                    message: message(action.name), hasErrors: !errors(action.name).isEmpty,
                    needs: action.requires.isEmpty
                        ? nil : action.requires.map { views.text("register.requires.\($0)") }.joined(separator: "、"))
            }
        let mayRaise = !schema.ticketChannels.isEmpty && RegisterPolicy.allows(.raiseTicket, staff, kind, record: record)
        struct RecordView {
            let chrome: PageChrome
            let csrf, path, register, listTitle, id, title, status, statusCode, organization, parties, day: String
            let facts: [RegisterViews.Fact]
            let history: [HistoryItem]
            let entryForms, actionForms: [FormView]
            let mayReveal, revealed: Bool
            let ticketForm: TicketFormView?
            let agreement, done, raised: String?
        }
        let view = RecordView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, path: kind.path, register: kind.rawValue,
            listTitle: views.title(), id: String(id), title: views.title(of: shown), status: views.status(record.status),
            statusCode: record.status, organization: views.names.organization(record.organization),
            parties: record.parties.map { views.names.organization($0) }.joined(separator: "、"), day: record.day,
            facts: views.facts(shown.fields, specs: schema.fields), history: history, entryForms: entryForms, actionForms: actionForms,
            mayReveal: !revealed && record.hasPersonalData && RegisterPolicy.allows(.reveal, staff, kind, record: record),
            revealed: revealed,
            ticketForm: mayRaise ? ticketForm(kind, record, views, failure: failure?.form == "ticket" ? failure : nil) : nil,
            agreement: kind == .mediation && ["agreed", "partial", "confirmation", "confirmed"].contains(record.status)
                ? "/staff/mediations/\(id)/agreement" : nil,
            done: request.uri.queryParameters.get("done").map { _ in views.text("register.saved") },
            raised: request.uri.queryParameters.get("raised"))
        return kit.renderer.response("register", view, status: failure?.status ?? .ok)
    }

    struct TicketFormView {
        let action: String
        let fields: [RegisterViews.Field]
        let hasErrors: Bool
    }

    /// The form that raises a ticket from the record: channel, kind, category, area, description, the entry it comes from.
    func ticketForm(_ kind: RegisterKind, _ record: RegisterRecord, _ views: RegisterViews, failure: Failure?) -> TicketFormView {
        let language = views.language
        let values = failure?.values ?? ["area": [record.fields["area"]?.plain ?? ""]]
        let entryChoices = record.history.filter { $0.kind == .entry }.map { ($0.sequence, $0) }
        func pick(_ name: String) -> [String] { values[name] ?? [] }
        let data = views.names.reference
        func select(_ name: String, _ label: String, _ options: [(String, String)], blank: Bool) -> RegisterViews.Field {
            RegisterViews.Field(
                fieldName: name, id: "ticket-\(name)", label: kit.messages.text(label, language), value: "", required: !blank,
                error: failure?.errors[name],
                options: (blank ? [.init(code: "", name: "—", selected: false)] : [])
                    + options.map { .init(code: $0.0, name: $0.1, selected: pick(name).contains($0.0)) },
                isTextarea: false, isSelect: true, isCheckboxes: false, isCheckbox: false, isInput: false, type: "", maxLength: nil)
        }
        func input(_ name: String, _ label: String, type: String, textarea: Bool = false, required: Bool = false) -> RegisterViews.Field {
            RegisterViews.Field(
                fieldName: name, id: "ticket-\(name)", label: kit.messages.text(label, language), value: pick(name).first ?? "",
                required: required, error: failure?.errors[name], options: [], isTextarea: textarea, isSelect: false,
                isCheckboxes: false, isCheckbox: false, isInput: !textarea, type: type, maxLength: textarea ? "2000" : "50")
        }
        let fields = [
            select(
                "entry", "ui.register.ticketEntry", entryChoices.map { (String($0.0), "#\($0.0) " + views.entry($0.1.name)) }, blank: true),
            select(
                "channel", "ui.new.channel",
                kind.schema.ticketChannels.map { ($0.rawValue, kit.messages.text("channel.\($0.rawValue)", language)) },
                blank: false),
            select(
                "kind", "ui.new.kind", TicketKind.allCases.map { ($0.rawValue, kit.messages.text("kind.\($0.rawValue)", language)) },
                blank: true),
            select(
                "category", "ui.new.category",
                data.categories.map { ($0.code, ($0.parent == nil ? "" : "— ") + views.names.category($0.code)) },
                blank: true),
            select("area", "ui.new.area", data.areas.map { ($0.code, views.names.area($0.code)) }, blank: true),
            input("description", "ui.new.description", type: "", textarea: true, required: true),
            input("name", "ui.new.name", type: "text"),
            input("phone", "ui.new.phone", type: "tel"),
        ]
        return TicketFormView(action: "/staff/\(kind.path)/\(record.id)/tickets", fields: fields, hasErrors: failure != nil)
    }
}
