import Foundation
import MashangCore
import MashangServices

/// Mashang's reference data and tickets in GeoReport v2's shapes, in the request's language.
struct Open311Views {
    let reference: ReferenceData
    let rules: DispatchRuleSet
    let language: Language
    let messages: Messages

    private var names: Names { Names(reference: reference, language: language) }
    private func text(_ key: String, _ arguments: [String: String] = [:]) -> String { messages.text(key, language, arguments) }

    /// Open311 statuses: a ticket is `open` until it is closed, rejected or merged.
    static func status(_ status: TicketStatus) -> String { status.isOpen ? "open" : "closed" }

    /// Channels whose tickets Open311 shows without a key: the ones residents use. Sentiment reports, home visits
    /// and the legal reception day carry internal or legal matters and are left out.
    static let publicChannels: [Channel] = [.qr, .hotline, .walkIn, .web, .api]

    // MARK: Services

    /// Categories people choose from: those without subcategories.
    var serviceCategories: [Category] {
        reference.categories.filter { reference.categoryTree.subtree(of: $0.code).count == 1 }
    }

    func services() -> Open311Node {
        .list(item: "service", serviceCategories.map(service))
    }

    private func service(_ category: Category) -> Open311Node {
        let lineage = reference.categoryTree.lineage(of: category.code)
        let root = lineage.last ?? category.code
        var keywords: [String] = [language == .en ? category.name : category.nameEn]
        for rule in rules.rules where rule.category.map({ lineage.contains($0) }) ?? false {
            for keyword in rule.keywords where !keywords.contains(keyword) { keywords.append(keyword) }
        }
        let anonymous = IntakeValidator.anonymousAllowed(in: category.code, reference: reference)
        return .object([
            ("service_code", .text(category.code)),
            ("service_name", .text(names.category(category.code))),
            (
                "description",
                .text(
                    text(
                        anonymous ? "open311.service.anonymous" : "open311.service.named",
                        ["name": names.category(category.code)]))
            ),
            ("metadata", .bool(true)),
            ("type", .text("realtime")),
            ("keywords", .text(keywords.filter { !$0.isEmpty }.joined(separator: ", "))),
            ("group", .text(names.category(root))),
        ])
    }

    /// The attributes of a service: Mashang's kind and urgency, then the category's questions.
    func definition(_ category: Category) -> Open311Node {
        func choices(_ values: [(String, String)]) -> Open311Node {
            .list(item: "value", values.map { .object([("key", .text($0.0)), ("name", .text($0.1))]) })
        }
        func attribute(
            code: String, datatype: CategoryQuestion.Datatype, required: Bool, hint: String?, order: Int,
            description: String, values: [(String, String)]
        ) -> Open311Node {
            .object([
                ("variable", .bool(true)), ("code", .text(code)), ("datatype", .text(datatype.rawValue)), ("required", .bool(required)),
                ("datatype_description", .text(hint)), ("order", .integer(order)), ("description", .text(description)),
                ("values", choices(values)),
            ])
        }
        var attributes = [
            attribute(
                code: Open311Submission.kindAttribute, datatype: .singlevaluelist, required: false,
                hint: text("open311.kindHint", ["default": text("kind.\(Open311Submission.defaultKind.rawValue)")]), order: 1,
                description: text("field.kind"), values: TicketKind.allCases.map { ($0.rawValue, text("kind.\($0.rawValue)")) }),
            attribute(
                code: Open311Submission.urgencyAttribute, datatype: .singlevaluelist, required: false, hint: nil, order: 2,
                description: text("field.urgency"), values: Urgency.allCases.map { ($0.rawValue, text("urgency.\($0.rawValue)")) }),
        ]
        for (index, question) in reference.questions(for: category.code).enumerated() {
            attributes.append(
                attribute(
                    code: question.code, datatype: question.datatype, required: question.required,
                    hint: question.datatype == .datetime ? "2026-11-27T09:30:00+08:00" : nil, order: index + 3,
                    description: language == .en ? question.promptEn : question.prompt,
                    values: question.choices.map { ($0.key, language == .en ? $0.nameEn : $0.name) }))
        }
        return .object([("service_code", .text(category.code)), ("attributes", .list(item: "attribute", attributes))])
    }

    // MARK: Requests

    /// One request. `detailed` (a key whose organisation may see the ticket) adds the description as written and the
    /// replies; without it only what is public is shown: category, area, coordinates, the description de-identified
    /// (`PublicText`, over the text staff set when they did), who handles it, status and dates. Contacts never. `mediaURL` links the first photo (detailed
    /// views only, see `Open311Media`).
    func request(_ ticket: StoredTicket, detailed: Bool, extensions: Bool, publicText: String? = nil, mediaURL: String? = nil)
        -> Open311Node
    {
        let state = ticket.state
        var members: [(String, Open311Node)] = [
            ("service_request_id", .text(state.number)),
            ("status", .text(Self.status(state.status))),
            ("status_notes", .text(statusNotes(state, detailed: detailed))),
            ("service_name", .text(names.category(state.category))),
            ("service_code", .text(state.category)),
            // Without a key, the text with everything personal taken out, so a client sees what was asked.
            (
                "description",
                .text(detailed ? state.description : TicketService.publicText(state, edited: publicText))
            ),
            ("agency_responsible", .text(names.organization(state.leadOrganization))),
            ("service_notice", .text(nil)),
            ("requested_datetime", .text(W3CDateTime.string(state.receivedAt))),
            ("updated_datetime", .text(W3CDateTime.string(state.closedAt ?? state.updatedAt))),
            ("expected_datetime", .text(state.status.isOpen ? state.nextDue.flatMap(Self.endOfDay) : nil)),
            ("address", .text(addressName(state.area))),
            ("address_id", .text(state.area)),
            ("zipcode", .text(nil)),
            ("lat", .text(state.location.map { Self.degrees($0.point.latitude) })),
            ("long", .text(state.location.map { Self.degrees($0.point.longitude) })),
            ("media_url", .text(mediaURL)),
        ]
        if extensions {
            members.append(
                (
                    "extended_attributes",
                    .object([
                        ("mashang_status", .text(state.status.rawValue)),
                        ("mashang_status_name", .text(text("status.\(state.status.rawValue)"))),
                        ("channel", .text(state.channel.rawValue)),
                        ("kind", .text(state.kind.rawValue)),
                        ("urgency", .text(state.urgency.rawValue)),
                        ("tier", .text(state.tier.rawValue)),
                        ("satisfaction", .text(state.satisfaction?.rawValue)),
                        ("law_related", .bool(state.lawRelated)),
                    ])
                ))
            let entries = PublicTimeline.entries(ticket, reference: reference, language: language, messages: messages)
            members.append(
                (
                    "notes",
                    .list(
                        item: "note",
                        entries.map { entry in
                            let description =
                                detailed
                                ? [entry.text, entry.detail].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "：")
                                : Self.publicNote(entry, text: { text($0) })
                            return .object([
                                ("datetime", .text(W3CDateTime.string(entry.date))), ("description", .text(description)),
                                ("type", .text(entry.type)),
                            ])
                        })
                ))
        }
        return .object(members)
    }

    /// A history entry as anyone may read it: the step, not what staff wrote (a rejection's reason and a direct
    /// answer are free text and become the status they led to).
    static func publicNote(_ entry: TrackView.TimelineEntry, text: (String) -> String) -> String {
        switch entry.type {
        case "rejected": text("status.rejected")
        case "answered": text("status.closed")
        default: entry.text
        }
    }

    /// Explanation of the status: the outcome or the latest reply for a detailed view, the status's name otherwise.
    private func statusNotes(_ state: TicketState, detailed: Bool) -> String {
        let name = text("status.\(state.status.rawValue)")
        guard detailed else { return name }
        switch state.status {
        case .rejected: return [name, state.rejectionReason].compactMap { $0 }.joined(separator: "：")
        case .merged: return [name, state.mergedInto].compactMap { $0 }.joined(separator: "：")
        default: return [name, state.answer ?? state.replies.last?.text].compactMap { $0 }.joined(separator: "：")
        }
    }

    private func addressName(_ area: String) -> String {
        reference.areaTree.lineage(of: area).reversed().map(names.area).joined(separator: " · ")
    }

    /// A coordinate in WGS-84 degrees to seven decimals (about a centimetre).
    static func degrees(_ value: Double) -> String { String(format: "%.7f", value) }

    /// The end of a due day (`yyyy-MM-dd`) in China.
    static func endOfDay(_ day: String) -> String? {
        ChinaTime.day(day).map { W3CDateTime.string($0.addingTimeInterval(86_399)) }
    }
}
