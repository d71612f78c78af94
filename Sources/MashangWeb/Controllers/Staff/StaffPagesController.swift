import Foundation
import HTTPTypes
import Hummingbird
import MashangCore
import MashangServices

/// The staff workbench: my desk, the ticket list (with CSV export) and the ticket page with the actions the user
/// may take now. Every POST checks the session's CSRF token.
struct StaffPagesController {
    let service: TicketService
    let reference: ReferenceCache
    let kit: StaffPageKit

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get(use: desk)
        group.get("tickets", use: list)
        group.get("tickets.csv", use: csv)
        group.get("tickets/:number", use: show)
        group.get("tickets/:number/photos/:position", use: photo)
        group.post("tickets/:number/photos", use: addPhotos)
        group.post("tickets/:number/public-text", use: setPublicText)
        group.post("tickets/:number/contact", use: revealContact)
        group.post("tickets/:number/:action", use: act)
    }

    // MARK: - Desk

    @Sendable func desk(_ request: Request, context: StaffPageContext) async throws -> Response {
        let staff = context.staff
        // The security and audit administrators have no desk: they start on their own page.
        if !staff.role.seesRequests, let home = AdminHome.path(for: staff) {
            return Response(status: .seeOther, headers: [.location: home])
        }
        let mine = staff.isJointCentre || staff.role == .handler ? nil : staff.organization
        let now = service.dependencies.clock()
        let today = ChinaTime.dayString(now), soon = ChinaTime.dayString(now.addingTimeInterval(2 * 86_400))
        struct Entry {
            var key: String
            var statuses: [TicketStatus]
            var organization: String?
            var due: (filter: TicketQuery.DueFilter, parameter: String)? = nil
        }
        // What waits for this user: by role, within what the user may see.
        var working: [Entry] = [
            Entry(key: "toReply", statuses: [.inProgress], organization: mine, due: (.noOpenTasks, "none")),
            Entry(key: "dueSoon", statuses: [.inProgress], organization: mine, due: (.between(today, soon), "soon")),
            Entry(key: "overdue", statuses: [.inProgress], organization: mine, due: (.before(today), "overdue")),
            Entry(key: "inProgress", statuses: [.inProgress], organization: mine),
            Entry(key: "reopened", statuses: [.reopened], organization: mine),
        ]
        var plan: [Entry]
        switch staff.role {
        case .dispatcher, .supervisor:
            plan = [Entry(key: "toDispatch", statuses: [.received], organization: staff.organization)]
            plan.append(
                staff.isJointCentre
                    ? Entry(key: "toFollowUp", statuses: [.replied], organization: nil)
                    : Entry(key: "toSign", statuses: [.dispatched], organization: mine))
            plan += working
        case .handler:
            plan = working
        case .intake:
            plan = [
                Entry(key: "toFollowUp", statuses: [.replied], organization: nil),
                Entry(key: "toDispatch", statuses: [.received], organization: staff.organization),
            ]
        case .leader, .mediator, .assistance, .admin, .securityAdmin, .auditAdmin:
            working.removeFirst()
            plan = [Entry(key: "toSign", statuses: [.dispatched], organization: mine)] + working
        }
        let language = request.language
        var sections: [DeskView.Section] = []
        for entry in plan {
            let query = TicketQuery(
                scope: staff.scope, statuses: entry.statuses, organization: entry.organization, due: entry.due?.filter,
                oldestFirst: entry.due != nil, pageSize: 5)
            let page = try await service.list(query)
            var parameters = ["status=\(entry.statuses[0].rawValue)"]
            if let organization = entry.organization { parameters.append("organization=\(organization)") }
            if let due = entry.due { parameters += ["due=\(due.parameter)", "sort=oldest"] }
            sections.append(
                DeskView.Section(
                    key: entry.key, title: kit.messages.text("ui.desk.\(entry.key)", language),
                    count: page.totalIsLowerBound ? "\(page.total)+" : "\(page.total)",
                    tickets: page.items.map {
                        DeskView.Row(number: $0.number, received: ChinaTime.minuteString($0.receivedAt), description: $0.description)
                    },
                    allURL: "/staff/tickets?" + parameters.joined(separator: "&")))
        }
        let done = request.uri.queryParameters.get("done").flatMap(TicketAction.init(rawValue:))
        let number = request.uri.queryParameters.get("number").map { String($0.prefix(20)) } ?? ""
        let flash = done.map {
            kit.messages.text("ui.ticket.done", language, ["action": kit.messages.text("action.\($0.rawValue)", language)]) + " " + number
        }
        return kit.renderer.response("desk", DeskView(chrome: kit.chrome(request, context), flash: flash, sections: sections))
    }

    // MARK: - List

    @Sendable func list(_ request: Request, context: StaffPageContext) async throws -> Response {
        let language = request.language
        let names = Names(reference: reference.snapshot.data, language: language)
        let parameters = request.uri.queryParameters
        var errorMessage: String?
        var page = TicketPage(items: [], total: 0, totalIsLowerBound: false, page: 1, pageSize: 50)
        var query = TicketQuery(scope: context.staff.scope)
        do {
            query = try service.listQuery(parameters, for: context.staff)
            page = try await service.list(query)
        } catch let error as ValidationError {
            errorMessage = kit.fieldMessages(error, language)
        }
        let selectedStatus = parameters.get("status"), selectedCategory = parameters.get("category")
        let statuses = TicketStatus.allCases.map {
            ChoiceView(
                code: $0.rawValue, name: kit.messages.text("status.\($0.rawValue)", language), selected: $0.rawValue == selectedStatus)
        }
        let categories = reference.snapshot.data.categories.map {
            ChoiceView(code: $0.code, name: ($0.parent == nil ? "" : "— ") + names.category($0.code), selected: $0.code == selectedCategory)
        }
        let total = kit.messages.text(
            page.totalIsLowerBound ? "ui.list.totalMore" : "ui.list.total", language, ["total": String(page.total)])
        func url(page number: Int) -> String {
            var items = request.uri.queryParameters.filter { $0.key != "page" }.map { "\($0.key)=\(Self.encode(String($0.value)))" }
            items.append("page=\(number)")
            return "/staff/tickets?" + items.joined(separator: "&")
        }
        let hasMore = page.page * page.pageSize < page.total || page.totalIsLowerBound
        let csvQuery = request.uri.query.map { "?" + $0 } ?? ""
        let sent = parameters.get("view") == "sent" && context.staff.sentScope != nil
        let tabs =
            context.staff.sentScope == nil
            ? []
            : [
                TicketListView.ViewTab(name: kit.messages.text("ui.list.viewMine", language), url: "/staff/tickets", current: !sent),
                TicketListView.ViewTab(
                    name: kit.messages.text("ui.list.viewSent", language), url: "/staff/tickets?view=sent", current: sent),
            ]
        let view = TicketListView(
            chrome: kit.chrome(request, context), title: kit.messages.text(sent ? "ui.list.viewSent" : "ui.staff.tickets", language),
            tabs: tabs, hasTabs: !tabs.isEmpty, sentView: sent, statuses: statuses, categories: categories,
            dues: [("overdue", "ui.list.dueOverdue"), ("soon", "ui.list.dueSoon"), ("none", "ui.list.dueNone")].map {
                ChoiceView(code: $0.0, name: kit.messages.text($0.1, language), selected: parameters.get("due") == $0.0)
            },
            sorts: [("newest", "ui.list.newest"), ("oldest", "ui.list.oldest")].map {
                ChoiceView(code: $0.0, name: kit.messages.text($0.1, language), selected: (parameters.get("sort") ?? "newest") == $0.0)
            },
            query: parameters.get("q") ?? "",
            totalText: total, csvURL: "/staff/tickets.csv" + csvQuery,
            rows: page.items.map {
                TicketListView.Row(
                    number: $0.number, statusName: kit.messages.text("status.\($0.status.rawValue)", language),
                    received: ChinaTime.minuteString($0.receivedAt), leadName: names.organization($0.leadOrganization),
                    description: $0.description)
            },
            previousURL: page.page > 1 ? url(page: page.page - 1) : nil,
            nextURL: hasMore && !page.items.isEmpty ? url(page: page.page + 1) : nil,
            errorMessage: errorMessage)
        return kit.renderer.response("staff-tickets", view, status: errorMessage == nil ? .ok : .unprocessableContent)
    }

    /// The current filter as CSV (UTF-8 with a byte-order mark so that spreadsheet programs read the Chinese), up to
    /// 10,000 rows.
    @Sendable func csv(_ request: Request, context: StaffPageContext) async throws -> Response {
        let language = request.language
        let names = Names(reference: reference.snapshot.data, language: language)
        var query = try service.listQuery(request.uri.queryParameters, for: context.staff)
        query.pageSize = TicketQuery.maxPageSize
        var lines = [
            ["number", "status", "received", "channel", "kind", "category", "area", "organization", "department", "description"]
                .map { kit.messages.optionalText("field.\($0)", language) ?? $0 }
        ]
        lines[0][0] = kit.messages.text("ui.list.number", language)
        lines[0][2] = kit.messages.text("ui.list.received", language)
        for number in 1...50 {
            query.page = number
            let page = try await service.list(query)
            for item in page.items {
                lines.append([
                    item.number, kit.messages.text("status.\(item.status.rawValue)", language), ChinaTime.minuteString(item.receivedAt),
                    kit.messages.text("channel.\(item.channel.rawValue)", language),
                    kit.messages.text("kind.\(item.kind.rawValue)", language),
                    names.category(item.category), names.area(item.area), names.organization(item.leadOrganization),
                    names.department(item.department), item.description,
                ])
            }
            if page.items.count < query.pageSize { break }
        }
        return try await kit.auditedCSV(lines, name: "tickets", request, context)
    }

    /// Rows as a CSV download (UTF-8 with a byte-order mark so that spreadsheet programs read the Chinese), after an
    /// audit line naming the export, its row count and its filter.
    // MARK: - Ticket page

    @Sendable func show(_ request: Request, context: StaffPageContext) async throws -> Response {
        let number = try context.parameters.require("number")
        let ticket = try await service.ticket(number, for: context.staff)
        let asked = request.uri.queryParameters.get("done")
        let done = asked.flatMap(TicketAction.init(rawValue:))
        let flash =
            asked == "photos" || asked == "publicText"
            ? kit.messages.text(asked == "photos" ? "ui.ticket.photosAdded" : "ui.ticket.publicTextSaved", request.language)
            : done.map {
                kit.messages.text(
                    "ui.ticket.done", request.language, ["action": kit.messages.text("action.\($0.rawValue)", request.language)])
            }
        return try await ticketPage(ticket, request, context, flash: flash)
    }

    /// The ticket page with its photos, offering the actions the user may take now (the follow-up as the mechanism's
    /// setting allows).
    private func ticketPage(
        _ ticket: StoredTicket, _ request: Request, _ context: StaffPageContext, flash: String? = nil,
        errorMessage: String? = nil, revealed: Requester? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let photos = try await service.dependencies.stores.tickets.photos(ofTicket: ticket.state.number)
        let followUpBy =
            ticket.state.status == .replied ? try await service.dependencies.stores.figures.definitions().followUpBy : .jointCentre
        var view = TicketPageBuilder.view(
            ticket, request: request, context: context, controller: self,
            flash: flash, errorMessage: errorMessage, photos: photos,
            revealed: revealed, followUpBy: followUpBy)
        let edited = try await service.dependencies.stores.tickets.publicTexts(ofTickets: [ticket.state.number])[ticket.state.number]
        view.publicText = TicketService.publicText(ticket.state, edited: edited)
        view.publicTextEdited = edited != nil
        view.canEditPublicText = service.mayEditPublicText(context.staff, on: ticket.state)
        let language = request.language
        view.historyCheck = try await service.dependencies.stores.integrity.verifyTicket(number: ticket.state.number).map { check in
            let arguments = [
                "count": String(check.events), "head": String(check.head.prefix(12)), "problem": check.problem?.description ?? "",
            ]
            return HistoryCheck(
                verified: check.problem == nil,
                text: kit.messages.text(
                    check.problem == nil ? "ui.ticket.historyVerified" : "ui.ticket.historyBroken", language, arguments),
                head: check.head)
        }
        // Staff alerts about the ticket are on the administrators' messages page, not under "told the requester".
        view.requesterMessages = try await service.requesterMessages(ticket.state.number).map { entry in
            StaffTicketView.MessageRow(
                when: ChinaTime.minuteString(entry.createdAt), purpose: OutboxTexts.purpose(entry, kit.messages, language),
                status: OutboxTexts.status(entry, kit.messages, language), unsent: entry.status == .dead || entry.status == .withheld)
        }
        view.hasRequesterMessages = !view.requesterMessages.isEmpty
        return kit.renderer.response("staff-ticket", view, status: status)
    }

    /// "Show contact": the ticket page with the requester's phone and ID number in clear, for the handling chain;
    /// audited, and never cached.
    @Sendable func revealContact(_ request: Request, context: StaffPageContext) async throws -> Response {
        let number = try context.parameters.require("number")
        let form = try await PublicPagesController.decodeForm(CSRFForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let requester = try await service.revealContact(number, for: context.staff, from: context.clientAddress)
        let ticket = try await service.ticket(number, for: context.staff)
        var response = try await ticketPage(ticket, request, context, revealed: requester)
        response.headers[.cacheControl] = "no-store"
        return response
    }

    /// A photo of a ticket the user may see; served with its checked type and never sniffed as anything else.
    @Sendable func photo(_ request: Request, context: StaffPageContext) async throws -> Response {
        let number = try context.parameters.require("number")
        _ = try await service.ticket(number, for: context.staff)
        guard let position = context.parameters.get("position", as: Int.self),
            let photo = try await service.dependencies.stores.tickets.photo(ofTicket: number, position: position)
        else {
            throw AccessError.notFound
        }
        return PhotoResponse.make(photo, number: number, position: position, request: request)
    }

    /// Photos added on the ticket page (a multipart form with its CSRF token); the page again, with what happened.
    @Sendable func addPhotos(_ request: Request, context: StaffPageContext) async throws -> Response {
        try await pageForm(request, context, limit: Photo.maxCount * Photo.maxBytes + 64 * 1024, done: "photos") { body, number in
            _ = try await service.addPhotos(body.files["photos"] ?? [], to: number, by: context.staff, from: context.clientAddress)
        }
    }

    /// The text the public reads of the ticket, set or reset (empty) on the ticket page.
    @Sendable func setPublicText(_ request: Request, context: StaffPageContext) async throws -> Response {
        try await pageForm(request, context, limit: JSONBody.maxRequestBytes, done: "publicText#public-text") { body, number in
            let text = body.fields["reset"] == nil ? body.fields["publicText"] : nil
            try await service.setPublicText(text, on: number, by: context.staff, from: context.clientAddress)
        }
    }

    /// A ticket-page form beside the actions: its CSRF token checked, `change` made, then back to the page saying what
    /// was `done`, or the page again with the problem.
    private func pageForm(
        _ request: Request, _ context: StaffPageContext, limit: Int, done: String,
        _ change: (FormBody, String) async throws -> Void
    ) async throws -> Response {
        let number = try context.parameters.require("number")
        let body = try await FormBody.read(request, limit: limit)
        guard body.fields["_csrf"] == context.csrfToken else { throw AccessError.forbidden }
        do {
            try await change(body, number)
            return Response(status: .seeOther, headers: [.location: "/staff/tickets/\(number)?done=\(done)"])
        } catch let error as ValidationError {
            let ticket = try await service.ticket(number, for: context.staff)
            return try await ticketPage(
                ticket, request, context, errorMessage: kit.fieldMessages(error, request.language), status: .unprocessableContent)
        }
    }

    @Sendable func act(_ request: Request, context: StaffPageContext) async throws -> Response {
        let number = try context.parameters.require("number")
        guard let action = TicketAction(rawValue: try context.parameters.require("action")) else { throw AccessError.notFound }
        let form = try await PublicPagesController.decodeForm(ActionForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let language = request.language
        do {
            let command = try form.command(for: action)
            if Self.confirmed.contains(action) && form.confirm != "yes" {
                return try await confirmation(action, number, form, request, context)
            }
            let ticket = try await service.perform(command, on: number, by: context.staff, from: context.clientAddress)
            // After a send-back (or a dispatch elsewhere) the ticket may have left the user's scope: back to the desk.
            let location =
                context.staff.canView(ticket.state)
                ? "/staff/tickets/\(number)?done=\(action.rawValue)" : "/staff?done=\(action.rawValue)&number=\(number)"
            return Response(status: .seeOther, headers: [.location: location])
        } catch let error as ValidationError {
            return try await refused(number, request, context, kit.fieldMessages(error, language), .unprocessableContent)
        } catch let error as LifecycleError {
            let apiError = APIError.from(error)!
            return try await refused(number, request, context, apiError.message(language, kit.messages), .conflict)
        } catch AccessError.forbidden {
            return try await refused(number, request, context, kit.messages.text("error.forbidden", language), .forbidden)
        }
    }

    /// Actions that end a request without handling it: confirmed on a page of their own before they are carried out.
    static let confirmed: Set<TicketAction> = [.reject, .merge, .refer]

    /// "Are you sure?": what the action will do, with a form that carries it out (its fields kept) and a way back.
    private func confirmation(
        _ action: TicketAction, _ number: String, _ form: ActionForm, _ request: Request,
        _ context: StaffPageContext
    ) async throws -> Response {
        _ = try await service.ticket(number, for: context.staff)
        let language = request.language
        struct Hidden { let name, value: String }
        let fields: [Hidden] =
            switch action {
            case .merge: [Hidden(name: "into", value: (form.into ?? "").uppercased())]
            case .refer:
                [
                    Hidden(name: "body", value: form.body ?? ""), Hidden(name: "contact", value: form.contact ?? ""),
                    Hidden(name: "letter", value: form.letter ?? ""),
                ]
            default: [Hidden(name: "reason", value: form.reason ?? "")]
            }
        let values = [
            "number": number, "into": (form.into ?? "").uppercased(), "reason": form.reason ?? "", "body": form.body ?? "",
        ]
        struct ConfirmView {
            let chrome: PageChrome
            let csrf, number, action, heading, text, button: String
            let fields: [Hidden]
        }
        let view = ConfirmView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, number: number, action: action.rawValue,
            heading: kit.messages.text("ui.confirm.\(action.rawValue).heading", language),
            text: kit.messages.text("ui.confirm.\(action.rawValue).text", language, values),
            button: kit.messages.text("ui.confirm.\(action.rawValue).button", language), fields: fields)
        return kit.renderer.response("confirm-action", view)
    }

    private func refused(
        _ number: String, _ request: Request, _ context: StaffPageContext, _ message: String,
        _ status: HTTPResponse.Status
    ) async throws -> Response {
        let ticket = try await service.ticket(number, for: context.staff)
        return try await ticketPage(ticket, request, context, errorMessage: message, status: status)
    }

    // MARK: - Helpers

    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? ""
    }
}

/// The fields of every action form; each action reads the ones it needs, through the API's request bodies so that
/// the two interfaces validate alike.
struct ActionForm: Decodable {
    var _csrf: String?
    var organization: String?
    var department: String?
    var assisting: String?
    var note: String?
    var reason: String?
    var handler: String?
    var title: String?
    var responsiblePerson: String?
    var dueDate: String?
    var task: String?
    var result: String?
    var text: String?
    var contactMethod: String?
    var satisfaction: String?
    var into: String?
    var deadline: String?
    var until: String?
    var approve: String?
    var method: String?
    var pauseReason: String?
    var resumeOn: String?
    var arrived: String?
    var body: String?
    var contact: String?
    var letter: String?
    var leapfrog: String?
    var outcome: String?
    var forwardedTo: String?
    var days: String?
    var upheld: String?
    var opinion: String?
    var reviewer: String?
    /// "yes" once the user has confirmed an action that ends the request.
    var confirm: String?

    private func given(_ value: String?) -> String? { value.flatMap { $0.isEmpty ? nil : $0 } }

    func command(for action: TicketAction) throws -> TicketCommand {
        switch action {
        case .dispatch:
            return try DispatchBody(
                organization: given(organization), department: given(department),
                assisting: given(assisting).map { [$0] }, note: given(note)
            ).command()
        case .acknowledge: return .acknowledge
        case .sendBack: return try SendBackBody(reason: given(reason), note: note).command()
        case .assign: return try AssignBody(department: given(department), handler: given(handler)).command()
        case .addTask:
            return try AddTaskBody(
                title: title, department: given(department), responsiblePerson: responsiblePerson,
                dueDate: given(dueDate)
            ).command()
        case .completeTask:
            guard let id = task.flatMap(Int.init) else { throw ValidationError("task", "required") }
            return .completeTask(id: id, result: result ?? "")
        case .reply: return try ReplyBody(text: text, contactMethod: given(contactMethod)).command()
        case .followUp: return try FollowUpBody(satisfaction: given(satisfaction), note: given(note)).command()
        case .escalate: return .escalate(note: given(note))
        case .merge: return try MergeBody(into: given(into)?.uppercased()).command()
        case .reject: return .reject(reason: reason ?? "")
        case .answer: return .answer(text: text ?? "")
        case .reopen: return .reopen(reason: reason ?? "")
        case .requestExtension:
            return try RequestExtensionBody(deadline: given(deadline), until: given(until), reason: reason).command()
        case .decideExtension:
            return try DecideExtensionBody(approve: given(approve).map { $0 == "yes" }, note: given(note)).command()
        case .contact: return try ContactBody(method: given(method), note: note).command()
        case .requestPause: return try RequestPauseBody(reason: given(pauseReason), resumeOn: given(resumeOn), note: note).command()
        case .decidePause: return try DecidePauseBody(approve: given(approve).map { $0 == "yes" }, note: given(note)).command()
        case .resume: return try ResumeBody(arrived: given(arrived).map { $0 == "yes" }, note: given(note)).command()
        case .refer: return try ReferBody(body: body, contact: given(contact), letter: letter).command()
        case .registerPetition: return try RegisterPetitionBody(reason: reason, leapfrog: given(leapfrog) == "yes").command()
        case .decidePetition: return try DecidePetitionBody(outcome: given(outcome), note: note, forwardedTo: given(forwardedTo)).command()
        case .extendPetition:
            if let days = given(days), Int(days) == nil { throw ValidationError("days", "invalid") }
            return try ExtendPetitionBody(days: given(days).flatMap { Int($0) }, reason: reason).command()
        case .requestPetitionReview: return try RequestPetitionReviewBody(reason: reason).command()
        case .decidePetitionReview:
            return try DecidePetitionReviewBody(upheld: given(upheld).map { $0 == "yes" }, reviewer: reviewer, opinion: opinion).command()
        }
    }
}
