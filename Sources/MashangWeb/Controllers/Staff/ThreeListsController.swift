import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// 三清单 across tickets — the task list (任务清单), the responsibility list (责任清单) and the feedback list (反馈清单) —
/// as pages and CSV, scoped like the ticket list: each user sees the rows of the tickets they may see.
struct ThreeListsController {
    let service: TicketService
    let kit: StaffPageKit

    enum Kind: String, CaseIterable {
        case tasks, responsibilities, feedback
    }

    /// One page of a list: its header and rows as text, the first cell of each row a ticket number.
    struct Table {
        var headers: [String]
        var rows: [[String]]
        /// The standing of each row (`overdue`, `warning`…), for its colour; empty when none applies.
        var standings: [String]
        var hasMore: Bool
        var total: String
    }

    static let pageSize = 50

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        for kind in Kind.allCases {
            group.get("lists/\(kind.rawValue)") { request, context in try await page(kind, request, context) }
            group.get("lists/\(kind.rawValue).csv") { request, context in try await csv(kind, request, context) }
        }
    }

    // MARK: - Reading

    /// The rows of page `page` of a list under the request's filters; throws `ValidationError` for a bad filter.
    func table(_ kind: Kind, _ parameters: Parameters, page: Int, pageSize: Int, staff: StaffActor, language: Language) async throws
        -> Table
    {
        let data = service.dependencies.reference.snapshot.data
        let names = Names(reference: data, language: language)
        let now = service.dependencies.clock()
        func text(_ key: String) -> String { kit.messages.text(key, language) }
        var rules = FieldRules()
        var query = TicketQuery(scope: staff.scope, page: page, pageSize: pageSize)
        let organization = parameters.get("organization"), department = parameters.get("department")
        if let organization { rules.require(data.organization(organization) != nil, "organization", "unknown") }
        if let department { rules.require(data.department(department) != nil, "department", "unknown") }
        switch kind {
        case .tasks:
            // Tickets with an open task, earliest due first. A task's department narrows to that department's tickets
            // where the user sees all of them (the joint centre, or its own organisation's department).
            let today = ChinaTime.dayString(now), soon = ChinaTime.dayString(now.addingTimeInterval(2 * 86_400))
            query.statuses = [.inProgress]
            query.dueFirst = true
            // Tickets are chosen by their earliest open task; the tasks shown are those due in the chosen days.
            var dueFrom: String?, dueTo: String?
            switch parameters.get("due") {
            case nil: query.due = .between("0000-00-00", "9999-12-31")
            case "overdue": query.due = .before(today); dueTo = ChinaTime.dayString(now.addingTimeInterval(-86_400))
            case "soon": query.due = .between("0000-00-00", soon); dueFrom = today; dueTo = soon
            default: rules.add("due", "invalid")
            }
            if let department, let owner = data.department(department)?.organization,
                staff.scope == .all || staff.scope == .organization(owner)
            {
                query.scope = .department(department)
            }
            try rules.check()
            let found = try await service.list(query)
            let tickets = try await loaded(found.items.map(\.number))
            let calendar = service.dependencies.calendar.snapshot
            let rows = tickets.flatMap { ticket in
                ThreeLists.tasks(
                    of: ticket, deadlines: calendar.deadlines(of: ticket), at: now, department: department,
                    dueFrom: dueFrom, dueTo: dueTo)
            }
            return Table(
                headers: headers(kind, language),
                rows: rows.map { row in
                    [
                        row.number, row.task.title,
                        [names.organization(row.organization), names.department(row.task.department)].joined(separator: " · "),
                        row.task.responsiblePerson, row.task.dueDate, text("deadline.standing.\(row.standing.rawValue)"),
                    ]
                },
                standings: rows.map(\.standing.rawValue), hasMore: more(found), total: total(found, language))
        case .responsibilities:
            query.statuses = [.dispatched, .inProgress, .reopened, .replied]
            if let status = parameters.get("status") {
                let chosen = TicketStatus(rawValue: status)
                rules.require(chosen.map(query.statuses.contains) ?? false, "status", "invalid")
                if let chosen { query.statuses = [chosen] }
            }
            query.organization = organization
            query.department = department
            try rules.check()
            let found = try await service.list(query)
            let calendar = service.dependencies.calendar.snapshot
            let rows = try await loaded(found.items.map(\.number)).map {
                ThreeLists.responsibility(of: $0, deadlines: calendar.deadlines(of: $0), at: now)
            }
            return Table(
                headers: headers(kind, language),
                rows: rows.map { row in
                    [
                        row.number, text("status.\(row.status.rawValue)"), names.category(row.category),
                        names.organization(row.leadOrganization),
                        names.department(row.department), row.handler ?? "",
                        row.assisting.map { names.organization($0) }.joined(separator: "、"),
                        String(row.openTasks),
                        row.resolveDue.map {
                            ChinaTime.minuteString($0) + " · " + text("deadline.standing.\(row.resolveStanding!.rawValue)")
                        } ?? "",
                    ]
                },
                standings: rows.map { $0.resolveStanding?.rawValue ?? "" }, hasMore: more(found), total: total(found, language))
        case .feedback:
            var stages = ThreeLists.FeedbackStage.allCases
            if let stage = parameters.get("stage") {
                let chosen = ThreeLists.FeedbackStage(rawValue: stage)
                rules.require(chosen != nil, "stage", "invalid")
                if let chosen { stages = [chosen] }
            }
            query.statuses = stages.flatMap(\.statuses)
            query.organization = organization
            try rules.check()
            let found = try await service.list(query)
            let rows = try await loaded(found.items.map(\.number)).compactMap(ThreeLists.feedback(of:))
            return Table(
                headers: headers(kind, language),
                rows: rows.map { row in
                    let reply = row.reply.map { $0.text + " (" + text("contact.\($0.contactMethod.rawValue)") + ")" } ?? row.answer ?? ""
                    let rating =
                        row.followUp.map { followUp in
                            [
                                text("satisfaction.\(followUp.satisfaction.rawValue)"),
                                followUp.selfRecorded ? text("ui.ticket.selfRecorded") : nil,
                                followUp.note,
                            ].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
                        } ?? ""
                    return [
                        row.number, text("ui.lists.stage.\(row.stage.rawValue)"), names.organization(row.leadOrganization),
                        row.repliedAt.map(ChinaTime.minuteString) ?? "", reply, rating, row.closedAt.map(ChinaTime.minuteString) ?? "",
                    ]
                },
                standings: rows.map { $0.stage == .awaitingReply ? "" : $0.stage.rawValue }, hasMore: more(found),
                total: total(found, language))
        }
    }

    /// The column names of a list, the ticket number first.
    func headers(_ kind: Kind, _ language: Language) -> [String] {
        let keys =
            switch kind {
            case .tasks:
                ["ui.list.number", "ui.lists.task", "ui.lists.unit", "field.responsiblePerson", "field.dueDate", "ui.lists.standing"]
            case .responsibilities:
                [
                    "ui.list.number", "ui.list.status", "field.category", "ui.lists.lead", "field.department", "ui.lists.handler",
                    "field.assisting", "ui.lists.openTasks", "ui.lists.resolveDue",
                ]
            case .feedback:
                [
                    "ui.list.number", "ui.lists.stage", "ui.lists.lead", "ui.lists.repliedAt", "ui.lists.reply", "ui.lists.rating",
                    "ui.lists.closedAt",
                ]
            }
        return keys.map { kit.messages.text($0, language) }
    }

    private func loaded(_ numbers: [String]) async throws -> [StoredTicket] {
        let tickets = try await service.dependencies.stores.tickets.tickets(numbers: numbers)
        let byNumber = Dictionary(tickets.map { ($0.state.number, $0) }, uniquingKeysWith: { first, _ in first })
        return numbers.compactMap { byNumber[$0] }
    }

    private func more(_ page: TicketPage) -> Bool {
        !page.items.isEmpty && (page.page * page.pageSize < page.total || page.totalIsLowerBound)
    }

    private func total(_ page: TicketPage, _ language: Language) -> String {
        kit.messages.text(page.totalIsLowerBound ? "ui.lists.ticketsMore" : "ui.lists.tickets", language, ["total": String(page.total)])
    }

    // MARK: - Page and CSV

    struct ListView {
        struct Tab { let name, url: String; let current: Bool }
        struct Filter { let id, label, anyLabel: String; let options: [ChoiceView] }
        struct Row { let number: String; let cells: [String]; let standing: String }
        let chrome: PageChrome
        let title, definition, path: String
        let tabs: [Tab]
        let filters: [Filter]
        let headers: [String]
        let rows: [Row]
        let none: Bool
        let totalText, csvURL: String
        let previousURL, nextURL, errorMessage: String?
    }

    func page(_ kind: Kind, _ request: Request, _ context: StaffPageContext) async throws -> Response {
        let language = request.language, parameters = request.uri.queryParameters
        let number = parameters.get("page").flatMap(Int.init) ?? 1
        var errorMessage: String?
        var table = Table(headers: headers(kind, language), rows: [], standings: [], hasMore: false, total: "")
        do {
            guard (1...100_000).contains(number), parameters.get("page").map({ Int($0) != nil }) ?? true else {
                throw ValidationError([.init("page", "invalid")])
            }
            table = try await self.table(kind, parameters, page: number, pageSize: Self.pageSize, staff: context.staff, language: language)
        } catch let error as ValidationError {
            errorMessage = kit.fieldMessages(error, language)
        }
        let path = "/staff/lists/\(kind.rawValue)"
        func url(page: Int) -> String {
            var items = parameters.filter { $0.key != "page" }.map { "\($0.key)=\(StaffPagesController.encode(String($0.value)))" }
            items.append("page=\(page)")
            return path + "?" + items.joined(separator: "&")
        }
        let view = ListView(
            chrome: kit.chrome(request, context), title: kit.messages.text("ui.lists.\(kind.rawValue)", language),
            definition: kit.messages.text("ui.lists.\(kind.rawValue).definition", language), path: path,
            tabs: Kind.allCases.map {
                ListView.Tab(
                    name: kit.messages.text("ui.lists.\($0.rawValue)", language), url: "/staff/lists/\($0.rawValue)", current: $0 == kind)
            },
            filters: filters(kind, parameters, context.staff, language), headers: table.headers,
            rows: zip(table.rows, table.standings).map { ListView.Row(number: $0.0[0], cells: Array($0.0.dropFirst()), standing: $0.1) },
            none: table.rows.isEmpty, totalText: table.total, csvURL: path + ".csv" + (request.uri.query.map { "?" + $0 } ?? ""),
            previousURL: number > 1 && errorMessage == nil ? url(page: number - 1) : nil,
            nextURL: table.hasMore ? url(page: number + 1) : nil,
            errorMessage: errorMessage)
        return kit.renderer.response("three-lists", view, status: errorMessage == nil ? .ok : .unprocessableContent)
    }

    /// The filters each list offers, with the request's choices selected; an empty choice means any.
    private func filters(_ kind: Kind, _ parameters: Parameters, _ staff: StaffActor, _ language: Language) -> [ListView.Filter] {
        let data = service.dependencies.reference.snapshot.data
        let names = Names(reference: data, language: language)
        func t(_ key: String) -> String { kit.messages.text(key, language) }
        func filter(_ id: String, _ label: String, _ choices: [(String, String)]) -> ListView.Filter {
            ListView.Filter(
                id: id, label: t(label), anyLabel: t("ui.lists.any"),
                options: choices.map { ChoiceView(code: $0.0, name: $0.1, selected: parameters.get(id) == $0.0) })
        }
        // Only the units the user can see work of: every unit for the joint centre, its own otherwise.
        let organizations = data.organizations.filter { staff.isJointCentre || $0.code == staff.organization }
        let departments = data.departments.filter { department in
            staff.isJointCentre
                || (staff.role == .handler ? department.code == staff.department : department.organization == staff.organization)
        }
        let organizationFilter = filter("organization", "ui.lists.lead", organizations.map { ($0.code, names.organization($0.code)) })
        let departmentFilter = filter("department", "field.department", departments.map { ($0.code, names.department($0.code)) })
        switch kind {
        case .tasks:
            return [
                departmentFilter,
                filter("due", "field.due", [("overdue", t("ui.list.dueOverdue")), ("soon", t("ui.list.dueSoon"))]),
            ]
        case .responsibilities:
            return [
                organizationFilter, departmentFilter,
                filter(
                    "status", "ui.list.status",
                    [TicketStatus.dispatched, .inProgress, .reopened, .replied].map { ($0.rawValue, t("status.\($0.rawValue)")) }),
            ]
        case .feedback:
            return [
                filter(
                    "stage", "ui.lists.stage", ThreeLists.FeedbackStage.allCases.map { ($0.rawValue, t("ui.lists.stage.\($0.rawValue)")) }),
                organizationFilter,
            ]
        }
    }

    /// The filtered list as CSV (UTF-8 with a byte-order mark), up to 10,000 tickets' rows; audited like the ticket CSV.
    func csv(_ kind: Kind, _ request: Request, _ context: StaffPageContext) async throws -> Response {
        let language = request.language
        var lines: [[String]] = []
        for number in 1...50 {
            let table = try await self.table(
                kind, request.uri.queryParameters, page: number, pageSize: 200, staff: context.staff, language: language)
            if lines.isEmpty { lines.append(table.headers) }
            lines += table.rows
            if !table.hasMore { break }
        }
        return try await kit.auditedCSV(lines, name: "lists/\(kind.rawValue)", request, context)
    }
}
