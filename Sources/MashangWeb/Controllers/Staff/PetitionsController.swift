import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// 信访事项: the year's petition figures (信访量 by month with 同比, first-time, repeat and 越级 petitions, decisions,
/// limits missed, the review chain) with their definitions, each drilling down to its petitions; and the print-ready
/// notices of one petition (告知书, 延期告知书, 处理意见书, 复查意见书, 复核意见书).
struct PetitionsController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("petitions", use: page)
        group.get("tickets/:number/petition-notices/:notice", use: notice)
    }

    struct Figure { let code, name, count, rate, definition: String }
    struct Month { let month, count, previous, change: String }
    struct Record { let number, registered, category, stage, flags: String }
    struct PetitionsView {
        let chrome: PageChrome
        let year: String
        let samePeriod, previousSamePeriod, yearOverYear: String
        let months: [Month]
        let figures: [Figure]
        let filterName: String?
        let records: [Record]
        let hasRecords: Bool
    }

    @Sendable func page(_ request: Request, context: StaffPageContext) async throws -> Response {
        let parameters = request.uri.queryParameters
        let today = dependencies.clock()
        var rules = FieldRules()
        let year = parameters.get("year").map { Int($0) } ?? ChinaTime.year(of: today)
        rules.require(year != nil, "year", "invalid")
        let measure = parameters.get("measure").flatMap { $0.isEmpty ? nil : $0 }
        rules.require(measure.map { PetitionFigures.Measure(rawValue: $0) != nil } ?? true, "measure", "invalid")
        let month = parameters.get("month").flatMap { $0.isEmpty ? nil : $0 }
        rules.require(month.map { Int($0).map { (1...12).contains($0) } ?? false } ?? true, "month", "invalid")
        try rules.check()
        let (figures, petitions) = try await PetitionReport(dependencies: dependencies).figures(year: year!, for: context.staff)
        let language = request.language
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String { kit.messages.text(key, language, arguments) }
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let percent = { (share: Double?) in share.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        let rates: [PetitionFigures.Measure: Double?] = [
            .reviewRequested: figures.reviewRate, .reexaminationRequested: figures.reexaminationRate,
            .reviewRevised: figures.reviewRevisedRate,
        ]
        // The drill-down: the petitions a figure counts (and of one month, when a month's cell was chosen).
        let selectedMeasure = measure.flatMap(PetitionFigures.Measure.init(rawValue:))
        let shown = petitions.filter { ticket in
            let inMeasure = selectedMeasure.map { figures.numbers[$0]?.contains(ticket.state.number) ?? false } ?? true
            let inMonth = month.flatMap(Int.init).map { ChinaTime.month(of: ticket.state.petition!.registeredAt) == $0 } ?? true
            return inMeasure && inMonth
        }
        let view = PetitionsView(
            chrome: kit.chrome(request, context), year: String(year!), samePeriod: String(figures.samePeriod),
            previousSamePeriod: String(figures.previousSamePeriod),
            yearOverYear: figures.yearOverYear.map { String(format: "%+.1f%%", $0 * 100) } ?? "—",
            months: (0..<12).map { index in
                let now = figures.monthly[index], before = figures.previousMonthly[index]
                return Month(
                    month: String(index + 1), count: String(now), previous: String(before),
                    change: before == 0 ? "—" : String(format: "%+.1f%%", Double(now - before) / Double(before) * 100))
            },
            figures: PetitionFigures.Measure.allCases.map { measure in
                Figure(
                    code: measure.rawValue, name: text("petition.figure.\(measure.rawValue)"), count: String(figures.count(measure)),
                    rate: rates[measure].map { percent($0) } ?? "", definition: text("petition.definition.\(measure.rawValue)"))
            },
            filterName: selectedMeasure.map { text("petition.figure.\($0.rawValue)") }
                ?? month.map { text("ui.petitions.month", ["month": $0]) },
            records: shown.map { ticket in
                let petition = ticket.state.petition!
                return Record(
                    number: ticket.state.number, registered: ChinaTime.dayString(petition.registeredAt),
                    category: names.category(ticket.state.category), stage: text("petition.stage.\(PetitionStage.of(petition).rawValue)"),
                    flags: PetitionNotice.flags(petition, text: text))
            },
            hasRecords: !shown.isEmpty)
        return kit.renderer.response("petitions", view)
    }
}

extension PetitionsController {
    struct NoticeView {
        let chrome: PageChrome
        let number, title, documentNumber, addressee, date, issuer: String
        let paragraphs: [String]
    }

    /// One notice, addressed to the petitioner by name: printing it is a reveal of their name, so it is the joint
    /// centre's (which keeps the petition) and an audit line.
    @Sendable func notice(_ request: Request, context: StaffPageContext) async throws -> Response {
        let number = try context.parameters.require("number")
        guard let kind = context.parameters.get("notice").flatMap(PetitionNotice.init(rawValue:)) else { throw AccessError.notFound }
        let tickets = TicketService(dependencies: dependencies)
        let ticket = try await tickets.ticket(number, for: context.staff)
        guard context.staff.isJointCentre, TicketPolicy.mayRevealContact(context.staff, on: ticket.state) else {
            throw AccessError.forbidden
        }
        let language = request.language
        let data = dependencies.reference.snapshot.data
        let names = Names(reference: data, language: language)
        guard
            let text = kind.text(
                ticket, rules: dependencies.calendar.snapshot, names: names, text: { kit.messages.text($0, language, $1) })
        else { throw AccessError.notFound }
        try await Auditor(dependencies: dependencies).record(
            "petition.notice", by: context.staff, subject: number, address: context.clientAddress, detail: kind.rawValue)
        let name = ticket.state.requester.name.flatMap { $0.isEmpty ? nil : $0 }
        let view = NoticeView(
            chrome: kit.chrome(request, context), number: number, title: text.title, documentNumber: text.documentNumber,
            addressee: name ?? kit.messages.text("notice.petitioner", language), date: text.date,
            issuer: names.organization(TicketLifecycle.jointCentre), paragraphs: text.paragraphs)
        return kit.renderer.response("petition-notice", view)
    }
}
