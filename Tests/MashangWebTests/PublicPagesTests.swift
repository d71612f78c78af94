import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MashangCore
import MashangServices
import MashangTesting
import MashangWeb
import NIOCore
import Testing

struct PublicPagesTests {
    static let leak: [(String, String)] = [
        ("category", "housing.leak"), ("kind", "complaint"),
        ("description", "三栋顶楼屋顶漏水"), ("name", "王华"), ("phone", "13812345678"),
    ]

    @Test func theQRFormNamesThePlaceAndOffersCategoriesAndKindsInPlainWords() async throws {
        try await WebHarness.run { web in
            let page = try await web.page(.get, "/m/jiangzuan-school")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.text(id: "place") == "江钻小区中学旁便民通道 · 江钻小区第一网格")
            #expect(page.contains(#"<option value="housing.leak">房屋漏水</option>"#))
            #expect(page.contains(#"value="consultation"> 咨询"#))
            #expect(page.contains(#"<html lang="zh-Hans">"#))
            let english = try await web.page(.get, "/m/jiangzuan-school", language: "en")
            #expect(english.text(id: "place") == "Jiangzuan school passage · Jiangzuan Estate grid 1")
            #expect(try await web.page(.get, "/m/nowhere").status == .notFound)
        }
    }

    @Test func submittingTheFormGivesAReceiptAndASecondSubmissionTheSameTicket() async throws {
        try await WebHarness.run { web in
            let receipt = try await web.page(.post, "/m/jiangzuan-gate", form: Self.leak)
            #expect(receipt.status == .ok)
            let number = try #require(receipt.text(id: "ticket-number"))
            #expect(number == "MS-2026-000001")
            #expect(receipt.text(id: "tracking-code")?.count == 8)
            // Back button, retry or double tap: the form carries the same key, so the same ticket comes back.
            let again = try await web.page(.post, "/m/jiangzuan-gate", form: Self.leak)
            #expect(again.text(id: "ticket-number") == number)
            #expect(again.text(id: "tracking-code") == receipt.text(id: "tracking-code"))
            let joint = try await web.token("joint.dispatcher")
            let list = try await web.request(.get, "/api/v1/tickets", token: joint)
            #expect(list["total"] as? Int == 1)
        }
    }

    @Test func errorsAppearNextToTheirFieldsInTheUsersLanguageWithTheInputKept() async throws {
        try await WebHarness.run { web in
            let form: [(String, String)] = [
                ("category", "property"), ("kind", ""),
                ("description", "<b>电梯</b>坏了"), ("name", ""), ("phone", "12345"), ("anonymous", "1"),
            ]
            let page = try await web.page(.post, "/m/wuqi-gate", form: form)
            #expect(page.status == .unprocessableContent)
            #expect(page.text(id: "error-summary") == "提交的内容有误，请按红色提示修改。")
            #expect(page.text(id: "kind-error") == "“诉求类型”为必填项。")
            #expect(page.text(id: "anonymous-error") == "“匿名”的取值在此处不允许。")
            #expect(page.contains("&lt;b&gt;电梯&lt;/b&gt;坏了"))
            #expect(!page.contains("<b>电梯</b>"))
            #expect(page.contains(#"<option value="property" selected>"#))
            let english = try await web.page(
                .post, "/m/wuqi-gate",
                form: [
                    ("category", "property"), ("kind", "help"),
                    ("description", "电梯坏了"), ("name", "Li"), ("phone", "12345"),
                ],
                language: "en")
            #expect(english.text(id: "phone-error") == "\"phone number\" is not valid.")
            #expect(english.contains(#"value="12345""#))
            let anonymous = try await web.page(
                .post, "/m/wuqi-gate",
                form: [
                    ("category", "security.hazard"),
                    ("kind", "complaint"), ("description", "楼道堆放杂物"),
                    ("anonymous", "1"),
                ])
            #expect(anonymous.text(id: "ticket-number") != nil)
        }
    }

    @Test func theRequesterFollowsTheTicketAndRatesTheReply() async throws {
        try await WebHarness.run { web in
            let receipt = try await web.page(.post, "/m/jiangzuan-gate", form: Self.leak)
            let number = try #require(receipt.text(id: "ticket-number"))
            let code = try #require(receipt.text(id: "tracking-code"))

            let wrong = try await web.page(.post, "/track", form: [("number", number), ("code", "WRONG234")])
            #expect(wrong.status == .notFound)
            #expect(wrong.text(id: "not-found") == "没有找到这个工单，请核对工单编号和查询码。")
            let byPhone = try await web.page(.post, "/track", form: [("number", number.lowercased()), ("code", "5678")])
            #expect(byPhone.text(id: "status") == "已受理")

            let joint = try await web.token("joint.dispatcher")
            let government = try await web.token("gh.dispatcher")
            _ = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint)
            _ = try await web.act(number, "send-back", ["reason": "other", "note": "内部备注：不要给群众看"], as: government)
            _ = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint)
            _ = try await web.act(number, "acknowledge", as: government)
            _ = try await web.act(number, "reply", ["text": "已安排维修队更换防水层", "contactMethod": "phone"], as: government)

            let status = try await web.page(.post, "/track", form: [("number", number), ("code", code)])
            #expect(status.text(id: "status") == "已答复")
            #expect(status.contains("已派给广华街道办事处办理"))
            #expect(status.contains("已安排维修队更换防水层"))
            #expect(!status.contains("内部备注"))

            let noReason = try await web.page(
                .post, "/track/rate", form: [("number", number), ("code", code), ("satisfaction", "unsatisfied")])
            #expect(noReason.status == .unprocessableContent)
            #expect(noReason.text(id: "rate-error") == "“不满意的原因”为必填项。")
            let reopened = try await web.page(
                .post, "/track/rate",
                form: [
                    ("number", number), ("code", code),
                    ("satisfaction", "unsatisfied"), ("reason", "还在漏"),
                ])
            #expect(reopened.text(id: "status") == "重办")
            #expect(reopened.text(id: "rated") == "感谢您的评价。")
            let again = try await web.page(.post, "/track/rate", form: [("number", number), ("code", code), ("satisfaction", "satisfied")])
            #expect(again.status == .conflict)

            _ = try await web.act(number, "acknowledge", as: government)
            _ = try await web.act(number, "reply", ["text": "已重新施工", "contactMethod": "visit"], as: government)
            let closed = try await web.page(
                .post, "/track/rate", form: [("number", number), ("code", code), ("satisfaction", "satisfied")])
            #expect(closed.text(id: "status") == "已办结")
            let history = try await web.request(.get, "/api/v1/tickets/\(number)", token: joint)
            let actors = (history["events"] as? [[String: Any]])?.compactMap { ($0["actor"] as? [String: Any])?["username"] as? String }
            #expect(actors?.filter { $0 == "public" }.count == 3)
        }
    }

    @Test func theLanguageSwitchIsRememberedAndOnlyReturnsToThisSite() async throws {
        try await WebHarness.run { web in
            let switched = try await web.page(.get, "/lang/en?back=%2Fm%2Fwuqi-gate")
            #expect(switched.status == .seeOther)
            #expect(switched.headers[.location] == "/m/wuqi-gate")
            let cookie = try #require(switched.headers[.setCookie])
            #expect(cookie.hasPrefix("lang=en"))
            let english = try await web.page(.get, "/m/wuqi-gate", cookie: "lang=en")
            #expect(english.contains(#"<html lang="en">"#))
            #expect(english.contains("Report a problem"))
            let offsite = try await web.page(.get, "/lang/zh-Hans?back=%2F%2Fevil.example")
            #expect(offsite.headers[.location] == "/track")
        }
    }

    @Test func everyResponseCarriesTheSecurityHeadersAndNoTemplateNeedsInlineScript() async throws {
        try await WebHarness.run { web in
            for path in ["/m/wuqi-gate", "/track", "/guide", "/no/such/page", "/static/app.css", "/api/v1/categories"] {
                let response = try await web.page(.get, path)
                let policy = try #require(response.headers[HTTPField.Name("Content-Security-Policy")!], "\(path)")
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"))
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
        }
        for name in PageRenderer.templateNames {
            let url = try #require(Bundle.module(for: name))
            let template = try String(contentsOf: url, encoding: .utf8)
            #expect(!template.contains("<script>") && !template.contains("onclick=") && !template.contains("style="), "\(name)")
        }
    }

    @Test func unknownPagesAreAPageNotARawErrorAndAssetsAreServedLocally() async throws {
        try await WebHarness.run { web in
            let missing = try await web.page(.get, "/no/such/page")
            #expect(missing.status == .notFound)
            #expect(missing.contains("<h1>页面不存在</h1>"))
            let css = try await web.page(.get, "/static/app.css")
            #expect(css.status == .ok)
            #expect(css.contains("font-family"))
            #expect(try await web.page(.get, "/track").contains(#"<form method="post" action="/track">"#))
        }
    }
}

extension Bundle {
    /// The source of a bundled template, read from the package's resources directory.
    static func module(for template: String) -> URL? {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/MashangWeb/Resources/templates/\(template).mustache")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}

struct TemplateTests {
    /// Fragments are inserted into pages by script and have no layout of their own.
    static let fragments: Set<String> = [
        "layout", "similar", "board-columns", "figure-table", "register-fields", "register-nav", "mechanism-panel", "admin-item-editor",
        "location-field",
    ]

    @Test(arguments: PageRenderer.templateNames.filter { !TemplateTests.fragments.contains($0) })
    func everyTemplateRendersWithItsStrings(_ name: String) {
        // Rendering with an empty model still produces the layout and no unfilled Mustache tags.
        let html = PageRenderer.bundled.html(
            name, ["chrome": ["lang": "zh-Hans", "t": Messages.bundled.interfaceStringsForTests(.zhHans)]])
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("码上就办"))
        #expect(!html.contains("{{"))
    }

    @Test func theSimilarTicketsFragmentRendersWithoutTheLayout() {
        let html = PageRenderer.bundled.html("similar", ["heading": "同类", "empty": "没有"])
        #expect(html.contains(#"<p class="muted" id="no-similar">没有</p>"#))
        #expect(!html.contains("<html"))
    }
}

struct GuidePageTests {
    @Test func theGuideSaysWhoHandlesEachKindOfProblemAndIsSearchable() async throws {
        try await WebHarness.run { web in
            let guide = try await web.page(.get, "/guide")
            #expect(guide.status == .ok)
            #expect(guide.contains(#"id="guide-housing-leak""#))
            #expect(guide.contains("由广华街道办事处城建办办理"))
            #expect(guide.contains("涉及“单位宿舍”“油田公房”“倒班公寓”的，由江汉油田基地发展中心办理"))
            #expect(guide.contains("在江钻小区的，由广华街道办事处综治办办理"))
            let search = try await web.page(.get, "/guide?q=" + "宿舍".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(search.contains(#"id="guide-housing""#))
            #expect(!search.contains(#"id="guide-legal""#))
            let none = try await web.page(.get, "/guide?q=xyz")
            #expect(none.text(id: "guide-empty") == "没有找到相关的问题类别。")
            let english = try await web.page(.get, "/guide", language: "en")
            #expect(english.contains("Handled by Qianjiang People&#39;s Court Litigation-Mediation Centre"))
        }
    }
}

struct PhotoUploadTests {
    /// A 1×1 PNG.
    static let png: [UInt8] = Array(
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)

    static func multipart(_ fields: [(String, String)], files: [(String, [UInt8])]) -> (String, ByteBuffer) {
        let boundary = "----mashang\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (filename, bytes) in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"\(filename)\"\r\nContent-Type: image/png\r\n\r\n"
            )
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    static let fields: [(String, String)] = [
        ("category", "housing.leak"), ("kind", "complaint"), ("description", "楼顶漏水，附照片"),
        ("name", "王华"), ("phone", "13812345678"),
    ]

    @Test func photosAreCheckedByContentLimitedAndShownToTheHandlingChainOnly() async throws {
        try await WebHarness.run { web in
            func post(_ files: [(String, [UInt8])]) async throws -> HTMLResponse {
                let (type, body) = Self.multipart(Self.fields, files: files)
                return try await web.client.execute(uri: "/m/jiangzuan-gate", method: .post, headers: [.contentType: type], body: body) {
                    HTMLResponse(status: $0.status, headers: $0.headers, html: String(buffer: $0.body))
                }
            }
            let disguised = try await post([("photo.png", Array("not an image at all".utf8))])
            #expect(disguised.status == .unprocessableContent)
            #expect(disguised.text(id: "photos-error") == "“照片”只能是 JPEG 或 PNG 图片。")
            #expect(disguised.contains("楼顶漏水，附照片"))
            let tooMany = try await post(Array(repeating: ("p.png", Self.png), count: 4))
            #expect(tooMany.text(id: "photos-error") == "“照片”最多 3 张。")

            let receipt = try await post([("roof.png", Self.png), ("empty.png", [])])
            let number = try #require(receipt.text(id: "ticket-number"))
            let joint = try await web.signIn("joint.dispatcher")
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: joint)
            #expect(page.contains("/staff/tickets/\(number)/photos/1"))
            #expect(!page.contains("/staff/tickets/\(number)/photos/2"))
            let image = try await web.client.execute(uri: "/staff/tickets/\(number)/photos/1", method: .get, headers: [.cookie: joint]) {
                $0
            }
            #expect(image.status == .ok)
            #expect(image.headers[.contentType] == "image/png")
            #expect(image.headers[.contentDisposition] == "inline; filename=\"\(number)-1.png\"")
            #expect(image.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(Array(image.body.readableBytesView) == Self.png)
            let outsider = try await web.signIn("jh.dispatcher")
            let hidden = try await web.client.execute(uri: "/staff/tickets/\(number)/photos/1", method: .get, headers: [.cookie: outsider])
            { $0 }
            #expect(hidden.status == .notFound)
        }
    }
}
