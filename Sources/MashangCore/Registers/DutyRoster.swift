/// 护学岗 and other duty posts of the risk register: who stands where, when, on a given day.
public enum DutyRoster {
    static let weekdayCodes = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    /// Whether a duty post (a `dutyPost` entry's fields) is manned on this day: its weekday is chosen and the day is
    /// within its dates.
    public static func isOnDuty(_ post: RegisterFields, on day: ChinaDay) -> Bool {
        guard post["weekdays"]?.list.contains(weekdayCodes[day.weekday - 1]) == true,
            let starts = post["startsOn"]?.text.flatMap(RegisterValidator.day), starts <= day
        else { return false }
        if let ends = post["endsOn"]?.text.flatMap(RegisterValidator.day), ends < day { return false }
        return true
    }
}
