import Foundation

/// Calendar facts in China Standard Time (UTC+8, no daylight saving), where every user of Mashang lives.
public enum ChinaTime {
    public static let timeZone = TimeZone(secondsFromGMT: 8 * 3600)!

    public static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }()

    public static func year(of date: Date) -> Int { calendar.component(.year, from: date) }
    /// The month (1…12) of a moment, China time.
    public static func month(of date: Date) -> Int { calendar.component(.month, from: date) }

    /// `yyyy-MM-dd` of the date in China.
    public static func dayString(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }

    /// `yyyy-MM-dd HH:mm` of the date in China, as lists and histories show it.
    public static func minuteString(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }

    /// Parses a strict `yyyy-MM-dd` calendar date; nil if malformed or not a real day.
    public static func day(_ text: String) -> Date? {
        let pieces = text.split(separator: "-", omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].count == 4, pieces[1].count == 2, pieces[2].count == 2,
            let year = Int(pieces[0]), let month = Int(pieces[1]), let day = Int(pieces[2])
        else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}
