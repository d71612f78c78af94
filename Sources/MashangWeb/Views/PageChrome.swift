import Foundation
import Hummingbird
import MashangServices

/// What the layout needs on every page: the language, the interface strings, the language switch.
struct PageChrome {
    /// BCP 47 tag for `<html lang>`.
    let lang: String
    /// The `ui.*` strings of the catalogue, keyed without the prefix and with `.` as `_` (`intake_title`).
    let t: [String: String]
    let switchURL: String
    let switchLang: String
    /// The staff navigation, on staff pages.
    let staff: StaffNav?

    init(language: Language, messages: Messages, path: String, staff: StaffNav? = nil) {
        self.staff = staff
        lang = language.rawValue
        t = messages.interfaceStrings(language)
        let other: Language = language == .zhHans ? .en : .zhHans
        switchLang = other.rawValue
        switchURL = "/lang/\(other.rawValue)?back=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")
    }
}

extension Messages {
    /// The interface strings as templates see them (for tests that render templates directly).
    public func interfaceStringsForTests(_ language: Language) -> [String: String] { interfaceStrings(language) }

    /// The `ui.*` entries for templates (built once, with the catalogue).
    func interfaceStrings(_ language: Language) -> [String: String] { interface[language] ?? [:] }
}

/// The signed-in user in the staff navigation, with the token the sign-out form needs.
struct StaffNav {
    let username: String
    let organizationName: String
    let csrf: String
    let canCreate: Bool
    /// False for the security and audit administrators: the links to requests and registers are not shown.
    let seesRequests: Bool
    /// The first administration page the user may open, if any.
    let adminHome: String?
    /// Unread notifications; absent (not 0) when there are none, so the badge does not show.
    let unread: String?
    /// The joint centre's supervisors answer people's requests about their own data.
    var handlesDataSubjects = false
}

/// One choice in a select or radio group.
struct ChoiceView {
    let code: String
    let name: String
    let selected: Bool
}
