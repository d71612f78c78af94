import Foundation

/// Why a unit asks to stop the clock of a ticket's limits (办理时限中止): something outside its hands is awaited.
public enum PauseReason: String, Codable, Sendable, CaseIterable {
    /// 等待诉求人补充材料.
    case requesterMaterials
    /// 等待第三方鉴定、评估或检测.
    case appraisal
    /// 等待诉讼、仲裁等法定程序.
    case courtProcedure
    /// 恶劣天气等不可抗力.
    case weather
}

/// 中止申请: the unit's request, with the day it expects to resume work.
public struct PauseRequest: Codable, Sendable, Equatable {
    public var reason: PauseReason
    /// The expected resume day, `yyyy-MM-dd`: the clock runs again from the start of that day at the latest.
    public var resumeOn: String
    public var note: String
    public init(reason: PauseReason, resumeOn: String, note: String) {
        self.reason = reason
        self.resumeOn = resumeOn
        self.note = note
    }
}

/// The joint centre supervisor's answer; an approved pause stops the clock from the moment of approval.
public struct PauseDecision: Codable, Sendable, Equatable {
    public var reason: PauseReason
    public var resumeOn: String
    public var approved: Bool
    public var note: String?
    public init(reason: PauseReason, resumeOn: String, approved: Bool, note: String?) {
        self.reason = reason
        self.resumeOn = resumeOn
        self.approved = approved
        self.note = note
    }
}

/// The clock runs again.
public struct Resumption: Codable, Sendable, Equatable {
    public enum Cause: String, Codable, Sendable, CaseIterable {
        /// The sweeper, on the expected resume day.
        case scheduled
        /// What was awaited has come (the materials, the appraisal, the judgment), recorded by the unit.
        case awaitedEvent
        /// Resumed by hand before the awaited event (the unit or a supervisor decided to go on).
        case byHand
    }
    public var cause: Cause
    public var note: String?
    public init(cause: Cause, note: String?) {
        self.cause = cause
        self.note = note
    }
}

/// A pause in force: since when, why, and the day the clock runs again at the latest.
public struct ActivePause: Codable, Sendable, Equatable {
    public var reason: PauseReason
    public var since: Date
    public var resumeOn: String
    public init(reason: PauseReason, since: Date, resumeOn: String) {
        self.reason = reason
        self.since = since
        self.resumeOn = resumeOn
    }

    /// The moment the sweeper resumes the clock: the start of the expected day, China time.
    public var scheduledResume: Date { ChinaDay(resumeOn).map(\.start) ?? since }
}

/// The rules of pausing, in one place.
public enum ClockPause {
    /// The limits a pause stops: the ones that measure the unit's handling. Signing for happens before a pause can be
    /// asked; a task's due date is a calendar date the lead organisation sets, knowing of the pause.
    public static let pausable: Set<Deadline.Kind> = [.firstContact, .resolve]
    /// The longest pause one request may ask for, in calendar days; a longer wait is asked for again.
    public static let longestDays = 60

    /// A limit's moment moved by a pause from `start` to `end`: the working time left at the start is counted again
    /// from the end. Moments before the pause started stay where they are, so a pause never cures lateness.
    static func shift(_ moment: Date, pausedAt start: Date, resumedAt end: Date, calendar: WorkingCalendar) -> Date {
        guard moment > start, end > start else { return moment }
        return calendar.addingWorkingTime(calendar.workingTime(from: start, to: moment), to: end)
    }
}
