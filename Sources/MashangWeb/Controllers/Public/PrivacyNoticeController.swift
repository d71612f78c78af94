import Foundation
import Hummingbird
import MashangCore

/// `/privacy`: the privacy notice (个人信息处理规则) the intake form links to, in the version the form records with each
/// request; how long contacts are kept is the server's setting.
struct PrivacyNoticeController {
    let pages: PageRenderer
    let messages: Messages
    let contactRetentionYears: Int

    struct NoticeView {
        let chrome: PageChrome
        let version: String
        /// The notice's sections, each a heading and its text, in the page's language.
        let sections: [Section]
        struct Section {
            let heading: String
            let text: String
        }
    }

    static let sections = ["controller", "collected", "purpose", "shared", "retention", "rights"]

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("privacy", use: show)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let language = request.language
        let arguments = ["years": String(contactRetentionYears)]
        let view = NoticeView(
            chrome: PageChrome(language: language, messages: messages, path: request.uri.path), version: PrivacyNotice.current,
            sections: Self.sections.map {
                .init(
                    heading: messages.text("ui.privacyNotice.\($0).heading", language),
                    text: messages.text("ui.privacyNotice.\($0).text", language, arguments))
            })
        return pages.response("privacy-notice", view)
    }
}
