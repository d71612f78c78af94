import Foundation
import HTTPTypes
import Hummingbird
import MashangCore
import MashangServices
import MashangTesting
import MashangWeb
import Testing

struct APIErrorTests {
    @Test func badInputNamesEveryFieldInTheUsersLanguageAndCreatesNothing() async throws {
        try await WebHarness.run { web in
            let body: [String: Any] = [
                "intakePoint": "jiangzuan-gate", "kind": "grumble", "category": "housing.leak",
                "description": "", "requester": ["name": "王华", "phone": "555"],
            ]
            let chinese = try await web.request(.post, "/api/v1/intake", body: body)
            #expect(chinese.status == .unprocessableContent)
            #expect(chinese.errorCode == "validation_failed")
            #expect(chinese.errorMessage == "提交的内容有误，请按提示修改后重试。")
            #expect(chinese.errorFields.map { $0["field"] } == ["kind", "description", "requester.phone"])
            #expect(chinese.errorFields.last?["message"] == "“联系电话”格式不正确。")
            let english = try await web.request(.post, "/api/v1/intake", body: body, language: "en-GB,en;q=0.9")
            #expect(english.errorFields.last?["message"] == "\"phone number\" is not valid.")
            #expect(english.headers[.contentLanguage] == "en")
            let joint = try await web.token("joint.dispatcher")
            let list = try await web.request(.get, "/api/v1/tickets", token: joint)
            #expect(list["total"] as? Int == 0)
        }
    }

    @Test func malformedJSONIsA400AndAWrongTypeNamesItsField() async throws {
        try await WebHarness.run { web in
            let broken = try await web.request(.post, "/api/v1/intake", raw: "{not json")
            #expect(broken.status == .badRequest)
            #expect(broken.errorCode == "malformed_request")
            let wrongType = try await web.request(.post, "/api/v1/intake", raw: #"{"requester": {"phone": 13812345678}}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.errorFields.first?["field"] == "requester.phone")
        }
    }

    @Test func anIllegalTransitionIsA409ThatChangesNothing() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.token("joint.dispatcher")
            let refused = try await web.act(number, "acknowledge", as: joint)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "illegalTransition")
            #expect(refused.errorMessage == "工单当前状态为“已受理”，不能执行“签收”。")
            let english = try await web.act(number, "reply", ["text": "x", "contactMethod": "phone"], as: joint, language: "en")
            #expect(english.errorMessage == "The ticket is \"received\"; \"reply\" is not possible now.")
            let detail = try await web.request(.get, "/api/v1/tickets/\(number)", token: joint)
            #expect(detail["version"] as? Int == 1)
            #expect(detail["status"] as? String == "received")
        }
    }

    @Test func signingInIsRequiredAndChecked() async throws {
        try await WebHarness.run { web in
            let anonymous = try await web.request(.get, "/api/v1/tickets")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.errorMessage == "请先登录。")
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await web.request(.get, "/api/v1/me", token: "forged").status == .unauthorized)
            let wrong = try await web.request(
                .post, "/api/v1/auth/token", body: ["username": "gh.dispatcher", "password": "nope"], language: "en")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.errorMessage == "Wrong username or password.")
            #expect(
                try await web.request(.post, "/api/v1/auth/token", body: ["username": "nobody", "password": "nope"]).status == .unauthorized
            )
            let missing = try await web.request(.post, "/api/v1/auth/token", body: [:])
            #expect(missing.errorFields.map { $0["field"] } == ["username", "password"])
            let token = try await web.token("gh.handler")
            let me = try await web.request(.get, "/api/v1/me", token: token)
            #expect(me["username"] as? String == "gh.handler")
            #expect(me["role"] as? String == "handler")
            #expect(me["organization"] as? String == "guanghua-street")
            #expect(me["department"] as? String == "gh-construction")
            // A token can be signed out; it stops working at once.
            #expect(try await web.request(.delete, "/api/v1/auth/token", token: token).status == .noContent)
            #expect(try await web.request(.get, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    @Test func ticketsOutsideTheScopeAreNotFoundAndRolesWithoutTheRightAreForbidden() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.token("joint.dispatcher")
            _ = try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint)
            let enterprise = try await web.token("jh.dispatcher")
            #expect(try await web.request(.get, "/api/v1/tickets/\(number)", token: enterprise).status == .notFound)
            #expect(try await web.act(number, "acknowledge", as: enterprise).status == .notFound)
            let enterpriseList = try await web.request(.get, "/api/v1/tickets", token: enterprise)
            #expect(enterpriseList["total"] as? Int == 0)
            let leader = try await web.token("gh.leader")
            #expect(try await web.request(.get, "/api/v1/tickets/\(number)", token: leader).status == .ok)
            let forbidden = try await web.act(number, "acknowledge", as: leader)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.errorMessage == "您没有权限执行此操作。")
            #expect(try await web.request(.post, "/api/v1/tickets", body: [:], token: leader).status == .forbidden)
            #expect(try await web.request(.get, "/api/v1/tickets/MS-2026-999999", token: joint).status == .notFound)
            #expect(try await web.request(.get, "/api/v1/nothing-here").status == .notFound)
        }
    }

    @Test func aRetriedSubmissionWithTheSameKeyReturnsTheSameTicket() async throws {
        try await WebHarness.run { web in
            let first = try await web.submitLeak(key: "phone-42-attempt")
            let second = try await web.submitLeak(key: "phone-42-attempt")
            #expect(first.status == .created && second.status == .created)
            #expect(second["number"] as? String == first["number"] as? String)
            #expect(second["trackingCode"] as? String == first["trackingCode"] as? String)
            #expect(second.headers[HTTPField.Name("Idempotency-Replayed")!] == "true")
            let third = try await web.submitLeak(key: "another")
            #expect(third["number"] as? String != first["number"] as? String)
            let bad = try await web.submitLeak(key: String(repeating: "k", count: 201))
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test func listParametersAreValidatedAndChineseTextIsSearched() async throws {
        try await WebHarness.run { web in
            _ = try await web.submitLeak()
            let joint = try await web.token("joint.dispatcher")
            let bad = try await web.request(.get, "/api/v1/tickets?status=lost&from=2026-13-01&pageSize=0", token: joint)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.errorFields.map { $0["field"] } == ["status", "from", "pageSize"])
            let query = "漏水".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let found = try await web.request(.get, "/api/v1/tickets?q=\(query)&category=housing&area=jiangzuan", token: joint)
            #expect(found["total"] as? Int == 1)
            let other = "电梯".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            #expect(try await web.request(.get, "/api/v1/tickets?q=\(other)", token: joint)["total"] as? Int == 0)
        }
    }

    @Test func referenceDataIsPublicWithStableCodesAndLocalisedNames() async throws {
        try await WebHarness.run { web in
            let categories = try await web.request(.get, "/api/v1/categories")
            let items = try #require(categories["items"] as? [[String: Any]])
            #expect(items.first { $0["code"] as? String == "property" }?["name"] as? String == "物业服务")
            let english = try await web.request(.get, "/api/v1/organizations", language: "en")
            let organizations = try #require(english["items"] as? [[String: Any]])
            #expect(organizations.first { $0["code"] as? String == "qianjiang-court" }?["name"] as? String == "Qianjiang People's Court")
            #expect(try await web.request(.get, "/api/v1/intake-points")["items"] as? [[String: Any]] != nil)
            #expect(try await web.request(.get, "/api/v1/areas")["items"] as? [[String: Any]] != nil)
            let health = try await web.request(.get, "/health")
            #expect(health["status"] as? String == "ok")
        }
    }
}

struct MessageCatalogueTests {
    @Test func bothLanguagesHaveTheSameKeysAndEveryRefusalHasAMessage() {
        let messages = Messages.bundled
        #expect(messages.keys(.zhHans) == messages.keys(.en))
        let codes: [LifecycleError.Code] = [
            .illegalTransition, .openTasks, .taskNotOpen, .jointDecisionRequired, .bindingDispatch,
            .notConsultation, .topTier, .invalidMergeTarget, .sameOrganization,
        ]
        for code in codes {
            #expect(messages.keys(.zhHans).contains("error.conflict.\(code.rawValue)"))
        }
        for status in TicketStatus.allCases { #expect(messages.keys(.en).contains("status.\(status.rawValue)")) }
        for action in TicketAction.allCases { #expect(messages.keys(.en).contains("action.\(action.rawValue)")) }
    }

    @Test(arguments: [
        (String?("zh-CN,zh;q=0.9,en;q=0.8"), Language.zhHans), ("en-US,en;q=0.9", .en), ("fr-FR", .zhHans),
        (nil, .zhHans), ("en;q=0.5, zh;q=0.8", .zhHans), ("zh;q=0, en", .en),
    ])
    func theLanguageFollowsAcceptLanguageAndDefaultsToChinese(_ header: String?, _ expected: Language) {
        #expect(Language.preferred(acceptLanguage: header) == expected)
    }
}

struct RateLimitTests {
    @Test func publicIntakeIsLimitedPerAddressAndPerPhoneHoweverThePhoneIsWritten() async throws {
        try await WebHarness.run { web in
            func submit(_ phone: String, _ index: Int) async throws -> JSONResponse {
                // Claimed client addresses in headers are not believed: the limit is on the connection's address.
                let spoofed: HTTPFields = [
                    HTTPField.Name("X-Forwarded-For")!: "10.0.\(index).1", HTTPField.Name("X-Real-IP")!: "10.1.\(index).1",
                    HTTPField.Name("Forwarded")!: "for=10.2.\(index).1",
                ]
                return try await web.request(
                    .post, "/api/v1/intake",
                    body: [
                        "intakePoint": "wuqi-gate", "kind": "help", "category": "elderly", "description": "第\(index)次反映：助餐",
                        "requester": ["name": "王华", "phone": phone],
                    ], headers: spoofed)
            }
            let spellings = ["13812345678", "138-1234-5678", "+86 138 1234 5678", "138 1234 5678", "0086 13812345678"]
            for (index, spelling) in spellings.enumerated() { #expect(try await submit(spelling, index).status == .created) }
            let limited = try await submit("138.1234.5678", 9)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(limited.errorMessage?.hasPrefix("操作太频繁") == true)
            // Other phones from the same address go on until the address's own limit.
            var statuses: [HTTPResponse.Status] = []
            for index in 0..<16 { statuses.append(try await submit("1391234\(String(format: "%04d", index))", index).status) }
            #expect(statuses.filter { $0 == .created }.count == 14)
            #expect(statuses.last == .tooManyRequests)
        }
    }

    @Test func repeatedFailedSignInsLockTheUsernameWhateverItsCapitalisation() async throws {
        try await WebHarness.run { web in
            for index in 0..<10 {
                let name = index % 2 == 0 ? "GH.Dispatcher" : "gh.dispatcher"
                #expect(
                    try await web.request(.post, "/api/v1/auth/token", body: ["username": name, "password": "wrong"]).status
                        == .unauthorized)
            }
            let locked = try await web.request(
                .post, "/api/v1/auth/token", body: ["username": "gh.dispatcher", "password": WebHarness.password])
            #expect(locked.status == .tooManyRequests)
            let page = try await web.page(.post, "/staff/login", form: [("username", "gh.dispatcher"), ("password", WebHarness.password)])
            #expect(page.status == .tooManyRequests)
            #expect(page.headers[.retryAfter] != nil)
            // Another user is not affected.
            #expect(
                try await web.request(.post, "/api/v1/auth/token", body: ["username": "gh.leader", "password": WebHarness.password]).status
                    == .ok)
        }
    }
}
