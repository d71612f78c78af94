import Foundation

/// 任务清单 + 责任清单: one task with its responsible unit, person and deadline.
public struct TicketTask: Codable, Sendable, Equatable {
    public var id: Int
    public var title: String
    public var department: String
    /// The organisation of `department`, recorded when the task was given (older histories lack it: the lead then).
    public var organization: String?
    public var responsiblePerson: String
    /// Calendar date `yyyy-MM-dd` (China time) by which the task is due.
    public var dueDate: String
    public var completed: Bool
    public var result: String?

    public init(
        id: Int, title: String, department: String, organization: String? = nil, responsiblePerson: String, dueDate: String,
        completed: Bool = false, result: String? = nil
    ) {
        self.id = id
        self.title = title
        self.department = department
        self.organization = organization
        self.responsiblePerson = responsiblePerson
        self.dueDate = dueDate
        self.completed = completed
        self.result = result
    }
}

/// 反馈清单, first half: the answer given to the requester.
public struct TicketReply: Codable, Sendable, Equatable {
    public var text: String
    public var contactMethod: ContactMethod
    /// For a ticket merged into another: the number of the ticket whose reply this is (事事有回音: every merged
    /// requester is answered, and rates the answer on their own ticket).
    public var via: String?
    public init(text: String, contactMethod: ContactMethod, via: String? = nil) {
        self.text = text
        self.contactMethod = contactMethod
        self.via = via
    }
}

/// 反馈清单, second half: the requester's satisfaction when called back.
public struct FollowUp: Codable, Sendable, Equatable {
    public var satisfaction: Satisfaction
    public var note: String?
    /// 自评: recorded by staff of an organisation that handles the ticket (lead or assisting), not by the requester or
    /// an independent caller. Shown as such, and left out of 满意率 under the default definition.
    public var selfRecorded: Bool

    public init(satisfaction: Satisfaction, note: String?, selfRecorded: Bool = false) {
        self.satisfaction = satisfaction
        self.note = note
        self.selfRecorded = selfRecorded
    }

    private enum CodingKeys: String, CodingKey { case satisfaction, note, selfRecorded }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        satisfaction = try container.decode(Satisfaction.self, forKey: .satisfaction)
        note = try container.decodeIfPresent(String.self, forKey: .note)
        // Histories written before the mark existed have no key.
        selfRecorded = try container.decodeIfPresent(Bool.self, forKey: .selfRecorded) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(satisfaction, forKey: .satisfaction)
        try container.encodeIfPresent(note, forKey: .note)
        if selfRecorded { try container.encode(true, forKey: .selfRecorded) }
    }
}
