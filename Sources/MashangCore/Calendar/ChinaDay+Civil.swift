extension ChinaDay {
    /// The day's year, month and day of month, by arithmetic on the day count (proleptic Gregorian; no formatter).
    public var civil: (year: Int, month: Int, day: Int) {
        let z = index + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The day with this year, month and day of month; the day of month is clamped to the month's length.
    public init(year: Int, month: Int, day: Int) {
        let day = min(day, ChinaDay.length(year: year, month: month))
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        self.init(index: era * 146_097 + dayOfEra - 719_468)
    }

    /// `yyyymm`: the key of the month the day is in.
    public var monthKey: Int {
        let (year, month, _) = civil
        return year * 100 + month
    }

    /// The first day of the month the day is in.
    public var firstOfMonth: ChinaDay {
        let (year, month, _) = civil
        return ChinaDay(year: year, month: month, day: 1)
    }

    /// The same day of month `months` later (clamped to the month's length: 31 March − 1 month = 28/29 February).
    public func addingMonths(_ months: Int) -> ChinaDay {
        let (year, month, day) = civil
        let total = year * 12 + (month - 1) + months
        let newYear = total >= 0 ? total / 12 : (total - 11) / 12
        return ChinaDay(year: newYear, month: total - newYear * 12 + 1, day: day)
    }

    public static func length(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
