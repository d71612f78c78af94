import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// Open311 GeoReport v2 at `/open311/v2/`: what a civic-tech client or a hotline system sees, in XML and JSON.
struct Open311Tests {
    static let elevator: [(String, String)] = [
        ("service_code", "property.elevator"), ("address_id", "wuqi-grid1"), ("first_name", "华"), ("last_name", "王"),
        ("phone", "13812345678"), ("description", "5号楼电梯停在三楼不动"), ("attribute[building]", "5号楼2单元"),
        ("attribute[trapped]", "no"), ("attribute[kind]", "complaint"), ("email", "wh@example.com"), ("device_id", "tt222111"),
    ]

    /// A point inside a demo grid, as a GPS would report it.
    static func gps(in area: String) throws -> GeoPoint {
        try #require(DemoReference.referenceData.area(area)?.boundary?.labelPoint)
    }

    @Test func discoveryServicesAndDefinitionsFollowTheSpecificationInBothFormats() async throws {
        try await WebHarness.run { web in
            let discovery = try await web.open311(.get, "discovery.xml")
            #expect(discovery.status == .ok)
            #expect(discovery.headers[.contentType] == "text/xml; charset=utf-8")
            #expect(discovery.body.hasPrefix("<?xml version=\"1.0\" encoding=\"utf-8\"?>"))
            let endpoint = try #require(discovery.xml?.child("endpoints")?.child("endpoint"))
            #expect(endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2")
            #expect(endpoint["url"] == "http://127.0.0.1:8080/open311/v2")
            #expect(endpoint.child("formats")?.all("format").map(\.text) == ["text/xml", "application/json"])
            #expect(
                ((try await web.open311(.get, "discovery.json")).jsonObject["endpoints"] as? [[String: Any]])?.first?["type"] as? String
                    == "production")

            let services = try await web.open311(.get, "services.json")
            #expect(services.headers[.contentType] == "application/json; charset=utf-8")
            let elevator = try #require(services.jsonList.first { $0["service_code"] as? String == "property.elevator" })
            #expect(elevator["service_name"] as? String == "电梯运行")
            #expect(elevator["group"] as? String == "物业服务")
            #expect(elevator["metadata"] as? Bool == true && elevator["type"] as? String == "realtime")
            #expect((elevator["keywords"] as? String)?.contains("Lifts") == true)
            // Categories with subcategories are groups, not services.
            #expect(!services.jsonList.contains { $0["service_code"] as? String == "property" })
            let waste = try #require(services.jsonList.first { $0["service_code"] as? String == "environment.waste" })
            #expect((waste["description"] as? String)?.contains("可不留姓名") == true)
            let servicesXML = try #require(try await web.open311(.get, "services.xml", language: "en").xml)
            #expect(servicesXML.name == "services")
            #expect(servicesXML.all("service").first { $0["service_code"] == "property.elevator" }?["service_name"] == "Lifts")
            #expect(servicesXML.all("service").count == services.jsonList.count)

            // Definitions: Mashang's kind and urgency, then the category's questions, inherited ones included.
            let definition = try #require(try await web.open311(.get, "services/property.elevator.xml").xml)
            #expect(definition.name == "service_definition" && definition["service_code"] == "property.elevator")
            let attributes = definition.child("attributes")?.all("attribute") ?? []
            #expect(attributes.map { $0["code"] ?? "" } == ["kind", "urgency", "building", "trapped"])
            #expect(attributes.map { $0["order"] ?? "" } == ["1", "2", "3", "4"])
            #expect(attributes[3]["datatype"] == "singlevaluelist" && attributes[3]["required"] == "true")
            #expect(attributes[3].child("values")?.all("value").map { $0["key"] ?? "" } == ["yes", "no"])
            let wasteDefinition = try await web.open311(.get, "services/environment.waste.json")
            let codes = (wasteDefinition.jsonObject["attributes"] as? [[String: Any]])?.compactMap { $0["code"] as? String }
            #expect(codes == ["kind", "urgency", "recurring"])

            for path in [
                "services/nothing.xml", "services/property.json", "requests/MS-2099-000001.xml", "tokens/nope.json", "whatever.xml",
            ] {
                let missing = try await web.open311(.get, path)
                #expect(missing.status == .notFound, "\(path)")
                #expect(missing.errorDescriptions.count == 1, "\(path): \(missing.body)")
            }
            let errors = try #require(try await web.open311(.get, "services/nothing.xml").xml)
            #expect(errors.name == "errors" && errors.child("error")?["code"] == "404")
        }
    }

    @Test func aJurisdictionIsCheckedWhereOneIsConfigured() async throws {
        var configuration = AppConfiguration()
        configuration.open311Jurisdiction = "qianjiang.gov.cn"
        try await WebHarness.run(configuration: configuration) { web in
            #expect(try await web.open311(.get, "services.xml?jurisdiction_id=qianjiang.gov.cn").status == .ok)
            #expect(try await web.open311(.get, "services.xml").status == .ok)
            let other = try await web.open311(.get, "services.json?jurisdiction_id=wuhan.gov.cn")
            #expect(other.status == .notFound)
            #expect(other.errorDescriptions == ["未找到 jurisdiction_id“wuhan.gov.cn”。"])
        }
    }

    @Test func keysAreMadeByAdministratorsForTheirOrganisationShownOnceAndRevoked() async throws {
        try await WebHarness.run { web in
            let key = try await web.makeApiKey(as: "joint.admin", organization: "guanghua-street")
            #expect(key.hasPrefix("msk_") && key.count > 40)
            let stored = try await web.database.apiKeys.keys()
            #expect(stored.count == 1 && stored[0].organization == "guanghua-street" && stored[0].prefix == String(key.prefix(10)))
            #expect(try await web.database.apiKeys.activeKey(digest: key) == nil)  // the key itself is not stored
            let audit = try await web.database.audit.entries(matching: AuditQuery(action: "apikey.add", limit: 10))
            #expect(audit.count == 1)
            var exported: [String] = []
            #expect(try await DirectoryExport().audit(web.database.stores, from: nil, before: nil) { exported.append($0) } >= 1)
            #expect(
                exported.contains { $0.contains("\"action\":\"apikey.add\"") && $0.contains("\"detail\":\"guanghua-street 区12345热线\"") })

            // An organisation's administrator makes keys for it only, and sees only its keys; others may not.
            let gh = try await web.signIn("gh.admin")
            let csrf = try #require(try await web.page(.get, "/staff/admin/api-keys", cookie: gh).csrf)
            let foreign = try await web.page(
                .post, "/staff/admin/api-keys", form: [("_csrf", csrf), ("name", "x"), ("organization", "jianghan-oilfield")],
                cookie: gh)
            #expect(foreign.status == .unprocessableContent)
            let jhKey = try await web.makeApiKey(as: "jh.admin", organization: "jianghan-oilfield", name: "油田热线")
            let ghPage = try await web.page(.get, "/staff/admin/api-keys", cookie: gh)
            #expect(ghPage.contains("区12345热线") && !ghPage.contains("油田热线"))
            #expect(try await web.page(.get, "/staff/admin/api-keys", cookie: try await web.signIn("gh.dispatcher")).status == .forbidden)
            #expect(
                try await web.page(.post, "/staff/admin/api-keys", form: [("name", "x"), ("organization", "guanghua-street")], cookie: gh)
                    .status == .forbidden)

            #expect(try await web.open311(.post, "requests.xml", form: [("api_key", key)] + Self.elevator).status == .ok)
            let jhID = try #require(try await web.database.apiKeys.keys(organization: "jianghan-oilfield").first?.id)
            let revokeForeign = try await web.page(.post, "/staff/admin/api-keys/\(jhID)/revoke", form: [("_csrf", csrf)], cookie: gh)
            #expect(revokeForeign.status == .notFound)
            let ghID = try #require(try await web.database.apiKeys.keys(organization: "guanghua-street").first?.id)
            #expect(
                try await web.page(.post, "/staff/admin/api-keys/\(ghID)/revoke", form: [("_csrf", csrf)], cookie: gh).status == .seeOther)
            let revoked = try await web.open311(.post, "requests.json", form: [("api_key", key)] + Self.elevator)
            #expect(revoked.status == .forbidden)
            #expect(revoked.errorDescriptions == ["api_key 无效或已停用。"])
            #expect(try await web.open311(.post, "requests.json", form: [("api_key", jhKey)] + Self.elevator).status == .ok)
            #expect(try await web.page(.get, "/staff/admin/api-keys", cookie: gh).contains("已于"))
        }
    }

    @Test func aRequestSubmittedWithAKeyEntersTheLoopAndIsReadBackWithItsHistory() async throws {
        try await WebHarness.run { web in
            let key = try await web.makeApiKey(as: "joint.admin", organization: "guanghua-street")
            let point = try Self.gps(in: "wuqi-grid1")
            let created = try await web.open311(
                .post, "requests.xml",
                form: [("api_key", key)] + Self.elevator
                    + [("lat", "\(point.latitude)"), ("long", "\(point.longitude)"), ("address_string", "五七小区5号楼")])
            #expect(created.status == .ok, "\(created.body)")
            let answer = try #require(created.xml)
            #expect(answer.name == "service_requests")
            let number = try #require(answer.child("request")?["service_request_id"])
            #expect(answer.child("request")?.child("token") == nil)
            #expect(answer.child("request")?["service_notice"]?.contains(number) == true)

            let stored = try #require(try await web.database.tickets.ticket(number: number))
            #expect(stored.state.channel == .api && stored.state.leadOrganization == "guanghua-street" && stored.state.kind == .complaint)
            #expect(
                stored.state.area == "wuqi-grid1" && stored.state.requester.name == "王华" && stored.state.requester.phone == "13812345678")
            #expect(stored.state.description == "5号楼电梯停在三楼不动\n\n楼栋及单元：5号楼2单元\n是否有人被困：无人被困\n地址：五七小区5号楼")
            #expect(stored.state.location == TicketLocation(point: point, system: .wgs84))
            #expect(stored.events.first?.actor == EventActor(username: "api:区12345热线", organization: "guanghua-street"))

            // Without a key: what is public only. With the organisation's key: the description and the replies.
            let open = try await web.open311(.get, "requests/\(number).json")
            let publicView = try #require(open.jsonList.first)
            #expect(publicView["status"] as? String == "open" && publicView["service_code"] as? String == "property.elevator")
            // The description without anything personal: the unit below the building goes.
            #expect(publicView["description"] as? String == "5号楼电梯停在三楼不动\n\n楼栋及单元：5号楼\n是否有人被困：无人被困\n地址：五七小区5号楼")
            #expect(publicView["lat"] as? String == String(format: "%.7f", point.latitude))
            #expect(publicView["long"] as? String == String(format: "%.7f", point.longitude))
            #expect(publicView["agency_responsible"] as? String == "广华街道办事处")
            #expect(publicView["address"] as? String == "广华片区 · 五七小区 · 五七小区第一网格")
            #expect((publicView["requested_datetime"] as? String)?.hasSuffix("+08:00") == true)
            #expect(!open.body.contains("13812345678") && !open.body.contains("王华"))
            let keyed = try #require(try await web.open311(.get, "requests/\(number).json?api_key=\(key)").jsonList.first)
            #expect((keyed["description"] as? String)?.hasPrefix("5号楼电梯停在三楼不动") == true)
            let otherKey = try await web.makeApiKey(as: "jh.admin", organization: "jianghan-oilfield", name: "油田热线")
            #expect(
                try await web.open311(.get, "requests/\(number).json?api_key=\(otherKey)").jsonList.first?["description"] as? String
                    == publicView["description"] as? String)

            // It is worked like any other request.
            let government = try await web.token("gh.dispatcher")
            #expect(
                try await web.act(number, "dispatch", ["organization": "guanghua-street", "department": "gh-construction"], as: government)
                    .status == .ok)
            #expect(try await web.act(number, "acknowledge", as: government).status == .ok)
            #expect(
                try await web.act(number, "assign", ["department": "gh-construction", "handler": "gh.handler"], as: government).status
                    == .ok)
            let handler = try await web.token("gh.handler")
            #expect(try await web.act(number, "reply", ["text": "电梯已修复，维保单位已到场", "contactMethod": "phone"], as: handler).status == .ok)
            #expect(
                try await web.act(number, "follow-up", ["satisfaction": "satisfied"], as: try await web.token("joint.intake")).status == .ok
            )

            let closed = try #require(
                try await web.open311(.get, "requests/\(number).xml?api_key=\(key)&extensions=true").xml?.child("request"))
            #expect(closed["status"] == "closed")
            #expect(closed["status_notes"] == "已办结：电梯已修复，维保单位已到场")
            #expect(closed.child("extended_attributes")?["mashang_status"] == "closed")
            #expect(closed.child("extended_attributes")?["channel"] == "api")
            let notes = closed.child("notes")?.all("note") ?? []
            #expect(notes.map { $0["type"] ?? "" } == ["created", "dispatched", "acknowledged", "assigned", "replied", "followedUp"])
            #expect(notes[4]["description"]?.contains("电梯已修复") == true)
            // The public history names the steps, not what was written.
            let publicNotes = try #require(try await web.open311(.get, "requests/\(number).xml?extensions=true").xml?.child("request"))
            #expect(publicNotes["status_notes"] == "已办结")
            #expect(publicNotes.child("notes")?.all("note").contains { $0["description"]?.contains("电梯已修复") == true } == false)
            #expect(try await web.open311(.get, "requests/\(number).xml").xml?.child("request")?.child("notes") == nil)
        }
    }

    @Test func badSubmissionsNameEveryProblemInTheUsersLanguageAndWriteNothing() async throws {
        try await WebHarness.run { web in
            let key = try await web.makeApiKey(as: "joint.admin", organization: "guanghua-street")
            let missingKey = try await web.open311(.post, "requests.xml", form: Self.elevator)
            #expect(missingKey.status == .forbidden && missingKey.errorDescriptions == ["缺少 api_key，无法提交诉求。"])
            #expect(try await web.open311(.post, "requests.xml", form: [("api_key", "msk_guess")] + Self.elevator).status == .forbidden)
            let noService = try await web.open311(.post, "requests.json", form: [("api_key", key), ("description", "电梯坏了")])
            #expect(noService.status == .badRequest && noService.errorDescriptions.count == 1)
            #expect(noService.errorDescriptions.first?.hasSuffix("(service_code)") == true)
            #expect(
                try await web.open311(.post, "requests.json", form: [("api_key", key), ("service_code", "property")]).status == .notFound)

            let bad = try await web.open311(
                .post, "requests.json",
                form: [
                    ("api_key", key), ("service_code", "property.elevator"), ("address_string", "月球背面"), ("lat", "300"), ("long", "1"),
                    ("attribute[trapped]", "maybe"), ("attribute[colour]", "red"), ("attribute[kind]", "rant"),
                    ("media_url", "javascript:alert(1)"),
                    ("phone", "12"),
                ])
            #expect(bad.status == .badRequest)
            let named = bad.errorDescriptions.map { $0.components(separatedBy: " (").last ?? "" }
            // Coordinates were given (out of range): they, not a missing address, are the location's problem.
            for parameter in [
                "attribute[building])", "attribute[trapped])", "attribute[colour])", "lat)", "media_url)",
                "attribute[kind])", "description)", "first_name)", "phone)",
            ] {
                #expect(named.contains(parameter), "\(parameter) not in \(bad.errorDescriptions)")
            }
            #expect(bad.errorDescriptions.contains("“楼栋及单元”为必填项。 (attribute[building])"))
            #expect(bad.jsonList.allSatisfy { $0["code"] as? Int == 400 })
            let english = try await web.open311(
                .post, "requests.xml", form: [("api_key", key), ("service_code", "property.elevator")], language: "en")
            #expect(english.errorDescriptions.contains("\"Building and entrance\" is required. (attribute[building])"))
            #expect(english.xml?.name == "errors")

            // Coordinates outside every area are refused, naming the territory.
            let outside = try await web.open311(
                .post, "requests.json",
                form: [
                    ("api_key", key), ("service_code", "environment.waste"),
                    ("lat", "30.4"), ("long", "112.9"), ("description", "垃圾没人清运"),
                ])
            #expect(outside.status == .badRequest && outside.errorDescriptions.count == 1)
            #expect(outside.errorDescriptions.first?.contains("广华片区") == true, "\(outside.errorDescriptions)")
            #expect(outside.errorDescriptions.first?.hasSuffix("(lat)") == true)
            #expect(try await web.database.tickets.tickets(matching: TicketQuery()).total == 0)

            // An address naming a known community is enough, and anonymity where the category allows it.
            let anonymous = try await web.open311(
                .post, "requests.json",
                form: [
                    ("api_key", key), ("service_code", "environment.waste"),
                    ("address_string", "园林小区东门"), ("description", "垃圾三天没人清运"),
                    ("attribute[recurring]", "again"),
                ])
            #expect(anonymous.status == .ok, "\(anonymous.body)")
            let number = try #require(anonymous.jsonList.first?["service_request_id"] as? String)
            let state = try #require(try await web.database.tickets.ticket(number: number)).state
            #expect(state.area == "yuanlin" && state.requester.isAnonymous && state.kind == .help)
            #expect(state.description.hasSuffix("是否反复出现：反复出现\n地址：园林小区东门"))
        }
    }

    @Test func listsFilterByTheSpecificationsArgumentsAndPage() async throws {
        try await WebHarness.run { web in
            let key = try await web.makeApiKey(as: "joint.admin", organization: "guanghua-street")
            var numbers: [String] = []
            for index in 0..<3 {
                let created = try await web.open311(
                    .post, "requests.json",
                    form: [("api_key", key)]
                        + Self.elevator.map {
                            $0.0 == "phone" ? ("phone", "1381234567\(index)") : $0
                        })
                numbers.append(try #require(created.jsonList.first?["service_request_id"] as? String))
            }
            let leak = try #require(try await web.submitLeak()["number"] as? String)  // public QR intake, held by the joint centre
            // An internal channel is not listed without a key.
            let desk = try await web.token("jh.intake")
            let sentiment = try await web.request(
                .post, "/api/v1/tickets",
                body: [
                    "channel": "sentimentReport", "kind": "help", "category": "employee.welfare", "area": "wuqi-grid1",
                    "description": "职工反映困难补助发放慢", "requester": ["name": "李华", "phone": "13900001111"],
                ], token: desk)
            let internalNumber = try #require(sentiment["number"] as? String)

            let all = try await web.open311(.get, "requests.json")
            #expect(Set(all.jsonList.compactMap { $0["service_request_id"] as? String }) == Set(numbers + [leak]))
            let keyed = try await web.open311(.get, "requests.json?api_key=\(key)")
            #expect(Set(keyed.jsonList.compactMap { $0["service_request_id"] as? String }) == Set(numbers))
            let jointKey = try await web.makeApiKey(as: "joint.admin", organization: "joint", name: "联合中心")
            #expect(try await web.open311(.get, "requests.json?api_key=\(jointKey)").jsonList.count == 5)

            let byService = try await web.open311(.get, "requests.xml?service_code=housing.leak,property.fees")
            #expect(byService.xml?.all("request").map { $0["service_request_id"] ?? "" } == [leak])
            #expect(try await web.open311(.get, "requests.json?status=closed").jsonList.isEmpty)
            #expect(try await web.open311(.get, "requests.json?status=open").jsonList.count == 4)
            let page = try await web.open311(.get, "requests.json?page_size=2&page=2")
            #expect(page.jsonList.count == 2)
            let ids = try await web.open311(.get, "requests.json?service_request_id=\(numbers[0]),\(leak),\(internalNumber)&status=closed")
            #expect(ids.jsonList.compactMap { $0["service_request_id"] as? String } == [numbers[0], leak])

            // Dates: the W3C form, at most 90 days apart.
            #expect(
                try await web.open311(.get, "requests.json?start_date=2026-03-02T00:00:00%2B08:00&end_date=2026-03-02T23:59:59%2B08:00")
                    .jsonList.count == 4)
            #expect(try await web.open311(.get, "requests.json?start_date=2026-03-03T00:00:00Z").jsonList.isEmpty)
            let span = try await web.open311(.get, "requests.json?start_date=2025-01-01T00:00:00Z&end_date=2026-03-01T00:00:00Z")
            #expect(span.status == .badRequest && span.errorDescriptions.first?.contains("90") == true)
            for bad in ["start_date=yesterday", "status=pending", "service_code=nothing", "page_size=5000", "page=0"] {
                #expect(try await web.open311(.get, "requests.xml?\(bad)").status == .badRequest, "\(bad)")
            }
            #expect(try await web.open311(.get, "requests.json?api_key=wrong").status == .forbidden)
        }
    }

    @Test func aRetriedSubmissionIsOneRequestAndItsKeyIsAToken() async throws {
        try await WebHarness.run { web in
            let key = try await web.makeApiKey(as: "joint.admin", organization: "guanghua-street")
            var headers = HTTPFields()
            headers[HTTPField.Name("Idempotency-Key")!] = "c2a1-55e0-retry"
            let first = try await web.open311(.post, "requests.json", form: [("api_key", key)] + Self.elevator, headers: headers)
            let second = try await web.open311(.post, "requests.json", form: [("api_key", key)] + Self.elevator, headers: headers)
            let number = try #require(first.jsonList.first?["service_request_id"] as? String)
            #expect(second.jsonList.first?["service_request_id"] as? String == number)
            #expect(try await web.database.tickets.tickets(matching: TicketQuery()).total == 1)
            let token = try #require(try await web.open311(.get, "tokens/c2a1-55e0-retry.xml").xml?.child("request"))
            #expect(token["service_request_id"] == number && token["token"] == "c2a1-55e0-retry")
            #expect(try await web.open311(.get, "tokens/c2a1-55e0-other.json").status == .notFound)
        }
    }
}
