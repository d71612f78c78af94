import Foundation

/// Where a staff member wants alerts besides the inbox: a mobile number or an e-mail address, and the language.
public struct StaffContact: Sendable, Equatable {
    public var channel: MessageChannel
    /// The normalised phone (SMS) or the e-mail address.
    public var address: String
    public var language: String

    public init(channel: MessageChannel, address: String, language: String = "zh-Hans") {
        self.channel = channel
        self.address = address
        self.language = language
    }

    /// What a staff member submits: channel `sms` with a mainland mobile number, or `email` with an address.
    public static func validated(channel: String?, phone: String?, email: String?, language: String?) throws(ValidationError)
        -> StaffContact
    {
        let language = language == "en" ? "en" : "zh-Hans"
        switch channel {
        case "sms":
            guard let raw = phone?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { throw ValidationError("phone", "required") }
            guard let phone = PhoneNumber.normalized(raw) else { throw ValidationError("phone", "invalid") }
            return StaffContact(channel: .sms, address: phone, language: language)
        case "email":
            guard let raw = email?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { throw ValidationError("email", "required") }
            guard let email = EmailAddress.normalized(raw) else { throw ValidationError("email", "invalid") }
            return StaffContact(channel: .email, address: email, language: language)
        default:
            throw ValidationError("channel", "invalid")
        }
    }
}

/// An e-mail address as accepted for alerts: one `@`, a dotted domain, no spaces or header-breaking characters (the
/// address goes into SMTP commands and headers).
public enum EmailAddress {
    public static func normalized(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }) else { return nil }
        let forbidden = CharacterSet(charactersIn: " <>()[],;:\\\"\r\n\t")
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && !forbidden.contains($0) }) else { return nil }
        return String(parts[0]) + "@" + parts[1].lowercased()
    }
}

/// A staff member who chose a channel, with what decides which alerts reach them.
public struct StaffSubscriber: Sendable, Equatable {
    public var username: String
    public var organization: String
    public var role: Role
    public var department: String?
    public var channel: MessageChannel
    public var language: String

    public init(username: String, organization: String, role: Role, department: String?, channel: MessageChannel, language: String) {
        self.username = username
        self.organization = organization
        self.role = role
        self.department = department
        self.channel = channel
        self.language = language
    }

    /// The inbox audiences this person belongs to (as `NotificationAudience.of`).
    public var audiences: [String] {
        typealias A = NotificationAudience
        switch role {
        case .dispatcher: return [A.coordinators(organization)]
        case .supervisor: return [A.coordinators(organization), A.supervisors(organization)]
        case .handler: return department.map { [A.department($0)] } ?? []
        case .intake, .leader, .mediator, .assistance, .admin, .securityAdmin, .auditAdmin: return []
        }
    }
}

/// Which inbox notifications also go out by SMS or e-mail to those who chose it: supervision notices (a limit missed),
/// escalations, and a task's warning the day before it is due (to its department's handlers: 任务清单). Other
/// notifications stay in the inbox only.
public enum StaffAlerts {
    /// The notification kinds that alert by SMS or e-mail (`dueSoon` only for a task).
    public static let alerting: Set<TicketNotification.Kind> = [.overdue, .escalated, .dueSoon]

    /// Whether this notification may owe alerts (so the store reads the subscribers only then).
    public static func alerts(_ notification: TicketNotification) -> Bool {
        alerting.contains(notification.kind) && (notification.kind != .dueSoon || notification.details["task"] != nil)
    }

    public static func messages(for notification: TicketNotification, id: Int64, subscribers: [StaffSubscriber]) -> [OutboundMessage] {
        let purpose: MessagePurpose
        var variables: [String: String] = [:]
        var audiences = Set(notification.audiences)
        switch notification.kind {
        case .overdue:
            purpose = .supervisionNotice
            variables["organization"] = notification.details["organization"] ?? ""
            variables["deadline"] = notification.details["deadline"] ?? ""
        case .escalated:
            purpose = .escalated
            variables["tier"] = notification.details["tier"] ?? ""
        case .dueSoon:
            guard let task = notification.details["task"], let due = notification.details["dueDate"] else { return [] }
            purpose = .taskDue
            variables = ["task": task, "due": due]
            audiences = audiences.filter { $0.hasPrefix(NotificationAudience.department("")) }
        default:
            return []
        }
        return subscribers.filter { !audiences.isDisjoint(with: $0.audiences) }.map {
            OutboundMessage(
                purpose: purpose, channel: $0.channel, ticket: notification.ticket, eventSequence: 0, variables: variables,
                language: $0.language, recipient: .staff($0.username), occasion: "n\(id)")
        }
    }

    /// A unit's dispatchers and supervisors are told its sentiment report for `month` is due by `due` and not filed.
    public static func sentimentReportDue(
        organization: String, month: String, due: ChinaDay, subscribers: [StaffSubscriber]
    ) -> [OutboundMessage] {
        subscribers.filter { ($0.role == .dispatcher || $0.role == .supervisor) && $0.organization == organization }.map {
            OutboundMessage(
                purpose: .sentimentReportDue, channel: $0.channel, ticket: "", eventSequence: 0,
                variables: ["organization": organization, "month": month, "due": due.description], language: $0.language,
                recipient: .staff($0.username), occasion: month)
        }
    }
}

/// What residents who booked the legal reception day are told: a reminder the day before, and a notice when the
/// month's day is moved or cancelled. Sent by SMS to the phone they booked with (given for the appointment).
public enum ReceptionMessages {
    public static func reminder(booking: ReceptionBooking, slot: ReceptionSlot, day: ChinaDay) -> OutboundMessage {
        OutboundMessage(
            purpose: .legalDayReminder, channel: .sms, ticket: "", eventSequence: 0,
            variables: ["day": day.description, "time": slot.starts + "–" + slot.ends, "place": slot.place],
            recipient: .booking(booking.id), occasion: day.description)
    }

    /// The notices a change of the month's day owes its active bookings (none when the day stays where it was).
    public static func notices(month: String, before: ChinaDay?, after: ChinaDay?, bookings: [ReceptionBooking]) -> [OutboundMessage] {
        guard before != after else { return [] }
        return bookings.filter { $0.status == .booked }.map { booking in
            if let after {
                OutboundMessage(
                    purpose: .legalDayMoved, channel: .sms, ticket: "", eventSequence: 0, variables: ["day": after.description],
                    recipient: .booking(booking.id), occasion: after.description)
            } else {
                OutboundMessage(
                    purpose: .legalDayCancelled, channel: .sms, ticket: "", eventSequence: 0, variables: ["month": month],
                    recipient: .booking(booking.id), occasion: month)
            }
        }
    }
}
