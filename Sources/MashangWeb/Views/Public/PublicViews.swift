import Foundation
import MashangCore
import MashangServices

/// `/m/{code}`: the QR form, blank or with what the requester typed and the problems found.
struct IntakeFormView {
    struct Point {
        let code: String
        let name: String
        let areaName: String
    }

    struct CategoryGroup {
        let name: String
        let options: [ChoiceView]
    }

    let chrome: PageChrome
    let point: Point
    let categoryGroups: [CategoryGroup]
    let kinds: [ChoiceView]
    let description: String
    let name: String
    let phone: String
    let anonymous: Bool
    /// The requester ticked "send me text messages about this request".
    let smsConsent: Bool
    let location: LocationFieldView
    /// Messages by form field name (`category`, `kind`, `description`, `name`, `phone`, `anonymous`).
    let errors: [String: String]
    /// Stored, not computed: Mustache reads view models by reflection, which sees stored properties only.
    let hasErrors: Bool
    /// When the form comes back with a problem: how many photos were chosen and must be chosen again (a browser never
    /// refills a file field). Nil otherwise.
    var photosToChooseAgain: String? = nil
    /// The privacy notice's version, sent back with the form so that the request keeps the wording it was shown with.
    var privacyNotice = PrivacyNotice.current
}

struct ReceiptView {
    let chrome: PageChrome
    let number: String
    let trackingCode: String
}

/// `/track`: the lookup form, or a ticket as its requester sees it.
struct TrackView {
    struct TimelineEntry {
        let iso: String
        let when: String
        let text: String
        let detail: String?
        /// The event's type (`dispatched`, `replied`, …) and time, for Open311's notes.
        var type: String = ""
        var date = Date(timeIntervalSince1970: 0)
    }

    struct TicketView {
        let number: String
        let code: String
        let statusName: String
        let timeline: [TimelineEntry]
        let canRate: Bool
        /// Answered, but opened with the phone's last digits: rating needs the tracking code.
        let needsCode: Bool
        let rated: Bool
        let satisfactions: [ChoiceView]
        let reason: String
        /// Where the rating form posts: the tracking page's, or the one-time link's own address (no number or code).
        var rateAction = "/track/rate"
        var viaLink = false
    }

    let chrome: PageChrome
    let number: String
    let notFound: Bool
    var errorMessage: String?
    var ticket: TicketView?
}

struct MessageView {
    let chrome: PageChrome
    let heading: String
    let text: String
}
