import MashangCore
import MashangServices

/// How a message to a requester is named on staff pages: its purpose and channel, and where it stands (never the
/// number or the text).
enum OutboxTexts {
    static func purpose(_ entry: OutboxEntry, _ messages: Messages, _ language: Language) -> String {
        messages.text("message.purpose.\(entry.message.purpose.rawValue)", language) + " · "
            + messages.text("message.channel.\(entry.message.channel.rawValue)", language)
    }

    /// Who receives it: the requester, a staff member by username, or a resident with a reception booking.
    static func recipient(_ entry: OutboxEntry, _ messages: Messages, _ language: Language) -> String {
        switch entry.message.recipient {
        case .requester: messages.text("message.recipient.requester", language)
        case .staff(let username): messages.text("message.recipient.staff", language, ["username": username])
        case .booking(let id): messages.text("message.recipient.booking", language, ["id": String(id)])
        }
    }

    static func status(_ entry: OutboxEntry, _ messages: Messages, _ language: Language) -> String {
        switch entry.status {
        case .sent: messages.text("ui.message.sent", language, ["when": entry.sentAt.map(ChinaTime.minuteString) ?? ""])
        case .pending: messages.text("ui.message.pending", language, ["when": ChinaTime.minuteString(entry.nextAttemptAt)])
        case .sending: messages.text("ui.message.sending", language)
        case .dead: messages.text("ui.message.dead", language)
        case .withheld: messages.text("ui.message.withheld.\(entry.withheld?.rawValue ?? "noChannel")", language)
        }
    }

    /// A dead message, or one kept for want of a channel, may be sent again; one without consent or a phone may not.
    static func mayResend(_ entry: OutboxEntry) -> Bool {
        entry.status == .dead || (entry.status == .withheld && entry.withheld == .noChannel)
    }
}
