import Foundation
import MashangCore
import MashangServices

/// The registers' figures as the dashboard, the mechanism page and the reports show them: for each arm, what happened
/// in the period and since the beginning (累计), each linked to its register.
struct MechanismPanel {
    struct Figure {
        let id, label, period, total: String
        let link: String
        /// Where the period's and the cumulative number open exactly the records they count (nil: not listable yet).
        var periodLink: String? = nil
        var totalLink: String? = nil
    }

    struct Group {
        let title: String
        let figures: [Figure]
    }

    let groups: [Group]

    /// What each figure counts, in the panel's language (listed under the panel).
    struct Definition { let label, text: String }
    var definitions: [Definition] = []

    /// Rows for a CSV or XLSX table: label, period, cumulative.
    var rows: [[String]] { rows(groups) }

    /// The rows for everyone (the public figures page): employees' sentiment and open risks stay internal.
    var publicRows: [[String]] {
        rows(groups.map { Group(title: $0.title, figures: $0.figures.filter { !Self.internalFigures.contains($0.id) }) })
    }

    static let internalFigures: Set<String> = ["sentimentReports", "sentimentOverdue", "risksOpen"]

    private func rows(_ groups: [Group]) -> [[String]] {
        groups.flatMap { group in group.figures.map { [group.title + " · " + $0.label, $0.period, $0.total] } }
    }

    /// - Parameter missingReports: sentiment reports not filed (unit × month) for the months due in the period, and since
    ///   the first report.
    static func build(
        period: MechanismCounts, total: MechanismCounts, missingReports: (period: Int, total: Int), from: ChinaDay, to: ChinaDay,
        messages: Messages, language: Language
    ) -> MechanismPanel {
        func text(_ key: String) -> String { messages.text("ui.mechanism.\(key)", language) }
        /// A count (or a quantity) of a register's entries: both numbers open the list of those entries.
        func entryFigure(_ id: String, _ kind: RegisterKind, _ entry: String, quantity: Bool = false) -> Figure {
            let key = "\(kind.rawValue).\(entry)" + (quantity ? ".quantity" : "")
            let base = "/staff/register-entries?register=\(kind.rawValue)&entry=\(entry)"
            return Figure(
                id: id, label: text(id), period: String(period.entries[key] ?? 0), total: String(total.entries[key] ?? 0),
                link: "/staff/\(kind.path)", periodLink: base + "&from=\(from)&to=\(to)", totalLink: base)
        }
        /// A count of a register's records (of some statuses): both numbers open the register's list filtered alike.
        func recordFigure(_ id: String, _ kind: RegisterKind, _ statuses: [String] = []) -> Figure {
            let count = records(kind.rawValue, statuses)
            let all = RegisterListFilter(statuses: statuses)
            var inPeriod = all
            inPeriod.fromDay = from.description
            inPeriod.toDay = to.description
            func link(_ filter: RegisterListFilter) -> String { "/staff/\(kind.path)" + (filter.isEmpty ? "" : "?" + filter.query) }
            return Figure(
                id: id, label: text(id), period: String(count(period)), total: String(count(total)), link: link(all),
                periodLink: link(inPeriod), totalLink: link(all))
        }
        /// A sum of a register's records' quantities (e.g. attendance): both numbers open the records summed.
        func quantityFigure(_ id: String, _ kind: RegisterKind) -> Figure {
            let records = recordFigure(id, kind)
            func sum(_ counts: MechanismCounts) -> String { String(counts.quantities["\(kind.rawValue).quantity"] ?? 0) }
            return Figure(
                id: id, label: records.label, period: sum(period), total: sum(total), link: records.link,
                periodLink: records.periodLink, totalLink: records.totalLink)
        }
        /// Legal reception day bookings of some statuses, by the month of the day: both numbers open those bookings.
        func bookingFigure(_ id: String, _ statuses: [String]) -> Figure {
            func count(_ counts: MechanismCounts) -> String { String(statuses.reduce(0) { $0 + (counts.bookings[$1] ?? 0) }) }
            let base = "/staff/legal-day/bookings?status=" + statuses.joined(separator: ",")
            return Figure(
                id: id, label: text(id), period: count(period), total: count(total), link: "/staff/legal-day",
                periodLink: base + "&from=\(from)&to=\(to)", totalLink: base)
        }
        func records(_ register: String, _ statuses: [String] = []) -> (MechanismCounts) -> Int {
            { counts in
                statuses.isEmpty ? counts.records[register] ?? 0 : statuses.reduce(0) { $0 + (counts.records[register + "." + $1] ?? 0) }
            }
        }
        var panel = MechanismPanel(groups: [
            Group(
                title: text("group.legal"),
                figures: [
                    Figure(
                        id: "lawRelated", label: text("lawRelated"), period: String(period.lawRelated), total: String(total.lawRelated),
                        link: "/staff/law-related", periodLink: "/staff/law-related?from=\(from)&to=\(to)", totalLink: "/staff/law-related"),
                    bookingFigure("bookings", ["booked", "attended", "absent"]),
                    bookingFigure("attended", ["attended"]),
                ]),
            Group(
                title: text("group.mediation"),
                figures: [
                    recordFigure("mediations", .mediation),
                    recordFigure("mediationsAgreed", .mediation, ["agreed", "confirmation", "confirmed"]),
                    recordFigure("mediationsFailed", .mediation, ["failed"]),
                    entryFigure("mediationSessions", .mediation, "session"),
                ]),
            Group(
                title: text("group.risk"),
                figures: [
                    recordFigure("risks", .risk),
                    recordFigure("risksOpen", .risk, ["identified", "controlling"]),
                    entryFigure("inspections", .risk, "inspection"),
                    entryFigure("dutyPosts", .risk, "dutyPost"),
                ]),
            Group(
                title: text("group.sentiment"),
                figures: [
                    recordFigure("sentimentReports", .sentiment),
                    Figure(
                        id: "sentimentOverdue", label: text("sentimentOverdue"), period: String(missingReports.period),
                        total: String(missingReports.total), link: "/staff/sentiment-reports"),
                ]),
            Group(
                title: text("group.assistance"),
                figures: [
                    recordFigure("households", .household),
                    entryFigure("visits", .household, "visit", quantity: true),
                    entryFigure("assistance", .household, "assistance", quantity: true),
                    recordFigure("commendations", .commendation),
                ]),
            Group(
                title: text("group.outreach"),
                figures: [
                    recordFigure("events", .outreach),
                    quantityFigure("attendance", .outreach),
                    entryFigure("questions", .outreach, "question"),
                ]),
        ])
        panel.definitions = panel.groups.flatMap(\.figures).map { Definition(label: $0.label, text: text("definition.\($0.id)")) }
        return panel
    }
}

extension MechanismPanel {
    /// The panel for a user's scope (the joint centre: everything; an organisation: its own records) and a period.
    static func load(
        _ dependencies: AppDependencies, for staff: StaffActor, from: ChinaDay, to: ChinaDay, messages: Messages,
        language: Language
    ) async throws -> MechanismPanel {
        try await load(
            dependencies, organization: staff.isJointCentre ? nil : staff.organization, from: from, to: to, messages: messages,
            language: language)
    }

    /// The panel of one organisation's records (nil: all) for a period.
    static func load(
        _ dependencies: AppDependencies, organization: String?, from: ChinaDay, to: ChinaDay, messages: Messages,
        language: Language
    ) async throws -> MechanismPanel {
        async let counts = dependencies.stores.mechanismFigures.periodAndTotal(
            organization: organization, fromDay: from.description,
            toDay: to.description)
        let today = ChinaDay(dependencies.clock()), reference = dependencies.reference.snapshot.data
        let registers = dependencies.stores.registers
        async let missingInPeriod = registers.missingSentimentReports(
            from: from, to: to, today: today, organization: organization, reference: reference)
        async let missingInAll = registers.missingSentimentReports(
            from: nil, to: today, today: today, organization: organization, reference: reference)
        let (period, total) = try await counts
        return build(
            period: period, total: total, missingReports: (try await missingInPeriod, try await missingInAll), from: from, to: to,
            messages: messages, language: language)
    }
}
