import MashangCore
import MashangServices

struct LoginView {
    let chrome: PageChrome
    let next: String
    let username: String
    let failed: Bool
    /// The browser still sent a session cookie that no longer signs in: the session ended (idle or expired).
    var sessionEnded = false
}

struct DeskView {
    struct Section {
        let key: String
        let title: String
        let count: String
        let tickets: [Row]
        let allURL: String
    }

    struct Row {
        let number: String
        let received: String
        let description: String
    }

    let chrome: PageChrome
    let flash: String?
    let sections: [Section]
}

struct TicketListView {
    struct Row {
        let number: String
        let statusName: String
        let received: String
        let leadName: String
        let description: String
    }

    /// "本单位经办" and "我单位派出", for users whose organisation dispatches (empty for handlers).
    struct ViewTab {
        let name: String
        let url: String
        let current: Bool
    }

    let chrome: PageChrome
    let title: String
    let tabs: [ViewTab]
    let hasTabs: Bool
    /// The read-only list of what the user's organisation sent elsewhere.
    let sentView: Bool
    let statuses: [ChoiceView]
    let categories: [ChoiceView]
    let dues: [ChoiceView]
    let sorts: [ChoiceView]
    let query: String
    let totalText: String
    let csvURL: String
    let rows: [Row]
    let previousURL: String?
    let nextURL: String?
    let errorMessage: String?
}

struct StaffTicketView {
    /// What the requester was told and agreed to at intake: the privacy notice's version and the SMS consent.
    var consent: String?
    /// A message to the requester and where it stands (never the number or the text).
    struct MessageRow {
        let when: String
        let purpose: String
        let status: String
        let unsent: Bool
    }

    /// What the requester was told, and what could not be sent and why (set by the page after building).
    var requesterMessages: [MessageRow] = []
    var hasRequesterMessages = false

    struct Task {
        let title: String
        let responsible: String
        let due: String
        let result: String
    }

    struct Reply {
        let text: String
        let method: String
    }

    struct PhotoLink {
        let url: String
        let label: String
    }

    struct FollowUpRow {
        let satisfaction: String
        let note: String?
        /// 自评: recorded by the handling organisation itself.
        let selfRecorded: Bool
    }

    struct Field {
        let fieldName: String
        let label: String
        let id: String
        let value: String
        let options: [ChoiceView]
        let isSelect: Bool
        let isTextarea: Bool
        let isText: Bool
        let isDate: Bool
        let isRadio: Bool
        /// Further options grouped under a heading (departments under their organisation).
        var groups: [OptionGroup] = []
        /// A sentence under the field (e.g. what the dispatch rules suggest).
        var hint: String? = nil
    }

    struct OptionGroup {
        let label: String
        /// The organisation the group belongs to, for the page's script to offer only the chosen one's.
        let code: String
        let options: [ChoiceView]
    }

    struct Action {
        let code: String
        let name: String
        let fields: [Field]
        /// Ends the request without handling it (不予受理, 合并): drawn apart, and confirmed on a page of its own.
        var ends = false
    }

    struct DeadlineRow {
        let name: String
        let responsible: String
        let due: String
        let standing: String
        let standingCode: String
    }

    struct Entry {
        let when: String
        let actor: String
        let text: String
        let detail: String?
    }

    /// A register record that took the ticket up (a mediation case, a reception day booking, a report…).
    struct RegisterLink {
        let label: String
        let url: String
    }

    let chrome: PageChrome
    let number: String
    let csrf: String
    let statusName: String
    let flash: String?
    let errorMessage: String?
    /// The user's organisation sent the ticket elsewhere (我单位派出): shown read-only.
    let sentReadOnly: Bool
    let requester: String
    let mayRevealContact: Bool
    let place: String
    let category: String
    let kind: String
    let channel: String
    let tier: String
    let lead: String
    let department: String
    let suggested: String
    let description: String
    let tasks: [Task]
    let replies: [Reply]
    let followUps: [FollowUpRow]
    let photos: [PhotoLink]
    /// 涉法涉诉.
    let lawRelated: Bool
    let registers: [RegisterLink]
    /// Opens a mediation case on this dispute (for those who may).
    let mediateURL: String?
    let hasPhotos: Bool
    /// Those who may reply may add photos (a site visit, a repair done), up to the ticket's limit.
    let canAddPhotos: Bool
    /// What the public reads of the request (Open311 without a key), whether staff edited it, and whether this user may.
    var publicText = ""
    var publicTextEdited = false
    var canEditPublicText = false
    let deadlines: [DeadlineRow]
    let hasDeadlines: Bool
    /// The pause in force or asked for (计时中止), in a sentence; nil when the clock runs.
    let pauseNotice: String?
    /// 信访事项: the stage, what was found at registration, and the notices printed so far.
    var petition: PetitionPanel?
    /// The ticket's hash chain recomputed for this view: "history verified", or which record no longer matches.
    var historyCheck: HistoryCheck?
    let actions: [Action]
    let timeline: [Entry]
}

struct PetitionPanel {
    struct Notice { let url, name: String }
    let stage, registered, flags: String
    let notices: [Notice]
    let hasNotices: Bool
}

/// The new-ticket form (hotline, walk-in …) with the similar open tickets found so far.
struct NewTicketView {
    struct Field {
        let fieldName: String
        let label: String
        let id: String
        let value: String
        let error: String?
        let options: [ChoiceView]
        let isSelect: Bool
        let isTextarea: Bool
        let isText: Bool
        let isRadio: Bool
    }

    struct Similar {
        let number: String
        let statusName: String
        let received: String
        let description: String
    }

    let chrome: PageChrome
    let csrf: String
    let fields: [Field]
    let location: LocationFieldView
    var photosError: String? = nil
    let hasErrors: Bool
    /// Nil until there is a category and an area to compare with; an empty list shows "none".
    let similar: [Similar]?
}

/// The similar-tickets fragment the form's script asks for.
struct SimilarFragment {
    let heading: String
    let empty: String
    let similar: [NewTicketView.Similar]?
}

/// The result of recomputing a ticket's hash chain, as the ticket page states it.
struct HistoryCheck: Encodable {
    let verified: Bool
    let text: String
    /// The chain's last hash in full, for comparing with another organisation's copy.
    let head: String
}
