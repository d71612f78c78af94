import Foundation
import Hummingbird
import Logging
import MashangCore
import MashangServices

/// Open311 GeoReport v2 at `/open311/v2/`: discovery, services, service definitions, creating a request (with an
/// organisation's API key, channel `api`), tokens, one request and lists — each as `.xml` and `.json`, with the
/// specification's envelopes, element names, W3C dates and `errors/error` bodies (400, 403, 404). Reads need no
/// key and show what is public; a key shows its organisation's tickets in full (never contacts).
struct Open311Controller {
    let dependencies: AppDependencies
    let service: TicketService
    let messages: Messages
    /// When set, a `jurisdiction_id` other than this one is "not found".
    let jurisdiction: String?
    let publicURL: String

    /// The date this interface last changed, as discovery reports it.
    static let changeset = "2026-11-27T00:00:00+08:00"
    static let defaultSpan: TimeInterval = 90 * 86_400
    static let maxPageSize = TicketQuery.maxBulkPageSize
    static let maxIdentifiers = 100

    func addRoutes(to router: Router<AppRequestContext>) {
        let group = router.group("open311/v2")
        for format in [Open311Format.xml, .json] {
            let suffix = "." + format.rawValue
            group.get("discovery\(suffix)") { request, context in await answer(request, context, format) { discovery() } }
            group.get("services\(suffix)") { request, context in
                await answer(request, context, format) { try services(request) }
            }
            // PyPI's open311 client asks for a definition at the singular path; both answer alike.
            for path in ["services", "service"] {
                group.get("\(path)/{code}\(suffix)") { request, context in
                    await answer(request, context, format) { try definition(request, code: context.parameters.get("code") ?? "") }
                }
            }
            group.post("requests\(suffix)") { request, context in
                await answer(request, context, format) { try await create(request, context) }
            }
            group.get("requests\(suffix)") { request, context in
                await answer(request, context, format) { try await list(request) }
            }
            group.get("requests/{id}\(suffix)") { request, context in
                await answer(request, context, format) { try await one(request, number: context.parameters.get("id") ?? "") }
            }
            group.get("tokens/{token}\(suffix)") { request, context in
                await answer(request, context, format) { try await token(request, context.parameters.get("token") ?? "") }
            }
        }
        // Signed photo links (`media_url`), fetched without a key while they last.
        group.get("media/{number}/{position}") { request, context in
            try await Open311Media(stores: dependencies.stores, publicURL: publicURL).serve(
                request, number: context.parameters.get("number") ?? "", position: context.parameters.get("position", as: Int.self) ?? 0,
                now: dependencies.clock())
        }
        let unknown: @Sendable (Request, AppRequestContext) async throws -> Response = { request, _ in
            Open311Failure(.notFound, messages.text("open311.unknownResource", request.language)).document
                .response(request.uri.path.hasSuffix(".json") ? .json : .xml, status: .notFound)
        }
        group.get("**", use: unknown)
        group.post("**", use: unknown)
    }

    // MARK: Answers and failures

    private func answer(
        _ request: Request, _ context: AppRequestContext, _ format: Open311Format, _ build: () async throws -> Open311Document
    ) async -> Response {
        do {
            return try await build().response(format)
        } catch let failure as Open311Failure {
            return failure.document.response(format, status: failure.status)
        } catch let error as ValidationError {
            return invalid(error.fields, request).document.response(format, status: .badRequest)
        } catch let error as TooManyRequests {
            var response = Open311Failure(
                .tooManyRequests, messages.text("error.tooMany", request.language, ["seconds": String(error.retryAfter)])
            )
            .document.response(format, status: .tooManyRequests)
            response.headers[.retryAfter] = String(error.retryAfter)
            return response
        } catch {
            // The request's own logger, so that the line carries its request id.
            context.logger.error("open311 failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            var response = Open311Failure(.serviceUnavailable, messages.text("open311.unavailable", request.language)).document
                .response(format, status: .serviceUnavailable)
            response.headers[.retryAfter] = "5"
            return response
        }
    }

    /// Every bad parameter as one error, named as the client sent it.
    private func invalid(_ fields: [ValidationError.Field], _ request: Request, category: String? = nil) -> Open311Failure {
        let language = request.language
        let questions = category.map { dependencies.reference.snapshot.data.questions(for: $0) } ?? []
        var seen: Set<String> = []
        let errors = fields.compactMap { field -> (code: String, description: String)? in
            let name = Open311Submission.parameterName(field.name)
            guard seen.insert(name + field.problem).inserted else { return nil }
            let attribute = name.hasPrefix("attribute[") ? String(name.dropFirst(10).dropLast()) : nil
            let label =
                attribute.flatMap { code in questions.first { $0.code == code }.map { language == .en ? $0.promptEn : $0.prompt } }
                ?? messages.optionalText("open311.field.\(name)", language)
                ?? messages.optionalText("field.\(field.name)", language) ?? name
            return ("400", messages.problem(field, label: label, language) + " (\(name))")
        }
        return Open311Failure(.badRequest, errors)
    }

    private func parameters(_ request: Request, body: FormBody? = nil) -> [String: [String]] {
        var all: [String: [String]] = [:]
        for (name, value) in request.uri.queryParameters { all[String(name), default: []].append(String(value)) }
        for (name, values) in body?.lists ?? [:] { all[name, default: []].append(contentsOf: values) }
        return all
    }

    private func checkJurisdiction(_ parameters: [String: [String]], _ request: Request) throws {
        guard let given = parameters["jurisdiction_id"]?.last, !given.isEmpty, let jurisdiction else { return }
        if given != jurisdiction {
            throw Open311Failure(.notFound, messages.text("open311.unknownJurisdiction", request.language, ["id": given]))
        }
    }

    /// The key a request carries: nil when none is given; 403 when it is unknown or revoked.
    private func key(_ parameters: [String: [String]], _ request: Request, required: Bool) async throws -> ApiKey? {
        guard let given = parameters["api_key"]?.last, !given.isEmpty else {
            if required { throw Open311Failure(.forbidden, messages.text("open311.keyMissing", request.language)) }
            return nil
        }
        guard given.count <= 200, let key = try await dependencies.stores.apiKeys.activeKey(digest: TokenDigest.of(given)) else {
            throw Open311Failure(.forbidden, messages.text("open311.keyInvalid", request.language))
        }
        try await dependencies.stores.apiKeys.markUsed(key, at: dependencies.clock())
        return key
    }

    /// What a key's organisation may see: a supervisor's view of that organisation (everything for the joint centre).
    private func actor(for key: ApiKey) -> StaffActor {
        let kind = dependencies.reference.snapshot.data.organization(key.organization)?.kind ?? .enterprise
        return StaffActor(
            username: "api:" + key.name, organization: key.organization, organizationKind: kind, role: .supervisor,
            department: nil)
    }

    private func views(_ request: Request) -> Open311Views {
        let snapshot = dependencies.reference.snapshot
        return Open311Views(reference: snapshot.data, rules: snapshot.rules, language: request.language, messages: messages)
    }

    // MARK: Resources

    private func discovery() -> Open311Document {
        Open311Document(
            root: "discovery",
            body: .object([
                ("changeset", .text(Self.changeset)),
                ("contact", .text(messages.text("open311.contact", .zhHans))),
                ("key_service", .text(messages.text("open311.keyService", .zhHans, ["url": publicURL + "/staff/admin/api-keys"]))),
                (
                    "endpoints",
                    .list(
                        item: "endpoint",
                        [
                            .object([
                                ("specification", .text("http://wiki.open311.org/GeoReport_v2")),
                                ("url", .text(publicURL + "/open311/v2")),
                                ("changeset", .text(Self.changeset)),
                                ("type", .text("production")),
                                ("formats", .list(item: "format", [.text("text/xml"), .text("application/json")])),
                            ])
                        ])
                ),
            ]))
    }

    private func services(_ request: Request) throws -> Open311Document {
        try checkJurisdiction(parameters(request), request)
        return Open311Document(root: "services", body: views(request).services())
    }

    private func serviceCategory(_ code: String, _ request: Request) throws -> Category {
        guard let category = views(request).serviceCategories.first(where: { $0.code == code }) else {
            throw Open311Failure(.notFound, messages.text("open311.unknownService", request.language, ["code": code]))
        }
        return category
    }

    private func definition(_ request: Request, code: String) throws -> Open311Document {
        try checkJurisdiction(parameters(request), request)
        return Open311Document(root: "service_definition", body: views(request).definition(try serviceCategory(code, request)))
    }

    private func create(_ request: Request, _ context: AppRequestContext) async throws -> Open311Document {
        let body = try await FormBody.read(request, limit: JSONBody.maxRequestBytes)
        let parameters = parameters(request, body: body)
        try checkJurisdiction(parameters, request)
        let key = try await key(parameters, request, required: true)!
        guard let code = parameters["service_code"]?.last, !code.isEmpty else {
            throw invalid([.init("service_code", "required")], request)
        }
        let category = try serviceCategory(code, request)
        let reference = dependencies.reference.snapshot
        let submission = Open311Submission(parameters: parameters, category: category.code, reference: reference.data)
        let source = IntakeSource.integration(organization: key.organization, client: key.name)
        if !submission.problems.isEmpty {
            // Name every problem at once: the intake's own checks too.
            var problems = submission.problems
            do {
                _ = try IntakeValidator.validate(
                    submission.request, source: source, reference: reference.data, rules: reference.rules,
                    trackingCode: nil)
            } catch {
                problems += error.fields
            }
            throw invalid(problems, request, category: category.code)
        }
        let idempotencyKey = try IdempotencyKey.scoped(request, scope: "open311")
        try await service.checkPhoneLimit(submission.request.requester?.phone)
        let created: CreatedTicket
        do {
            created = try await service.create(submission.request, source: source, idempotencyKey: idempotencyKey)
        } catch let error as ValidationError {
            throw invalid(error.fields, request, category: category.code)
        }
        let state = created.ticket.state
        let notice = messages.text(
            "open311.notice", request.language,
            [
                "number": state.number,
                "organization": Names(reference: reference.data, language: request.language).organization(state.leadOrganization),
                "url": publicURL + "/track",
            ])
        return Open311Document(
            root: "service_requests",
            body: .list(
                item: "request",
                [
                    .object([
                        ("service_request_id", .text(state.number)), ("service_notice", .text(notice)), ("account_id", .text(nil)),
                    ])
                ]))
    }

    private func one(_ request: Request, number: String) async throws -> Open311Document {
        let parameters = parameters(request)
        try checkJurisdiction(parameters, request)
        let actor = try await key(parameters, request, required: false).map(actor(for:))
        let tickets = try await visible([number.uppercased()], actor: actor)
        guard !tickets.isEmpty else {
            throw Open311Failure(.notFound, messages.text("open311.unknownRequest", request.language, ["id": number]))
        }
        return try await requests(tickets, actor: actor, request: request, parameters: parameters)
    }

    /// The tickets with these numbers that may be shown: in the key's scope, or public by their channel.
    private func visible(_ numbers: [String], actor: StaffActor?) async throws -> [StoredTicket] {
        try await dependencies.stores.tickets.tickets(numbers: numbers).filter { ticket in
            actor?.canView(ticket.state) ?? false || Open311Views.publicChannels.contains(ticket.state.channel)
        }
    }

    private func requests(
        _ tickets: [StoredTicket], actor: StaffActor?, request: Request,
        parameters: [String: [String]]
    ) async throws -> Open311Document {
        let extensions = parameters["extensions"]?.last == "true"
        let views = views(request)
        let media = Open311Media(stores: dependencies.stores, publicURL: publicURL), now = dependencies.clock()
        let edited = try await dependencies.stores.tickets.publicTexts(
            ofTickets: tickets.filter { !(actor?.canView($0.state) ?? false) }.map(\.state.number))
        var items: [Open311Node] = []
        for ticket in tickets {
            let detailed = actor?.canView(ticket.state) ?? false
            // Photos may show people and homes: linked only for a key whose organisation may see the ticket.
            let first = detailed ? try await dependencies.stores.tickets.photos(ofTicket: ticket.state.number).first : nil
            items.append(
                views.request(
                    ticket, detailed: detailed, extensions: extensions, publicText: edited[ticket.state.number],
                    mediaURL: first.map { media.url(number: ticket.state.number, position: $0.position, now: now) }))
        }
        return Open311Document(root: "service_requests", body: .list(item: "request", items))
    }

    private func list(_ request: Request) async throws -> Open311Document {
        let parameters = parameters(request)
        try checkJurisdiction(parameters, request)
        let actor = try await key(parameters, request, required: false).map(actor(for:))
        func values(_ name: String) -> [String] {
            (parameters[name] ?? []).flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        let identifiers = values("service_request_id")
        if !identifiers.isEmpty {
            // The specification: a list of identifiers overrides every other argument.
            guard identifiers.count <= Self.maxIdentifiers else { throw invalid([.init("service_request_id", "tooMany")], request) }
            let tickets = try await visible(identifiers.map { $0.uppercased() }, actor: actor)
            return try await requests(tickets, actor: actor, request: request, parameters: parameters)
        }
        var query = try listQuery(parameters, values: values, request: request)
        if let actor { query.scope = actor.scope } else { query.channels = Open311Views.publicChannels }
        let page = try await service.list(query)
        let tickets = try await dependencies.stores.tickets.tickets(numbers: page.items.map(\.number))
        return try await requests(tickets, actor: actor, request: request, parameters: parameters)
    }

    /// The specification's filters (service codes, statuses, a span of at most 90 days, the last 90 days by
    /// default) and the pagination extension (`page`, `page_size`, at most 1,000, the default).
    private func listQuery(_ parameters: [String: [String]], values: (String) -> [String], request: Request) throws -> TicketQuery {
        var rules = FieldRules()
        let data = dependencies.reference.snapshot.data
        let codes = values("service_code")
        for code in codes where data.category(code) == nil { rules.add("service_code", "unknown") }
        var statuses: [TicketStatus] = []
        for status in values("status") {
            switch status {
            case "open": statuses += TicketStatus.allCases.filter(\.isOpen)
            case "closed": statuses += TicketStatus.allCases.filter { !$0.isOpen }
            default: rules.add("status", "invalid")
            }
        }
        func date(_ name: String) -> Date? {
            guard let text = parameters[name]?.last, !text.isEmpty else { return nil }
            guard let date = W3CDateTime.parse(text) else {
                rules.add(name, "invalid")
                return nil
            }
            return date
        }
        let start = date("start_date"), end = date("end_date")
        let now = dependencies.clock()
        let upper = end ?? start.map { $0.addingTimeInterval(Self.defaultSpan) } ?? now
        let lower = start ?? upper.addingTimeInterval(-Self.defaultSpan)
        if lower > upper || upper.timeIntervalSince(lower) > Self.defaultSpan { rules.add("end_date", "invalid") }
        func number(_ name: String, default fallback: Int, range: ClosedRange<Int>) -> Int {
            guard let text = parameters[name]?.last, !text.isEmpty else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                rules.add(name, "invalid")
                return fallback
            }
            return value
        }
        let page = number("page", default: 1, range: 1...100_000)
        let pageSize = number("page_size", default: Self.maxPageSize, range: 1...Self.maxPageSize)
        if !rules.problems.isEmpty { throw invalid(rules.problems, request) }
        return TicketQuery(
            statuses: Array(Set(statuses)).sorted { $0.rawValue < $1.rawValue },
            categories: codes.isEmpty ? nil : codes.flatMap { data.categoryTree.subtree(of: $0) },
            receivedFrom: lower, receivedBefore: upper.addingTimeInterval(0.001), page: page, pageSize: pageSize)
    }

    private func token(_ request: Request, _ token: String) async throws -> Open311Document {
        try checkJurisdiction(parameters(request), request)
        guard (1...200).contains(token.count),
            let number = try await dependencies.stores.tickets.ticketNumber(idempotencyKey: "open311:" + token)
        else {
            throw Open311Failure(.notFound, messages.text("open311.unknownToken", request.language))
        }
        return Open311Document(
            root: "service_requests",
            body: .list(
                item: "request",
                [
                    .object([
                        ("service_request_id", .text(number)), ("token", .text(token)),
                    ])
                ]))
    }
}
