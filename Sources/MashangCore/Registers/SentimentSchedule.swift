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

    /// `yyyy-MM` of a day.
    public static func month(_ day: ChinaDay) -> String { String(day.description.prefix(7)) }
}
