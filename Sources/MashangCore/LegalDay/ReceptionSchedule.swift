/// 企法联合专题接访日: the monthly joint legal reception day. By default the 20th of each month, moved to the next
/// working day when the 20th is a weekend or a public holiday (and kept on a make-up working day); a month may be
/// moved to another date or cancelled by an override.
public enum ReceptionSchedule {
    public static let defaultDayOfMonth = 20

    /// A month's exception to the rule.
    public enum Override: Sendable, Equatable {
        case moved(ChinaDay)
        case cancelled
    }

    /// The reception day of the month that `anyDay` is in, or nil when it is cancelled.
    public static func day(inMonthOf anyDay: ChinaDay, override: Override?, calendar: WorkingCalendar) -> ChinaDay? {
        switch override {
        case .moved(let day): return day
        case .cancelled: return nil
        case nil:
            let (year, month, _) = anyDay.civil
            var day = ChinaDay(year: year, month: month, day: defaultDayOfMonth)
            // At most a fortnight of holidays in a row (the National Day week plus a weekend).
            for _ in 0..<15 where !calendar.isWorkingDay(day) { day = day.adding(1) }
            return day
        }
    }
}
