import Foundation
import Hummingbird
import MashangCore
import MashangServices

/// Administration of the working calendar (joint centre administrators): each year's holidays and make-up working
/// days with the notice they come from, the time limits per kind and urgency, and office hours per organisation.
/// Every change is validated as a whole, refused with the reason, and audited.
struct StaffCalendarController {
    let dependencies: AppDependencies
    let kit: StaffPageKit

    func addRoutes(to group: RouterGroup<StaffPageContext>) {
        group.get("admin/calendar", use: show)
        group.post("admin/calendar/holidays", use: saveHolidays)
        group.post("admin/calendar/limits", use: saveLimits)
        group.post("admin/calendar/hours", use: saveHours)
        group.post("admin/calendar/supervision", use: saveSupervision)
    }

    struct CalendarForm: Decodable {
        var _csrf: String?
        var year: String?
        var source: String?
        var lines: String?
        var kind: String?
        var urgency: String?
        var signForHours: String?
        var firstContactHours: String?
        var resolveDays: String?
        var warnShare: String?
        var organization: String?
        var sessions: String?
        var reset: String?
        var escalateAfterDays: String?
        var followUpDays: String?
        /// "yes" when a petition period's last day off rolls to the next working day (a checkbox: absent is no).
        var petitionLastDayRolls: String?
    }

    private var calendar: any CalendarStore { dependencies.stores.calendar }

    private func form(_ request: Request, _ context: StaffPageContext) async throws -> CalendarForm {
        try context.requireAdmin(.calendar)
        let form = try await PublicPagesController.decodeForm(CalendarForm.self, request)
        guard form._csrf == context.csrfToken else { throw AccessError.forbidden }
        return form
    }

    // MARK: - Page

    @Sendable func show(_ request: Request, context: StaffPageContext) async throws -> Response {
        try context.requireAdmin(.calendar)
        let year = request.uri.queryParameters.get("year").flatMap(Int.init) ?? ChinaTime.year(of: dependencies.clock())
        return try await page(request, context, year: year, errorMessage: nil, status: .ok)
    }

    private func page(
        _ request: Request, _ context: StaffPageContext, year: Int, errorMessage: String?, lines: String? = nil,
        status: HTTPResponse.Status
    ) async throws -> Response {
        let language = request.language
        func text(_ key: String, _ arguments: [String: String] = [:]) -> String { kit.messages.text(key, language, arguments) }
        // The cache is reloaded after every change made here, so it is what the store holds.
        let snapshot = dependencies.calendar.snapshot
        let table = snapshot.holidays, policy = snapshot.policy, hours = snapshot.hours
        let names = Names(reference: dependencies.reference.snapshot.data, language: language)
        let thisYear = ChinaTime.year(of: dependencies.clock())
        struct EntryRow { let day, kind, name: String }
        struct LimitRow { let kind, urgency, signForHours, firstContactHours, resolveDays, warnShare: String; let overridden: Bool }
        struct HoursRow { let organization, sessions: String }
        let years = Array(Set(table.years).union([thisYear, thisYear + 1, year])).sorted()
        struct CalendarView {
            let chrome: PageChrome
            let csrf, year: String
            let years: [ChoiceView]
            let source: String?
            let entries: [EntryRow]
            let lines: String
            let missing: [String]
            let limits: [LimitRow]
            let kinds, urgencies, organizations: [ChoiceView]
            let hours: [HoursRow]
            let escalateAfterDays, followUpDays: String
            let petitionLastDayRolls: Bool
            let message, errorMessage: String?
        }
        let view = CalendarView(
            chrome: kit.chrome(request, context), csrf: context.csrfToken, year: String(year),
            years: years.map { ChoiceView(code: String($0), name: String($0), selected: $0 == year) }, source: table.sources[year],
            entries: table.entries.filter { $0.day.hasPrefix(String(format: "%04d-", year)) }.map {
                EntryRow(day: $0.day, kind: text("calendar.kind.\($0.kind.rawValue)"), name: $0.name)
            }, lines: lines ?? table.lines(year: year),
            missing: table.uncoveredYears(thisYear...(thisYear + 1)).map { text("calendar.missingYear", ["year": String($0)]) },
            limits: TicketKind.allCases.flatMap { kind in
                Urgency.allCases.map { urgency in
                    let limits = policy.limits(kind, urgency)
                    return LimitRow(
                        kind: text("kind.\(kind.rawValue)"), urgency: text("urgency.\(urgency.rawValue)"),
                        signForHours: Self.number(limits.signForHours), firstContactHours: Self.number(limits.firstContactHours),
                        resolveDays: String(limits.resolveDays), warnShare: "\(Int((limits.warnShare * 100).rounded()))%",
                        overridden: policy.overrides[TimePolicy.Key(kind, urgency)] != nil)
                }
            }, kinds: TicketKind.allCases.map { ChoiceView(code: $0.rawValue, name: text("kind.\($0.rawValue)"), selected: false) },
            urgencies: Urgency.allCases.map { ChoiceView(code: $0.rawValue, name: text("urgency.\($0.rawValue)"), selected: false) },
            organizations: dependencies.reference.snapshot.data.organizations.map {
                ChoiceView(code: $0.code, name: names.organization($0.code), selected: false)
            },
            hours: dependencies.reference.snapshot.data.organizations.map { organization in
                HoursRow(
                    organization: names.organization(organization.code),
                    sessions: Self.sessionsText(hours[organization.code] ?? .standard)
                        + (hours[organization.code] == nil ? " (" + text("calendar.default") + ")" : ""))
            }, escalateAfterDays: String(policy.escalateAfterDays), followUpDays: String(policy.followUpDays),
            petitionLastDayRolls: policy.petition.lastDayRolls,
            message: request.uri.queryParameters.get("saved") != nil ? text("ui.admin.saved") : nil, errorMessage: errorMessage)
        return kit.renderer.response("admin-calendar", view, status: status)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// `08:30-12:00, 14:00-17:30`.
    static func sessionsText(_ hours: WorkingHours) -> String {
        func clock(_ seconds: Int) -> String { String(format: "%02d:%02d", seconds / 3600, seconds % 3600 / 60) }
        return hours.sessions.map { clock($0.start) + "-" + clock($0.end) }.joined(separator: ", ")
    }

    /// Reads `08:30-12:00, 14:00-17:30`; nil when a part is not `HH:MM-HH:MM` or the sessions are not valid.
    static func parseSessions(_ text: String) -> WorkingHours? {
        func seconds(_ clock: Substring) -> Int? {
            let parts = clock.split(separator: ":")
            guard parts.count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours),
                (0..<60).contains(minutes)
            else { return nil }
            return hours * 3600 + minutes * 60
        }
        var sessions: [WorkingHours.Session] = []
        for part in text.split(whereSeparator: { $0 == "," || $0 == "," || $0 == ";" }) {
            let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-")
            guard bounds.count == 2, let start = seconds(bounds[0]), let end = seconds(bounds[1]) else { return nil }
            sessions.append(.init(start: start, end: end))
        }
        return try? WorkingHours(sessions: sessions)
    }

    private func audit(_ action: String, _ context: StaffPageContext, subject: String, detail: String) async throws {
        try await Auditor(dependencies: dependencies).record(
            action, by: context.staff, subject: subject, address: context.clientAddress,
            detail: detail)
    }

    // MARK: - Changes

    @Sendable func saveHolidays(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await form(request, context)
        let language = request.language
        guard let year = form.year.flatMap(Int.init), (2000...2100).contains(year) else {
            return try await page(
                request, context, year: ChinaTime.year(of: dependencies.clock()),
                errorMessage: kit.messages.text("calendar.badYear", language), status: .unprocessableContent)
        }
        let lines = form.lines ?? ""
        let source = (form.source ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        func refuse(_ message: String) async throws -> Response {
            try await page(request, context, year: year, errorMessage: message, lines: lines, status: .unprocessableContent)
        }
        let entries: [HolidayTable.Entry]
        do {
            entries = try HolidayTable.parseLines(lines, year: year)
        } catch {
            return try await refuse(
                kit.messages.text("calendar.badLines", language, ["lines": error.lines.map(String.init).joined(separator: "、")]))
        }
        if !entries.isEmpty && (source.isEmpty || source.count > 200) {
            return try await refuse(kit.messages.text("calendar.needSource", language))
        }
        // The whole table must still load (no duplicate day, make-up days on weekends).
        let current = dependencies.calendar.snapshot.holidays
        let others = current.entries.filter { !$0.day.hasPrefix(String(format: "%04d-", year)) }
        do {
            _ = try HolidayTable(entries: others + entries)
        } catch {
            let problems = Set(error.fields.map(\.problem))
            return try await refuse(
                kit.messages.text(problems.contains("notWeekend") ? "calendar.notWeekend" : "calendar.duplicateDay", language))
        }
        try await calendar.replaceHolidays(year: year, entries: entries, source: source)
        try await dependencies.calendar.reload(from: calendar)
        try await audit("calendar.holidays", context, subject: String(year), detail: "\(entries.count) days; \(source)")
        return Response(status: .seeOther, headers: [.location: "/staff/admin/calendar?year=\(year)&saved=1"])
    }

    @Sendable func saveLimits(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await form(request, context)
        let year = ChinaTime.year(of: dependencies.clock())
        guard let kind = form.kind.flatMap(TicketKind.init(rawValue:)), let urgency = form.urgency.flatMap(Urgency.init(rawValue:)) else {
            return try await page(
                request, context, year: year, errorMessage: kit.messages.text("calendar.badLimits", request.language),
                status: .unprocessableContent)
        }
        let key = TimePolicy.Key(kind, urgency)
        if form.reset != nil {
            try await calendar.setTimeLimits(nil, for: key)
            try await dependencies.calendar.reload(from: calendar)
            try await audit("calendar.limits", context, subject: "\(kind.rawValue)/\(urgency.rawValue)", detail: "default")
        } else {
            let share = form.warnShare.flatMap { Double($0.replacingOccurrences(of: "%", with: "")) }.map { $0 > 1 ? $0 / 100 : $0 }
            guard let sign = form.signForHours.flatMap(Double.init), let contact = form.firstContactHours.flatMap(Double.init),
                let days = form.resolveDays.flatMap(Int.init), let share,
                let limits = try? TimeLimits(signForHours: sign, firstContactHours: contact, resolveDays: days, warnShare: share)
            else {
                return try await page(
                    request, context, year: year, errorMessage: kit.messages.text("calendar.badLimits", request.language),
                    status: .unprocessableContent)
            }
            try await calendar.setTimeLimits(limits, for: key)
            try await dependencies.calendar.reload(from: calendar)
            try await audit(
                "calendar.limits", context, subject: "\(kind.rawValue)/\(urgency.rawValue)",
                detail: "sign \(sign) h, contact \(contact) h, resolve \(days) d, warn \(share)")
        }
        return Response(status: .seeOther, headers: [.location: "/staff/admin/calendar?saved=1"])
    }

    @Sendable func saveSupervision(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await form(request, context)
        guard let escalate = form.escalateAfterDays.flatMap(Int.init), (1...30).contains(escalate),
            let followUp = form.followUpDays.flatMap(Int.init), (1...60).contains(followUp)
        else {
            return try await page(
                request, context, year: ChinaTime.year(of: dependencies.clock()),
                errorMessage: kit.messages.text("calendar.badSupervision", request.language), status: .unprocessableContent)
        }
        let rolls = form.petitionLastDayRolls == "yes"
        try await calendar.setSupervision(escalateAfterDays: escalate, followUpDays: followUp, petitionLastDayRolls: rolls)
        try await dependencies.calendar.reload(from: calendar)
        try await audit(
            "calendar.supervision", context, subject: "policy",
            detail: "escalate after \(escalate) working days, follow-up \(followUp) days, petition last day rolls: \(rolls)")
        return Response(status: .seeOther, headers: [.location: "/staff/admin/calendar?saved=1"])
    }

    @Sendable func saveHours(_ request: Request, context: StaffPageContext) async throws -> Response {
        let form = try await form(request, context)
        let year = ChinaTime.year(of: dependencies.clock())
        guard let organization = form.organization, dependencies.reference.snapshot.data.organization(organization) != nil else {
            return try await page(
                request, context, year: year, errorMessage: kit.messages.text("calendar.badHours", request.language),
                status: .unprocessableContent)
        }
        var hours: WorkingHours?
        if form.reset == nil {
            guard let parsed = Self.parseSessions(form.sessions ?? "") else {
                return try await page(
                    request, context, year: year, errorMessage: kit.messages.text("calendar.badHours", request.language),
                    status: .unprocessableContent)
            }
            hours = parsed
        }
        try await calendar.setOfficeHours(hours, organization: organization)
        try await dependencies.calendar.reload(from: calendar)
        try await audit("calendar.hours", context, subject: organization, detail: hours.map(Self.sessionsText) ?? "default")
        return Response(status: .seeOther, headers: [.location: "/staff/admin/calendar?saved=1"])
    }
}
