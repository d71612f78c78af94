import Foundation
import MashangCore
import Testing

/// The working calendar over the official 2025–2026 tables, in China time, with fixed moments.
struct WorkingCalendarTests {
    let calendar = WorkingCalendar(holidays: OfficialHolidays.table)

    /// A moment in China time.
    func at(_ day: String, _ hour: Int, _ minute: Int = 0) -> Date {
        ChinaDay(day)!.at(hour * 3600 + minute * 60)
    }

    @Test func daysAreChinaDaysWhateverTheUTCDate() {
        // 2026-01-01 00:30 in China is still 2025-12-31 in UTC.
        let date = at("2026-01-01", 0, 30)
        #expect(ChinaDay(date).description == "2026-01-01")
        #expect(ChinaDay(date.addingTimeInterval(-3600)).description == "2025-12-31")
        #expect(ChinaDay("2026-03-02")!.weekday == 1)  // a Monday
        #expect(ChinaDay("2026-03-08")!.isWeekend)
        #expect(ChinaDay("2026-02-30") == nil)
    }

    @Test func holidaysAreOffAndMakeUpWeekendsAreWorking() {
        #expect(!calendar.isWorkingDay(ChinaDay("2026-01-01")!))  // 元旦, a Thursday
        #expect(calendar.isWorkingDay(ChinaDay("2026-01-04")!))  // Sunday, make-up day
        #expect(calendar.isWorkingDay(ChinaDay("2026-02-14")!))  // Saturday before 春节
        #expect(!calendar.isWorkingDay(ChinaDay("2026-02-16")!))  // Monday in 春节
        #expect(!calendar.isWorkingDay(ChinaDay("2026-03-07")!))  // ordinary Saturday
        #expect(calendar.isWorkingDay(ChinaDay("2025-09-28")!))  // Sunday before 国庆 2025
        #expect(!calendar.isWorkingDay(ChinaDay("2025-10-08")!))
        #expect(OfficialHolidays.table.uncoveredYears(2025...2027) == [2027])
        // A year nobody has entered yet counts weekends only.
        #expect(calendar.isWorkingDay(ChinaDay("2027-01-01")!))
    }

    @Test func workingDayDeadlinesCrossTheYearEndAndTheSpringFestival() {
        // Received on New Year's Eve 2025: the next working day is Sunday 2026-01-04 (make-up), then Monday.
        #expect(calendar.addingWorkingDays(1, to: at("2025-12-31", 16)) == at("2026-01-04", 17, 30))
        #expect(calendar.addingWorkingDays(2, to: at("2025-12-31", 16)) == at("2026-01-05", 17, 30))
        // Received on Friday 2026-02-13: Saturday 02-14 works, 02-15…02-23 are off.
        #expect(calendar.addingWorkingDays(1, to: at("2026-02-13", 9)) == at("2026-02-14", 17, 30))
        #expect(calendar.addingWorkingDays(2, to: at("2026-02-13", 9)) == at("2026-02-24", 17, 30))
        // Received during the holiday: counting starts after the received day, whatever it is.
        #expect(calendar.addingWorkingDays(1, to: at("2026-02-18", 11)) == at("2026-02-24", 17, 30))
        #expect(calendar.addingWorkingDays(0, to: at("2026-03-02", 9)) == at("2026-03-02", 17, 30))
    }

    @Test func workingHoursSkipLunchEveningsWeekendsAndHolidays() {
        // Monday 10:00 + 4 working hours: 2 h to noon, lunch, 2 h from 14:00.
        #expect(calendar.addingWorkingTime(4 * 3600, to: at("2026-03-02", 10)) == at("2026-03-02", 16))
        // Received in the evening: counting starts next morning at 08:30.
        #expect(calendar.addingWorkingTime(3600, to: at("2026-03-02", 20)) == at("2026-03-03", 9, 30))
        // During lunch: from 14:00.
        #expect(calendar.addingWorkingTime(1800, to: at("2026-03-02", 12, 30)) == at("2026-03-02", 14, 30))
        // Exactly at closing time: the next working morning.
        #expect(calendar.addingWorkingTime(60, to: at("2026-03-06", 17, 30)) == at("2026-03-09", 8, 31))
        // The day before 国庆 2026 (09-30, a Wednesday; 10-01…10-07 off): 3.5 h that afternoon, 3.5 h on the morning
        // of 10-08 and the last hour after lunch.
        #expect(calendar.addingWorkingTime(8 * 3600, to: at("2026-09-30", 14)) == at("2026-10-08", 15, 0))
        // Measured back: working time between two moments.
        #expect(calendar.workingTime(from: at("2026-03-02", 10), to: at("2026-03-02", 16)) == 4 * 3600)
        #expect(calendar.workingTime(from: at("2026-09-30", 14), to: at("2026-10-08", 15)) == 8 * 3600)
        #expect(calendar.workingTime(from: at("2026-09-30", 14), to: at("2026-10-08", 11)) == 6 * 3600)
        #expect(calendar.workingTime(from: at("2026-03-07", 9), to: at("2026-03-08", 18)) == 0)  // a weekend
        #expect(calendar.workingTime(from: at("2026-03-03", 9), to: at("2026-03-02", 9)) == 0)
    }

    @Test func officeHoursAreValidatedAndUsed() throws {
        #expect(throws: ValidationError.self) { try WorkingHours(sessions: [.init(start: 9 * 3600, end: 8 * 3600)]) }
        #expect(throws: ValidationError.self) {
            try WorkingHours(sessions: [.init(start: 8 * 3600, end: 12 * 3600), .init(start: 11 * 3600, end: 13 * 3600)])
        }
        #expect(throws: ValidationError.self) { try WorkingHours(sessions: []) }
        let police = WorkingCalendar(holidays: OfficialHolidays.table, hours: try WorkingHours(sessions: [.init(start: 0, end: 86_400)]))
        #expect(police.addingWorkingTime(24 * 3600, to: at("2026-03-06", 12)) == at("2026-03-09", 12))
        #expect(WorkingHours.standard.secondsPerDay == 7 * 3600)
    }

    @Test func theTableRefusesMalformedEntries() {
        #expect(throws: ValidationError.self) { try HolidayTable(entries: [.init(day: "2026-13-01", kind: .holiday, name: "x")]) }
        // 2026-03-02 is a Monday: no make-up working day.
        #expect(throws: ValidationError.self) { try HolidayTable(entries: [.init(day: "2026-03-02", kind: .workday, name: "x")]) }
        #expect(throws: ValidationError.self) {
            try HolidayTable(entries: [
                .init(day: "2026-03-02", kind: .holiday, name: "x"), .init(day: "2026-03-02", kind: .holiday, name: "y"),
            ])
        }
    }
}
