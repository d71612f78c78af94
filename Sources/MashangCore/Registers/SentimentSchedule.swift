/// 员工思想动态快报 are due monthly: the report for a month by the `dueDay`-th of the next month. The reporting units
/// are the enterprise's and the local government's organisations (the court and the police do not file).
public enum SentimentSchedule {
    public static let dueDay = 5

    public static func reportingUnits(_ reference: ReferenceData) -> [Organization] {
        reference.organizations.filter { $0.kind == .enterprise || $0.kind == .government }
    }

    /// The latest month whose report is due by `today` (`yyyy-MM`): last month once its due day has passed, else the
    /// month before.
    public static func latestDueMonth(today: ChinaDay) -> String {
        let back = today.civil.day > dueDay ? 1 : 2
        return month(today.firstOfMonth.addingMonths(-back))
    }

    /// Units that have not filed the report for `month`.
    public static func overdue(month: String, filed: Set<String>, reference: ReferenceData) -> [Organization] {
        reportingUnits(reference).filter { !filed.contains($0.code) }
    }

    /// The day a month's report is due by: the `dueDay`-th of the next month.
    public static func dueDate(of month: String) -> ChinaDay? {
        ChinaDay(month + "-01").map { $0.addingMonths(1).adding(dueDay - 1) }
    }

    /// The months whose reports fell due within `from...to` and are past due on `today`, oldest first.
    public static func monthsDue(from: ChinaDay, to: ChinaDay, today: ChinaDay) -> [String] {
        var months: [String] = []
        var first = from.firstOfMonth.addingMonths(-1)
        while first <= to {
            let name = month(first)
            if let due = dueDate(of: name), due >= from, due <= to, due < today { months.append(name) }
            first = first.addingMonths(1)
        }
        return months
    }

    /// Missing reports over some months: for each month, every reporting unit (of `organization`, or all) that filed
    /// none — one per unit and month.
    public static func missing(months: [String], filed: [String: Set<String>], organization: String?, reference: ReferenceData) -> Int {
        months.reduce(0) { count, month in
            count
                + overdue(month: month, filed: filed[month] ?? [], reference: reference).filter {
                    organization == nil || $0.code == organization
                }.count
        }
    }

    /// `yyyy-MM` of a day.
    public static func month(_ day: ChinaDay) -> String { String(day.description.prefix(7)) }
}
