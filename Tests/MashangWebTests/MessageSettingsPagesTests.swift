import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// The pages where staff choose their alert channel and administrators edit message templates, as people use them:
/// submitted untouched, with each mistake, then right.
struct MessageSettingsPagesTests {
    @Test func staffChooseTextOrMailAndMistakesAreNamedInTheirLanguage() async throws {
        try await WebHarness.run { web in
            let cookie = try await web.signIn("gh.handler")
            let page = try await web.page(.get, "/staff/alerts", cookie: cookie)
            #expect(page.status == .ok && page.text(id: "alerts-current") == "当前：仅站内消息。")
            // Every label comes from the catalogue (a missing entry would show its key).
            #expect(!page.contains(">ui.") && page.contains(">中文</option>"))
            #expect(try await web.page(.get, "/staff", cookie: cookie).contains("href=\"/staff/alerts\""))
            let csrf = try #require(page.csrf)

            // Untouched (inbox only) is a valid choice and saves nothing.
            let untouched = try await web.page(.post, "/staff/alerts", form: [("_csrf", csrf), ("channel", "none")], cookie: cookie)
            #expect(untouched.status == .seeOther)
            #expect(try await web.database.messageSettings.staffContact(username: "gh.handler") == nil)
            // Text messages without a number, then with a bad one, then a good one.
            let missing = try await web.page(
                .post, "/staff/alerts", form: [("_csrf", csrf), ("channel", "sms"), ("phone", "")], cookie: cookie)
            #expect(missing.status == .unprocessableContent && missing.text(id: "alerts-phone-error") == "“手机号”为必填项。")
            let bad = try await web.page(
                .post, "/staff/alerts", form: [("_csrf", csrf), ("channel", "sms"), ("phone", "1234")], cookie: cookie)
            #expect(bad.status == .unprocessableContent && bad.text(id: "alerts-phone-error") == "“手机号”格式不正确。")
            #expect(bad.contains("value=\"1234\""))
            let english = try await web.page(
                .post, "/staff/alerts", form: [("_csrf", csrf), ("channel", "email"), ("email", "x@y")], language: "en", cookie: cookie)
            #expect(english.text(id: "alerts-email-error")?.contains("E-mail address") == true)
            #expect(try await web.database.messageSettings.staffContact(username: "gh.handler") == nil)

            let saved = try await web.page(
                .post, "/staff/alerts", form: [("_csrf", csrf), ("channel", "sms"), ("phone", "139 0000 3333"), ("language", "zh-Hans")],
                cookie: cookie)
            #expect(saved.status == .seeOther)
            #expect(
                try await web.database.messageSettings.staffContact(username: "gh.handler")
                    == StaffContact(channel: .sms, address: "13900003333"))
            let shown = try await web.page(.get, "/staff/alerts?saved=1", cookie: cookie)
            #expect(shown.text(id: "alerts-current") == "当前：短信发送至 139****3333。" && !shown.contains("13900003333"))
            #expect(
                try await web.database.audit.entries(matching: AuditQuery(action: "staff.alerts", limit: 5)).map(\.detail) == [
                    "sms", "none",
                ])
            // A form without its token changes nothing.
            let forged = try await web.page(.post, "/staff/alerts", form: [("channel", "none")], cookie: cookie)
            #expect(forged.status == .forbidden)
            #expect(try await web.database.messageSettings.staffContact(username: "gh.handler")?.channel == .sms)
            #expect(try await web.page(.get, "/staff/alerts").status != .ok)
        }
    }

    @Test func administratorsPreviewSaveRestoreAndTestATemplate() async throws {
        let texts = RecordingSender()
        var configuration = AppConfiguration()
        configuration.messageSenders = [texts]
        try await WebHarness.run(configuration: configuration) { web in
            let supervisor = try await web.signIn("joint.supervisor")
            #expect(try await web.page(.get, "/staff/admin/templates", cookie: supervisor).status == .forbidden)
            #expect(try await web.page(.get, "/staff/admin/templates/received/zh-Hans", cookie: supervisor).status == .forbidden)

            let admin = try await web.signIn("joint.admin")
            let list = try await web.page(.get, "/staff/admin/templates", cookie: admin)
            #expect(
                list.status == .ok && list.contains("id=\"template-legalDayReminder-en\"")
                    && list.contains("id=\"template-taskDue-zh-Hans\""))
            #expect(!list.contains(">ui.") && !list.contains(">message."))
            let editor = try await web.page(.get, "/staff/admin/templates/received/zh-Hans", cookie: admin)
            #expect(editor.text(id: "t-variables")?.contains("{number} {code} {trackURL}") == true)
            #expect(editor.text(id: "t-preview")?.hasPrefix("您的诉求已受理，编号MS-2026-000123") == true)
            let csrf = try #require(editor.csrf)
            let path = "/staff/admin/templates/received/zh-Hans"

            let preview = try await web.page(
                .post, path, form: [("_csrf", csrf), ("action", "preview"), ("text", "已受理{number}")], cookie: admin)
            #expect(preview.text(id: "t-preview") == "已受理MS-2026-000123")
            let unknown = try await web.page(
                .post, path, form: [("_csrf", csrf), ("action", "save"), ("text", "已受理{number}，{organization}")], cookie: admin)
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.text(id: "admin-error") == "这种消息没有变量 {organization}。可用变量：{number} {code} {trackURL}")
            let empty = try await web.page(.post, path, form: [("_csrf", csrf), ("action", "save"), ("text", "  ")], cookie: admin)
            #expect(empty.status == .unprocessableContent && empty.text(id: "admin-error") == "文字不能为空。")
            let unclosed = try await web.page(
                .post, path, form: [("_csrf", csrf), ("action", "save"), ("text", "已受理{number")], cookie: admin)
            #expect(unclosed.status == .unprocessableContent)
            #expect(try await web.database.messageSettings.editedTemplates().isEmpty)

            let saved = try await web.page(
                .post, path, form: [("_csrf", csrf), ("action", "save"), ("text", "码上已受理{number}")], cookie: admin)
            #expect(saved.status == .seeOther)
            #expect(try await web.database.messageSettings.editedTemplates().map(\.template.text) == ["码上已受理{number}"])
            let listed = try await web.page(.get, "/staff/admin/templates?saved=1", cookie: admin)
            #expect(listed.contains("码上已受理{number}") && listed.contains("joint.admin 于"))

            // A test send goes through the configured channel with sample values; a bad address or channel goes nowhere.
            let test = try await web.page(
                .post, path,
                form: [("_csrf", csrf), ("action", "test"), ("text", "码上已受理{number}"), ("channel", "sms"), ("address", "13900005555")],
                cookie: admin)
            #expect(test.text(id: "admin-message") == "测试消息已发出。")
            #expect(texts.sent.map(\.address) == ["13900005555"] && texts.sent.first?.text == "码上已受理MS-2026-000123")
            let badAddress = try await web.page(
                .post, path, form: [("_csrf", csrf), ("action", "test"), ("text", "码上已受理{number}"), ("channel", "sms"), ("address", "x")],
                cookie: admin)
            #expect(badAddress.text(id: "admin-error")?.hasPrefix("接收地址不正确") == true)
            let noChannel = try await web.page(
                .post, path,
                form: [("_csrf", csrf), ("action", "test"), ("text", "码上已受理{number}"), ("channel", "email"), ("address", "a@example.cn")],
                cookie: admin)
            #expect(noChannel.text(id: "admin-error") == "该通道未配置，无法测试发送。")
            #expect(texts.sent.count == 1)

            let reset = try await web.page(.post, path, form: [("_csrf", csrf), ("action", "reset"), ("text", "")], cookie: admin)
            #expect(reset.status == .seeOther)
            #expect(try await web.database.messageSettings.editedTemplates().isEmpty)
            let actions = try await web.database.audit.entries(matching: AuditQuery(limit: 20)).map(\.action).filter {
                $0.hasPrefix("message.template")
            }
            #expect(actions == ["message.template.reset", "message.template.test", "message.template.save"])
            #expect(try await web.page(.get, "/staff/admin/templates/nothing/zh-Hans", cookie: admin).status == .notFound)
            #expect(try await web.page(.get, "/staff/admin/templates/received/fr", cookie: admin).status == .notFound)
        }
    }
}
