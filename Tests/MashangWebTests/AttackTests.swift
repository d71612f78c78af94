import Foundation
import HTTPTypes
import HummingbirdTesting
import MashangCore
import MashangStore
import MashangTesting
import NIOCore
import Testing

/// Hostile input against every surface: markup in every text field, forged and missing CSRF tokens on every
/// state-changing form, odd Unicode and SQL metacharacters, oversized, truncated and mistyped bodies, forged
/// credentials, and ticket numbers guessed one after another.
struct AttackTests {
    static let xssPayloads = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><svg onload=alert(1)>",
        "</textarea><iframe src=javascript:alert(1)>",
        "{{chrome}}<b onmouseover=alert(1)>x</b>",
        "javascript:alert(document.cookie)//<a href=\"javascript:alert(1)\">",
    ]

    /// The dangerous fragments that must never reach a page unescaped.
    static let forbiddenFragments = ["<script>alert", "<img src=x", "<svg onload", "<iframe", "<b onmouseover", "<a href=\"javascript"]

    static func assertEscaped(_ page: HTMLResponse, _ place: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for fragment in forbiddenFragments {
            #expect(!page.html.contains(fragment), "\(fragment) unescaped on \(place)", sourceLocation: sourceLocation)
        }
    }

    @Test func markupInEveryTextFieldIsStoredIntactAndShownEscapedOnEveryPage() async throws {
        try await WebHarness.run { web in
            let intake = try await web.token("joint.intake"), joint = try await web.token("joint.dispatcher")
            let government = try await web.token("gh.dispatcher")
            let staff = try await web.signIn("joint.supervisor")
            var tried = 0
            for payload in Self.xssPayloads {
                let created = try await web.request(
                    .post, "/api/v1/tickets",
                    body: [
                        "channel": "hotline", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1",
                        "description": "屋顶漏水 " + payload,
                        "requester": ["name": String(("王" + payload).prefix(30)), "phone": "13812345678"],
                    ], token: intake)
                let number = try #require(created["number"] as? String, "\(created.json)")
                try #require(
                    try await web.act(
                        number, "dispatch",
                        [
                            "organization": "guanghua-street", "department": "gh-construction",
                            "note": payload,
                        ], as: joint
                    ).status == .ok)
                try #require(try await web.act(number, "acknowledge", as: government).status == .ok)
                let task = try await web.act(
                    number, "tasks",
                    [
                        "title": payload, "department": "gh-construction",
                        "responsiblePerson": String(payload.prefix(50)), "dueDate": "2026-12-01",
                    ], as: government)
                try #require(task.status == .ok, "\(task.json)")
                try #require(
                    try await web.request(.post, "/api/v1/tickets/\(number)/tasks/1/complete", body: ["result": payload], token: government)
                        .status == .ok)
                try #require(try await web.act(number, "reply", ["text": payload, "contactMethod": "phone"], as: government).status == .ok)
                tried += 7

                // Stored intact: the API gives back exactly what was sent.
                let detail = try await web.request(.get, "/api/v1/tickets/\(number)", token: joint)
                #expect(detail["description"] as? String == "屋顶漏水 " + payload)
                #expect((detail["replies"] as? [[String: Any]])?.first?["text"] as? String == payload)

                // Shown escaped everywhere it appears.
                let ticketPage = try await web.page(.get, "/staff/tickets/\(number)", cookie: staff)
                Self.assertEscaped(ticketPage, "ticket page")
                #expect(ticketPage.contains("&lt;") && ticketPage.text(id: "description") == "屋顶漏水 " + payload)
                Self.assertEscaped(try await web.page(.get, "/staff/tickets?status=replied", cookie: staff), "list")
                Self.assertEscaped(try await web.page(.get, "/staff", cookie: staff), "desk")
                Self.assertEscaped(try await web.page(.get, "/staff/board", cookie: staff), "board")
                let track = try await web.page(.post, "/track", form: [("number", number), ("code", "5678")])
                #expect(track.status == .ok)
                Self.assertEscaped(track, "public tracking page")
                let csv = try await web.page(.get, "/staff/tickets.csv?q=\(number)", cookie: staff)
                #expect(csv.status == .ok && !csv.html.contains("\n=") && !csv.html.contains(",="))  // formulas neutralised
            }
            // The same payloads typed into the public form and into search come back escaped too.
            for payload in Self.xssPayloads {
                let form = try await web.page(
                    .post, "/m/jiangzuan-gate",
                    form: [
                        ("category", "housing.leak"), ("kind", "complaint"),
                        ("description", payload), ("name", ""), ("phone", "12"),
                    ])
                #expect(form.status == .unprocessableContent)
                Self.assertEscaped(form, "public form")
                let search = try await web.page(
                    .get, "/staff/tickets?q=" + payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, cookie: staff)
                Self.assertEscaped(search, "search")
                tried += 2
            }
            print("XSS: \(Self.xssPayloads.count) payloads, \(tried) field placements, every page escaped")
        }
    }

    /// Fills a route pattern's parameters with real values.
    static func concrete(_ pattern: String, number: String) -> String {
        let values = [
            "{number}": number, "{action}": "acknowledge", "{code}": "R01", "{username}": "gh.handler", "{toggle}": "disable",
            "{table}": "departments", "{position}": "1", "{id}": "1", "{purpose}": "received", "{language}": "zh-Hans",
        ]
        return pattern.split(separator: "/", omittingEmptySubsequences: false).map { values[String($0)] ?? String($0) }.joined(
            separator: "/")
    }

    @Test func everyStateChangingStaffFormRefusesAMissingOrForgedCSRFToken() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let admin = try await web.signIn("joint.admin"), supervisor = try await web.signIn("joint.supervisor")
            // Signing in comes before any session: the code pages are guarded by their SameSite=Strict challenge cookie,
            // which a cross-site form does not carry.
            let beforeSession: Set = ["POST /staff/login", "POST /staff/logout", "POST /staff/login/code", "POST /staff/login/enrol"]
            let forms = web.routes.filter { $0.hasPrefix("POST /staff/") && !beforeSession.contains($0) }
            #expect(forms.count >= 9, "\(forms)")
            var attempts = 0
            for route in forms {
                let path = Self.concrete(String(route.dropFirst(5)), number: number)
                let cookie = path.hasPrefix("/staff/admin") ? admin : supervisor
                for csrf in [nil, "forged-token", ""] as [String?] {
                    let form: [(String, String)] = (csrf.map { [("_csrf", $0)] } ?? []) + [("code", "x"), ("name", "x"), ("reason", "x")]
                    let response = try await web.page(.post, path, form: form, cookie: cookie)
                    #expect(response.status == .forbidden, "\(route) as \(path) with csrf \(csrf ?? "missing"): \(response.status)")
                    attempts += 1
                }
            }
            // Nothing happened: the ticket is untouched, no account was disabled.
            #expect(
                try await web.request(.get, "/api/v1/tickets/\(number)", token: try await web.token("joint.supervisor"))["version"] as? Int
                    == 1)
            #expect(try await web.database.accounts.account(username: "gh.handler")?.active == true)
            // A forged sign-out does not sign out.
            _ = try await web.page(.post, "/staff/logout", form: [("_csrf", "forged")], cookie: supervisor)
            #expect(try await web.page(.get, "/staff", cookie: supervisor).status == .ok)
            print("CSRF: \(forms.count) state-changing forms × 3 forged tokens = \(attempts) attempts, all 403")
        }
    }

    @Test func unicodeOdditiesAndSQLMetacharactersAreStoredIntactOrRefusedCleanly() async throws {
        try await WebHarness.run { web in
            let token = try await web.token("joint.intake")
            let kept = [
                "右到左\u{202E}标记 漏水", "零宽\u{200B}空格\u{200D}连接 漏水", "表情 👨‍👩‍👧 🏚️ 漏水", "扩展汉字 𠮷𡈽𤭢 漏水",
                "组合字符 é ñ 漏水", "'; DROP TABLE tickets; -- 漏水", "\" OR 1=1 -- %_\\ 漏水", "Robert'); DELETE FROM accounts;-- 漏水",
                "全角  空格 漏水", "\u{FEFF}BOM 漏水", "换行\n第二行 漏水",
            ]
            for text in kept {
                let created = try await web.request(
                    .post, "/api/v1/tickets",
                    body: [
                        "channel": "hotline", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1",
                        "description": text, "requester": ["name": "王华", "phone": "13812345678"],
                    ], token: token)
                #expect(created.status == .created, "\(text): \(created.json)")
                let number = try #require(created["number"] as? String)
                let detail = try await web.request(.get, "/api/v1/tickets/\(number)", token: token)
                // A leading byte-order mark is dropped with the other leading white space; everything else is kept.
                #expect(detail["description"] as? String == text.replacingOccurrences(of: "\u{FEFF}", with: ""), "\(text)")
            }
            // The tables are all still there, and LIKE wildcards in a search match only themselves.
            #expect(try await web.database.accounts.account(username: "joint.intake") != nil)
            let wildcard = try await web.request(.get, "/api/v1/tickets?q=%25_", token: token)
            #expect(wildcard.status == .ok)
            #expect((wildcard["items"] as? [[String: Any]])?.count ?? 0 <= 1)
            let extended = try await web.request(
                .get, "/api/v1/tickets?q=" + "𠮷𡈽".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, token: token)
            #expect((extended["items"] as? [[String: Any]])?.count == 1)

            let refused = ["NUL\u{0000}字符 漏水", "退格\u{0008}漏水", "转义\u{001B}[31m漏水"]
            for text in refused {
                let response = try await web.request(
                    .post, "/api/v1/tickets",
                    body: [
                        "channel": "hotline", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1",
                        "description": text, "requester": ["name": "王华\u{0000}", "phone": "13812345678"],
                    ], token: token)
                #expect(response.status == .unprocessableContent, "\(response.json)")
                #expect(Set(response.errorFields.compactMap { $0["field"] }) == ["description", "requester.name"])
                #expect(response.errorFields.first?["message"] == "“具体情况”含有不允许的控制字符。")
            }
            let count = try await web.request(.get, "/api/v1/tickets", token: token)["total"] as? Int
            #expect(count == kept.count)
            print("Unicode/SQL: \(kept.count) kept intact, \(refused.count) refused")
        }
    }

    @Test func oversizedTruncatedMistypedAndWronglyLabelledBodiesAreRefusedWithTheirOwnStatus() async throws {
        try await WebHarness.run { web in
            let token = try await web.token("joint.intake")
            let big = String(repeating: "漏", count: 100_000)  // 300 KB of UTF-8
            let oversized = try await web.request(.post, "/api/v1/tickets", raw: #"{"description":""# + big + #""}"#, token: token)
            #expect(oversized.status == .contentTooLarge)
            #expect(oversized.errorCode == "too_large")
            let longField = try await web.request(
                .post, "/api/v1/tickets",
                body: [
                    "channel": "hotline", "kind": "complaint", "category": "housing.leak", "area": "jiangzuan-grid1",
                    "description": String(repeating: "漏", count: 2001), "requester": ["name": "王华", "phone": "13812345678"],
                ], token: token)
            #expect(longField.status == .unprocessableContent && longField.errorFields.first?["code"] == "tooLong")

            for truncated in [
                #"{"kind": "comp"#, #"{"kind":"#, "{", "[", #"{"requester": {"name": "王"#, String(repeating: "[", count: 50_000),
            ] {
                let response = try await web.request(.post, "/api/v1/tickets", raw: truncated, token: token)
                #expect(response.status == .badRequest, "\(truncated.prefix(20))")
                #expect(response.errorCode == "malformed_request")
            }
            let mistyped = try await web.request(.post, "/api/v1/tickets", raw: #"{"kind": 5, "requester": "王华"}"#, token: token)
            #expect(mistyped.status == .badRequest)
            #expect(!mistyped.errorFields.isEmpty)

            for contentType in ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml"] {
                let response = try await web.request(
                    .post, "/api/v1/intake", raw: #"{"kind":"complaint"}"#,
                    headers: [.contentType: contentType])
                #expect(response.status == .unsupportedMediaType, "\(contentType)")
            }
            let upperCase = try await web.request(
                .post, "/api/v1/auth/token", raw: #"{"username":"joint.intake","password":"secret-pass"}"#,
                headers: [.contentType: "Application/JSON; Charset=UTF-8"])
            #expect(upperCase.status == .ok)
            let pageSize = try await web.request(.get, "/api/v1/tickets?pageSize=100000", token: token)
            #expect(pageSize.status == .unprocessableContent && pageSize.errorFields.first?["field"] == "pageSize")
            #expect(try await web.request(.get, "/api/v1/tickets", token: token).status == .ok)
        }
    }

    /// Multipart bodies whose parts do not match their declared boundary, or that end early, are refused at once (the
    /// parser used to spin on them and bring the server down — found by schemathesis on the photos route).
    @Test func multipartBodiesThatDoNotMatchTheirBoundaryAreRefused() async throws {
        try await WebHarness.run { web in
            let token = try await web.token("joint.dispatcher")
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let bodies = [
                "--other\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"a.png\"\r\n\r\nx\r\n--other--\r\n",
                "--b733\r\n\u{24153}--7e48--\r\n", "--b733\r\nContent-Disposition: form-data; name=\"photos\"\r\n\r\nunfinished",
                "", "\r\n", "--b733\r\n\u{24153}--b733--", "--b733\r\n--b733--", "--b733\r\nX: y\r\n--b733--",
                "--b733\r\n\r\n--b733--\r\n", "--b733\r\nContent-Disposition: form-data; name=\"photos\"\r\n--b733--",
            ]
            for body in bodies {
                let response = try await web.request(
                    .post, "/api/v1/tickets/\(number)/photos", raw: body, token: token,
                    headers: [.contentType: "multipart/form-data; boundary=b733"])
                #expect(response.status == .badRequest || response.status == .unprocessableContent, "\(body.debugDescription)")
                let page = try await web.client.execute(
                    uri: "/m/jiangzuan-gate", method: .post, headers: [.contentType: "multipart/form-data; boundary=b733"],
                    body: ByteBuffer(string: body)
                ) { $0.status }
                #expect(page == .badRequest || page == .unprocessableContent, "\(body.debugDescription)")
            }
            #expect(try await web.request(.get, "/health").status == .ok)
        }
    }

    @Test func forgedCredentialsAndGuessedNumbersLearnNothing() async throws {
        try await WebHarness.run { web in
            var numbers: [String] = []
            for _ in 0..<3 { numbers.append(try #require(try await web.submitLeak()["number"] as? String)) }
            // Forged cookies and tokens: back to sign-in, 401, never a page or data.
            for cookie in [
                "mashang_session=forged", "mashang_session=", "mashang_session=\(String(repeating: "A", count: 43))",
                "mashang_session=../../etc/passwd", "other=1; mashang_session=x",
            ] {
                let page = try await web.page(.get, "/staff", cookie: cookie)
                #expect(page.status == .seeOther && page.headers[.location]?.hasPrefix("/staff/login") == true, "\(cookie)")
            }
            for header in ["Bearer forged", "Bearer ", "Basic am9pbnQ6eA==", "bearer  \(String(repeating: "x", count: 500))"] {
                let response = try await web.request(.get, "/api/v1/tickets", headers: [.authorization: header])
                #expect(response.status == .unauthorized, "\(header)")
            }
            // An organisation that is not involved guesses numbers: an existing ticket and a missing one answer the same.
            let outsider = try await web.token("jh.dispatcher")
            var answers: Set<String> = []
            for sequence in 1...6 {
                let number = String(format: "MS-2026-%06d", sequence)
                let response = try await web.request(.get, "/api/v1/tickets/\(number)", token: outsider)
                #expect(response.status == .notFound)
                answers.insert("\(response.status.code) \(response.errorCode ?? "") \(response.errorMessage ?? "")")
                let acted = try await web.act(number, "acknowledge", as: outsider)
                #expect(acted.status == .notFound)
                answers.insert("\(acted.status.code) \(acted.errorCode ?? "") \(acted.errorMessage ?? "")")
            }
            #expect(answers.count == 1, "existing and missing tickets must be indistinguishable: \(answers)")

            let list = try await web.request(.get, "/api/v1/tickets", token: outsider)
            #expect((list["items"] as? [[String: Any]])?.isEmpty == true)
            // Path spelling does not reach another route or skip a check.
            for path in ["/API/v1/tickets", "/api/v1/%74ickets", "/api/v1//tickets", "/api/v1/tickets/../me", "/staff/%61dmin/audit"] {
                let response = try await web.request(.get, path)
                #expect(![.ok, .internalServerError].contains(response.status), "\(path): \(response.status)")
            }
        }
    }
}
