import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// 共性问题 (源头治理): a hotspot turned into one task for one responsible unit, whose answer reaches every requester of
/// the cluster. Pages under `/staff/common-issues`, JSON under `/api/v1/common-issues`.
struct CommonIssuesController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(pages group: RouterGroup<StaffPageContext>, api: RouterGroup<StaffRequestContext>) {
        group.get("common-issues", use: listPage)
        group.post("common-issues", use: createFromForm)
        group.get("common-issues/:id", use: showPage)
        group.post("common-issues/:id/answer", use: answerFromForm)
        api.get("common-issues", use: listJSON)
        api.post("common-issues", use: createFromJSON)
        api.get("common-issues/:id", use: showJSON)
        api.post("common-issues/:id/answer", use: answerFromJSON)
    }

    private var store: any CommonIssueStore { dependencies.stores.commonIssues }

    // MARK: - Operations shared by pages and API

    func create(_ draft: CommonIssueDraft, by staff: StaffActor, address: String) async throws -> CommonIssue {
        guard CommonIssuePolicy.mayCreate(staff) else { throw AccessError.forbidden }
        let draft = try draft.validated(reference: dependencies.reference.snapshot.data)
        let issue = try await store.create(draft, by: staff.eventActor, at: dependencies.clock()) { ticket in
            staff.canView(ticket.state) && CommonIssueDraft.mayJoin(ticket.state)
        }
        try await Auditor(dependencies: dependencies).record(
            "commonIssue.create", by: staff, subject: String(issue.id), address: address,
            detail: "\(issue.tickets.count) tickets to \(issue.organization)")
        return issue
    }

    func answer(_ id: Int64, text: String?, by staff: StaffActor, address: String) async throws -> (CommonIssue, replied: [String]) {
        let issue = try await visibleIssue(id, for: staff)
        guard CommonIssuePolicy.mayAnswer(staff, issue) else { throw AccessError.forbidden }
        var rules = FieldRules()
        let text = rules.text(text, "text", max: 2000)
        try rules.check()
        let result = try await store.answer(id, text: text!, by: staff.eventActor, at: dependencies.clock())
        try await Auditor(dependencies: dependencies).record(
            "commonIssue.answer", by: staff, subject: String(id), address: address,
            detail: "replied to \(result.replied.count) tickets")
        return result
    }

    /// The issue if the user may see it; otherwise not found (as for tickets out of reach).
    func visibleIssue(_ id: Int64, for staff: StaffActor) async throws -> CommonIssue {
        guard let issue = try await store.issue(id), CommonIssuePolicy.mayView(staff, issue) else { throw AccessError.notFound }
        return issue
    }

    func issues(for staff: StaffActor) async throws -> [CommonIssue] {
        try await store.issues(organization: staff.isJointCentre ? nil : staff.organization, from: .distantPast, before: .distantFuture)
    }

    static func id(_ context: some RequestContext) throws -> Int64 {
        guard let id = context.parameters.get("id").flatMap(Int64.init), id > 0 else { throw AccessError.notFound }
        return id
    }

    // MARK: - Pages

    struct CreateForm: Decodable {
        var _csrf: String?
        var title: String?
        var organization: String?
        var department: String?
        /// Ticket numbers separated by spaces.
        var tickets: String?
    }

    @Sendable func createFromForm(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await PublicPagesController.decodeForm(CreateForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let draft = CommonIssueDraft(
            title: form.title ?? "", organization: form.organization ?? "",
            department: form.department.flatMap { $0.isEmpty ? nil : $0 },
            tickets: (form.tickets ?? "").split(whereSeparator: \.isWhitespace).map(String.init))
        let issue = try await create(draft, by: context.staff, address: context.clientAddress)
        return Response(status: .seeOther, headers: [.location: "/staff/common-issues/\(issue.id)"])
    }

    @Sendable func answerFromForm(_ request: Request, context: StaffPageContext) async throws -> Response {
        struct AnswerForm: Decodable { var _csrf: String?; var text: String? }
        let form = try await PublicPagesController.decodeForm(AnswerForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        let id = try Self.id(context)
        _ = try await answer(id, text: form.text, by: context.staff, address: context.clientAddress)
        return Response(status: .seeOther, headers: [.location: "/staff/common-issues/\(id)?answered=1"])
    }

    struct Summary {
        let id, title, place, category, organization, status, created, count: String
        let answered: Bool
    }

    func summary(_ issue: CommonIssue, _ names: Names, _ language: Language) -> Summary {
        Summary(
            id: String(issue.id), title: issue.title, place: names.area(issue.area), category: names.category(issue.category),
            organization: names.organization(issue.organization) + (issue.department.map { " · " + names.department($0) } ?? ""),
            status: kit.messages.text("ui.commonIssue.status.\(issue.status.rawValue)", language),
            created: ChinaTime.minuteString(issue.createdAt),
            count: String(issue.tickets.count), answered: issue.status == .answered)
    }

    @Sendable func listPage(_ request: Request, context: StaffPageContext) async throws -> Response {
        let names = Names(reference: dependencies.reference.snapshot.data, language: request.language)
        let issues = try await issues(for: context.staff)
        struct ListView {
            let chrome: PageChrome
            let issues: [Summary]
            let none: Bool
        }
        let view = ListView(
            chrome: kit.chrome(request, context), issues: issues.map { summary($0, names, request.language) }, none: issues.isEmpty)
        return kit.renderer.response("common-issues", view)
    }

    @Sendable func showPage(_ request: Request, context: StaffPageContext) async throws -> Response {
        let language = request.language
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let issue = try await visibleIssue(try Self.id(context), for: context.staff)
        let tickets = try await dependencies.stores.tickets.loadStates(numbers: issue.tickets)
        struct Member { let number, status, received, description: String; let reachable: Bool }
        struct IssueView {
            let chrome: PageChrome
            let csrf: String
            let issue: Summary
            let answer, answeredAt: String?
            let members: [Member]
            let mayAnswer, justAnswered: Bool
        }
        let view = IssueView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, issue: summary(issue, names, language), answer: issue.answer,
            answeredAt: issue.answeredAt.map(ChinaTime.minuteString),
            members: tickets.map { state in
                Member(
                    number: state.number, status: kit.messages.text("status.\(state.status.rawValue)", language),
                    received: ChinaTime.minuteString(state.receivedAt), description: state.description,
                    reachable: context.staff.canView(state))
            }, mayAnswer: issue.status == .open && CommonIssuePolicy.mayAnswer(context.staff, issue),
            justAnswered: request.uri.queryParameters.get("answered") == "1")
        return kit.renderer.response("common-issue", view)
    }

    // MARK: - API

    struct CreateBody: Decodable {
        var title: String
        var organization: String
        var department: String?
        var tickets: [String]
    }

    @Sendable func createFromJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        let body = try await JSONBody.decode(CreateBody.self, from: request)
        let issue = try await create(
            CommonIssueDraft(
                title: body.title, organization: body.organization, department: body.department,
                tickets: body.tickets), by: context.staff, address: context.clientAddress)
        return JSONBody.response(issue, status: .created)
    }

    @Sendable func answerFromJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        struct AnswerBody: Decodable { var text: String }
        let body = try await JSONBody.decode(AnswerBody.self, from: request)
        let (issue, replied) = try await answer(try Self.id(context), text: body.text, by: context.staff, address: context.clientAddress)
        struct Body: Encodable { var issue: CommonIssue; var replied: [String] }
        return JSONBody.response(Body(issue: issue, replied: replied))
    }

    @Sendable func listJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        struct Body: Encodable { var issues: [CommonIssue] }
        return JSONBody.response(Body(issues: try await issues(for: context.staff)))
    }

    @Sendable func showJSON(_ request: Request, context: StaffRequestContext) async throws -> Response {
        JSONBody.response(try await visibleIssue(try Self.id(context), for: context.staff))
    }
}
