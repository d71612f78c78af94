import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// Requests placed by coordinates (issue 23): through the JSON API in both coordinate systems, refused outside the
/// territory or against a chosen area, and through Open311 with coordinates alone.
struct PlaceWebTests {
    static func point(in area: String) throws -> GeoPoint {
        try #require(DemoReference.referenceData.area(area)?.boundary?.labelPoint)
    }

    @Test func aPublicRequestWithMapAppCoordinatesIsPlacedWhereItHappens() async throws {
        try await WebHarness.run { web in
            // Scanned at the 江钻 gate, reported from the transport depot, as a Chinese map app gives it (GCJ-02).
            let point = try Self.point(in: "yunshu-grid2")
            let gcj = GCJ02.gcj02(fromWGS84: point)
            let created = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "environment.waste",
                    "description": "运输处小区垃圾站满溢", "requester": ["name": "王华", "phone": "13812345678"],
                    "location": ["latitude": gcj.latitude, "longitude": gcj.longitude, "system": "gcj02"],
                ])
            #expect(created.status == .created, "\(created.json)")
            let number = try #require(created["number"] as? String)
            let state = try #require(try await web.database.tickets.ticket(number: number)).state
            #expect(state.area == "yunshu-grid2" && state.intakePoint == "jiangzuan-gate")
            let location = try #require(state.location)
            #expect(location.system == .gcj02 && location.point.distance(to: point) < 0.05)
            let staff = try await web.token("joint.intake")
            let detail = try await web.request(.get, "/api/v1/tickets/\(number)", token: staff)
            let shown = try #require(detail["location"] as? [String: Any])
            #expect(shown["system"] as? String == "gcj02")
            #expect(((shown["point"] as? [String: Any])?["latitude"] as? Double).map { abs($0 - point.latitude) < 1e-6 } == true)
        }
    }

    @Test func coordinatesOutsideTheTerritoryOrTheChosenAreaAreRefusedAndWriteNothing() async throws {
        try await WebHarness.run { web in
            let desk = try await web.token("jh.intake")
            func submit(_ extra: [String: Any], language: String? = nil) async throws -> JSONResponse {
                var body: [String: Any] = [
                    "channel": "walkIn", "kind": "help", "category": "property.elevator",
                    "description": "电梯经常停运，老人上下楼困难", "requester": ["name": "李华", "phone": "0728-6543210"],
                ]
                body.merge(extra) { $1 }
                return try await web.request(.post, "/api/v1/tickets", body: body, token: desk, language: language)
            }
            func problems(_ response: JSONResponse) -> [String: String] {
                let fields = (response["error"] as? [String: Any])?["fields"] as? [[String: Any]] ?? []
                return Dictionary(fields.map { ($0["field"] as? String ?? "", $0["message"] as? String ?? "") }) { first, _ in first }
            }
            let wuhan = ["latitude": 30.5928, "longitude": 114.3055]
            let outside = try await submit(["location": wuhan])
            #expect(outside.status == .unprocessableContent)
            #expect(problems(outside) == ["location": "“位置坐标”不在本机制的服务区域（广华片区）内。请确认位置，也可以不提供位置。"])
            let english = try await submit(["location": wuhan], language: "en")
            #expect(problems(english)["location"]?.contains("(Guanghua area)") == true)

            let wuqi = try Self.point(in: "wuqi-grid1")
            let elsewhere = try await submit(["area": "jiangzuan", "location": ["latitude": wuqi.latitude, "longitude": wuqi.longitude]])
            #expect(problems(elsewhere).keys.sorted() == ["area"], "\(elsewhere.json)")
            #expect(problems(elsewhere)["area"]?.contains("不包含该位置") == true)

            let nonsense = try await submit(["location": ["latitude": 91, "system": "bd09"]])
            #expect(problems(nonsense).keys.sorted() == ["location.latitude", "location.longitude", "location.system"])
            #expect(try await web.database.tickets.tickets(matching: TicketQuery()).total == 0)

            // The community holding the point is chosen: the grid it lies in is taken.
            let within = try await submit(["area": "wuqi", "location": ["latitude": wuqi.latitude, "longitude": wuqi.longitude]])
            #expect(within.status == .created)
            let number = try #require(within["number"] as? String)
            #expect(try await web.database.tickets.ticket(number: number)?.state.area == "wuqi-grid1")
        }
    }

    @Test func open311TakesCoordinatesAloneAndAnswersAtTheSingularServicePath() async throws {
        try await WebHarness.run { web in
            let key = try await web.makeApiKey(as: "joint.admin", organization: "guanghua-street")
            let point = try Self.point(in: "xiangyang-grid2")
            let created = try await web.open311(
                .post, "requests.json",
                form: [
                    ("api_key", key), ("service_code", "environment.waste"), ("lat", "\(point.latitude)"),
                    ("long", "\(point.longitude)"), ("description", "垃圾三天没人清运，联系人：张伟 13900001111"),
                ])
            #expect(created.status == .ok, "\(created.body)")
            let number = try #require(created.jsonList.first?["service_request_id"] as? String)
            let state = try #require(try await web.database.tickets.ticket(number: number)).state
            #expect(state.area == "xiangyang-grid2" && state.location?.point == point)
            let open = try #require(try await web.open311(.get, "requests/\(number).json").jsonList.first)
            #expect(open["description"] as? String == "垃圾三天没人清运，联系人：某某 ***")
            #expect(open["address_id"] as? String == "xiangyang-grid2")

            for format in ["json", "xml"] {
                let plural = try await web.open311(.get, "services/property.elevator.\(format)")
                let singular = try await web.open311(.get, "service/property.elevator.\(format)")
                #expect(singular.status == .ok && singular.body == plural.body)
            }
        }
    }

    /// The QR form's location part: hidden until a script shows it, sent as three fields, checked on the server, and
    /// shown again with its problem when the form comes back.
    @Test func theFormsTakeTheBrowsersCoordinatesAndSayWhatIsWrongWithThem() async throws {
        try await WebHarness.run { web in
            let blank = try await web.page(.get, "/m/jiangzuan-gate")
            #expect(blank.contains(#"id="location-field""#) && blank.contains("data-placed=\"位于：{area}\"") && blank.contains(" hidden>"))
            let leak: [(String, String)] = [
                ("category", "housing.leak"), ("kind", "complaint"), ("description", "三栋顶楼屋顶漏水"), ("name", "王华"),
                ("phone", "13812345678"),
            ]
            let bad = try await web.page(.post, "/m/jiangzuan-gate", form: leak + [("latitude", "north"), ("longitude", "112.63")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.text(id: "location-error") == "“纬度”格式不正确。")
            #expect(!bad.contains(#"data-placed="位于：{area}" hidden>"#), "shown again with its problem")
            let outside = try await web.page(
                .post, "/m/jiangzuan-gate", form: leak + [("latitude", "30.5928"), ("longitude", "114.3055"), ("system", "wgs84")])
            #expect(outside.text(id: "location-error")?.contains("广华片区") == true)
            #expect(try await web.database.tickets.tickets(matching: TicketQuery()).total == 0)

            let wuqi = try Self.point(in: "wuqi-grid2")
            let placed = try await web.page(
                .post, "/m/jiangzuan-gate",
                form: leak + [("latitude", "\(wuqi.latitude)"), ("longitude", "\(wuqi.longitude)"), ("system", "wgs84")])
            #expect(placed.status == .ok)
            let number = try #require(placed.text(id: "ticket-number"))
            #expect(try await web.database.tickets.ticket(number: number)?.state.area == "wuqi-grid2")

            // The desk's form: coordinates in place of a chosen area, the area they fall in is taken.
            let desk = try await web.signIn("joint.intake")
            let form = try await web.page(.get, "/staff/new", cookie: desk)
            let csrf = try #require(form.csrf)
            let yunshu = try Self.point(in: "yunshu-grid1")
            let created = try await web.page(
                .post, "/staff/new",
                form: [
                    ("_csrf", csrf), ("channel", "walkIn"), ("kind", "help"), ("category", "elderly"), ("area", ""),
                    ("urgency", "normal"), ("description", "独居老人需要助餐"), ("name", "赵敏"), ("phone", "0728-6543210"),
                    ("latitude", "\(yunshu.latitude)"), ("longitude", "\(yunshu.longitude)"), ("system", "wgs84"),
                ],
                cookie: desk)
            #expect(created.status == .seeOther)
            let path = try #require(created.headers[.location])
            let deskNumber = String(path.split(separator: "/").last ?? "")
            #expect(try await web.database.tickets.ticket(number: deskNumber)?.state.area == "yunshu-grid1")
        }
    }

    /// Administrators draw an area as GeoJSON text and place an intake point; each is checked, audited, and used at once
    /// by placement; an organisation's administrator may not.
    @Test func administratorsDrawAreasAndPlaceIntakePoints() async throws {
        try await WebHarness.run { web in
            let admin = try await web.signIn("joint.admin")
            let chosen = try await web.page(.get, "/staff/admin/structure?boundary=wuqi-grid1", cookie: admin)
            let csrf = try #require(chosen.csrf)
            let current = try #require(DemoReference.referenceData.area("wuqi-grid1")?.boundary)
            #expect(chosen.contains(current.geoJSON.replacingOccurrences(of: "\"", with: "&quot;")), "the boundary is loaded for editing")

            func draw(_ text: String, cookie: String = admin, token: String? = nil) async throws -> HTMLResponse {
                try await web.page(
                    .post, "/staff/admin/structure/boundary", form: [("_csrf", token ?? csrf), ("area", "wuqi-grid1"), ("boundary", text)],
                    cookie: cookie)
            }
            let notJSON = try await draw("[[1,2]]")
            #expect(notJSON.status == .unprocessableContent && notJSON.text(id: "admin-error")?.contains("GeoJSON") == true)
            #expect(notJSON.contains("[[1,2]]"), "what was typed comes back")
            let far = #"{"type":"Polygon","coordinates":[[[114.30,30.59],[114.31,30.59],[114.31,30.60],[114.30,30.59]]]}"#
            #expect(try await draw(far).text(id: "admin-error") == "“边界”须位于上级区域的边界之内，并包含所有下级区域。")

            let centre = try #require(current.labelPoint)
            let smaller = AreaBoundary(polygons: [
                GeoPolygon(rings: [
                    [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0)].map {
                        GeoPoint(latitude: centre.latitude + $0.1 * 0.001, longitude: centre.longitude + $0.0 * 0.001)
                    }
                ])
            ])
            let saved = try await draw(smaller.geoJSON)
            #expect(saved.status == .seeOther && saved.headers[.location] == "/staff/admin/structure?boundary=wuqi-grid1&saved=1")
            let corner = try #require(current.polygons.first?.outer.first)
            let nearCorner = ["latitude": corner.latitude + 0.0002, "longitude": corner.longitude + 0.0002]
            let located = try await web.request(
                .get, "/api/v1/areas/locate?latitude=\(nearCorner["latitude"]!)&longitude=\(nearCorner["longitude"]!)")
            #expect(located["area"] as? String == "wuqi", "outside the smaller grid, inside its community")
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "reference.boundary")).count == 1)

            // Removing it: the community takes the grid's points.
            #expect(try await draw("").status == .seeOther)
            let centreNow = try await web.request(.get, "/api/v1/areas/locate?latitude=\(centre.latitude)&longitude=\(centre.longitude)")
            #expect(centreNow["area"] as? String == "wuqi")

            let organisationAdmin = try await web.signIn("gh.admin")
            let ownCSRF = try #require(try await web.page(.get, "/staff/admin/api-keys", cookie: organisationAdmin).csrf)
            #expect(try await draw(far, cookie: organisationAdmin, token: ownCSRF).status == .forbidden)

            // An intake point is placed inside its area only.
            let points = try await web.page(.get, "/staff/admin/points", cookie: admin)
            func place(_ latitude: String, _ longitude: String) async throws -> HTMLResponse {
                try await web.page(
                    .post, "/staff/admin/points/location",
                    form: [
                        ("_csrf", try #require(points.csrf)), ("code", "yunshu-gate"), ("latitude", latitude), ("longitude", longitude),
                    ],
                    cookie: admin)
            }
            let wrongArea = try Self.point(in: "xiangyang-grid1")
            #expect(try await place("\(wrongArea.latitude)", "\(wrongArea.longitude)").text(id: "admin-error")?.contains("不包含该位置") == true)
            #expect(try await place("30.4", "").status == .unprocessableContent)
            let inside = try Self.point(in: "yunshu-grid1")
            #expect(try await place("\(inside.latitude)", "\(inside.longitude)").status == .seeOther)
            #expect(try await web.database.reference.referenceData().intakePoint("yunshu-gate")?.location == inside)
        }
    }

    /// The desk's "similar open tickets" puts the one at the same spot first when the caller's location is known.
    @Test func similarOpenTicketsAreRankedByPlaceAndWords() async throws {
        try await WebHarness.run { web in
            let desk = try await web.token("joint.intake")
            let grid1 = try Self.point(in: "wuqi-grid1"), grid2 = try Self.point(in: "wuqi-grid2")
            var numbers: [String: String] = [:]
            // Oldest first: the near one is the oldest, so only its place can put it first.
            for (name, point, text) in [
                ("near", grid1, "小区东门垃圾桶满溢"), ("far", grid2, "小区东门垃圾桶满溢"), ("words", grid2, "垃圾清运不及时"),
            ] {
                let created = try await web.request(
                    .post, "/api/v1/tickets",
                    body: [
                        "channel": "walkIn", "kind": "complaint", "category": "environment.waste", "description": text,
                        "requester": ["name": "李华", "phone": "0728-6543210"],
                        "location": ["latitude": point.latitude, "longitude": point.longitude],
                    ], token: desk)
                numbers[name] = try #require(created["number"] as? String, "\(created.json)")
            }
            let cookie = try await web.signIn("joint.intake")
            func listed(_ query: String) async throws -> [String] {
                let html = try await web.page(.get, "/staff/similar?category=environment&\(query)", cookie: cookie).html
                let pattern = try NSRegularExpression(pattern: "/staff/tickets/(MS-[0-9-]+)")
                return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
                    String(html[Range($0.range(at: 1), in: html)!])
                }
            }
            let said = try #require("垃圾桶满了".addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let byPlace = try await listed("latitude=\(grid1.latitude)&longitude=\(grid1.longitude)&description=\(said)")
            #expect(byPlace.first == numbers["near"], "\(byPlace) \(numbers)")
            #expect(Set(byPlace) == Set(numbers.values))
            let byArea = try await listed("area=wuqi-grid2&description=\(said)")
            #expect(byArea.first == numbers["far"], "\(byArea) \(numbers)")
        }
    }

    /// Staff rewrite what the public reads of a request; the rule still takes numbers and names out of the rewrite,
    /// keyed clients keep the description as written, and the text can go back to the rule's.
    @Test func staffSetThePublicTextAndTheRuleStillApplies() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)  // 王华, 13812345678
            func publicDescription() async throws -> String? {
                try await web.open311(.get, "requests/\(number).json").jsonList.first?["description"] as? String
            }
            #expect(try await publicDescription() == "三栋顶楼屋顶漏水，雨天滴水严重")
            let dispatcher = try await web.signIn("joint.dispatcher")
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: dispatcher)
            #expect(page.contains(#"id="public-text-form""#))
            let csrf = try #require(page.csrf)
            let saved = try await web.page(
                .post, "/staff/tickets/\(number)/public-text",
                form: [("_csrf", csrf), ("publicText", "江钻小区屋顶漏水，王华请回电 13812345678")], cookie: dispatcher)
            #expect(saved.status == .seeOther)
            #expect(try await publicDescription() == "江钻小区屋顶漏水，某某请回电 ***")
            let key = try await web.makeApiKey(as: "joint.admin", organization: "joint")
            let keyed = try await web.open311(.get, "requests/\(number).json?api_key=\(key)").jsonList.first?["description"] as? String
            #expect(keyed == "三栋顶楼屋顶漏水，雨天滴水严重")
            #expect(try await web.database.audit.entries(matching: AuditQuery(action: "ticket.publicText")).count == 1)

            let reset = try await web.page(
                .post, "/staff/tickets/\(number)/public-text", form: [("_csrf", csrf), ("publicText", "x"), ("reset", "1")],
                cookie: dispatcher)
            #expect(reset.status == .seeOther)
            #expect(try await publicDescription() == "三栋顶楼屋顶漏水，雨天滴水严重")

            // An organisation's leader reads the public text but may not set it.
            let leader = try await web.signIn("gh.leader")
            let leaderCSRF = try #require(try await web.page(.get, "/staff", cookie: leader).csrf)
            let refused = try await web.page(
                .post, "/staff/tickets/\(number)/public-text", form: [("_csrf", leaderCSRF), ("publicText", "改写")], cookie: leader)
            #expect(refused.status == .notFound || refused.status == .forbidden)
            #expect(try await publicDescription() == "三栋顶楼屋顶漏水，雨天滴水严重")
        }
    }
}
