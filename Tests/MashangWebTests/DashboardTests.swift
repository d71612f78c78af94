import Foundation
import HTTPTypes
import HummingbirdTesting
import MashangCore
import MashangStore
import MashangTesting
import NIOCore
import Testing

/// The dashboard: every count on it links to a list of exactly that many tickets, for the joint centre and for an
/// organisation (which sees its own tickets only); the rates follow the definitions in force; bad periods are refused.
struct DashboardTests {
    static func loadHistory(_ web: WebClient) async throws {
        var generator = DemoTicketGenerator(reference: Fixtures.reference, rules: Fixtures.rules, seed: 5)
        let tickets = try generator.generate(count: 500, from: ChinaTime.day("2025-01-05")!, to: Fixtures.now)
        try await web.database.tickets.importTickets(tickets)
        try await web.database.figures.refreshAll()
    }

    /// `(href, shown number)` of every count link on a page, `&amp;` decoded.
    static func figureLinks(_ page: HTMLResponse) -> [(String, String)] {
        let pattern = try! NSRegularExpression(pattern: "<a class=\"figure-link\" href=\"([^\"]+)\">([0-9]+)</a>")
        let html = page.html as NSString
        return pattern.matches(in: page.html, range: NSRange(location: 0, length: html.length)).map { match in
            (
                html.substring(with: match.range(at: 1)).replacingOccurrences(of: "&amp;", with: "&"),
                html.substring(with: match.range(at: 2))
            )
        }
    }

    @Test func everyFigureLinksToAListOfExactlyThatManyTickets() async throws {
        try await WebHarness.run { web in
            try await Self.loadHistory(web)
            for user in ["joint.leader", "gh.leader"] {
                let cookie = try await web.signIn(user)
                let page = try await web.page(.get, "/staff/dashboard?from=2025-09-01&to=2026-03-02", cookie: cookie)
                #expect(page.status == .ok)
                #expect(page.contains("<svg") && page.contains("响应率 = 在签收时限内签收的件数 ÷ 受理件数"))
                #expect(!page.contains("nil") && page.text(id: "pending") == nil, "no placeholder for absent values")
                let links = Self.figureLinks(page)
                #expect(links.count > 60, "\(user): \(links.count) links")
                var checked = Set<String>(), nonZero = 0
                for (href, shown) in links where checked.insert(href).inserted {
                    let list = try await web.page(.get, href, cookie: cookie)
                    #expect(list.status == .ok, "\(href)")
                    #expect(list.text(id: "total") == shown, "\(user) \(href): list \(list.text(id: "total") ?? "nil"), figure \(shown)")
                    if shown != "0" { nonZero += 1 }
                }
                #expect(nonZero > 30)
                // The map by overdue tickets: each grid's number is its list's length, and its region links there too.
                let overdue = try await web.page(.get, "/staff/dashboard?from=2025-09-01&to=2026-03-02&map=overdue", cookie: cookie)
                let start = try #require(overdue.html.range(of: "id=\"table-map\"")).lowerBound
                let map = HTMLResponse(status: overdue.status, headers: overdue.headers, html: String(overdue.html[start...]))
                let mapLinks = Self.figureLinks(map)
                #expect(mapLinks.count == 12 && mapLinks.allSatisfy { $0.0.contains("measure=overdue") }, "\(mapLinks)")
                for (href, shown) in mapLinks {
                    #expect(try await web.page(.get, href, cookie: cookie).text(id: "total") == shown, "\(href)")
                    #expect(map.html.contains("<a href=\"\(href.replacingOccurrences(of: "&", with: "&amp;"))\" tabindex=\"-1\">"))
                }
            }
            // The organisation's lists hold only tickets it may open.
            let token = try await web.token("gh.leader")
            let listed = try await web.request(.get, "/api/v1/figures/tickets?from=2025-01-01&to=2026-03-02&pageSize=50", token: token)
            let items = try #require(listed["items"] as? [[String: Any]])
            #expect(!items.isEmpty)
            for item in items.prefix(10) {
                #expect(try await web.request(.get, "/api/v1/tickets/\(item["number"] as! String)", token: token).status == .ok)
            }
            let own = try await web.request(.get, "/api/v1/figures?from=2025-01-01&to=2026-03-02", token: token)
            let all = try await web.request(
                .get, "/api/v1/figures?from=2025-01-01&to=2026-03-02", token: try await web.token("joint.leader"))
            let ownReceived = try #require((own["total"] as? [String: Any])?["received"] as? Int)
            let allReceived = try #require((all["total"] as? [String: Any])?["received"] as? Int)
            #expect(own["scope"] as? String == "org:guanghua-street" && all["scope"] as? String == "all")
            #expect(ownReceived > 0 && ownReceived < allReceived && allReceived == 500)
            #expect(listed["total"] as? Int == ownReceived)
        }
    }

    @Test func volumesRatesAndChangesFollowTheHistory() async throws {
        let clock = MovableClock()  // Monday 2026-03-02 10:00
        try await WebHarness.run(clock: { clock.now }) { web in
            let joint = try await web.token("joint.dispatcher"), street = try await web.token("gh.dispatcher")
            var numbers: [String] = []
            for _ in 0..<4 { numbers.append(try #require(try await web.submitLeak()["number"] as? String)) }
            for number in numbers.prefix(3) {
                #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint).status == .ok)
                #expect(try await web.act(number, "acknowledge", as: street).status == .ok)
            }
            #expect(try await web.act(numbers[0], "reply", ["text": "已修复屋顶", "contactMethod": "phone"], as: street).status == .ok)
            #expect(try await web.act(numbers[0], "follow-up", ["satisfaction": "satisfied"], as: joint).status == .ok)
            #expect(try await web.act(numbers[1], "reply", ["text": "已安排维修", "contactMethod": "phone"], as: street).status == .ok)
            #expect(try await web.act(numbers[1], "follow-up", ["satisfaction": "unsatisfied", "note": "还在漏"], as: joint).status == .ok)
            try await web.database.figures.refreshAll()
            let leader = try await web.token("joint.leader")
            let figures = try await web.request(.get, "/api/v1/figures?from=2026-03-01&to=2026-03-02", token: leader)
            let total = try #require(figures["total"] as? [String: Int])
            #expect(
                total["received"] == 4 && total["responded"] == 3 && total["closed"] == 1 && total["satisfied"] == 1
                    && total["unsatisfied"] == 1)
            let rates = try #require(figures["rates"] as? [String: Double])
            #expect(rates["response"] == 0.75 && rates["resolution"] == 0.25 && rates["satisfaction"] == 0.5)
            let byChannel = try #require((figures["byDimension"] as? [String: [String: [String: Int]]])?["channel"])
            #expect(byChannel["qr"]?["received"] == 4)
            // Last year's same days had nothing: no year-on-year change can be given.
            let page = try await web.page(
                .get, "/staff/dashboard?from=2026-03-01&to=2026-03-02", cookie: try await web.signIn("joint.leader"))
            #expect(page.contains("—"))
            // Bad periods are refused with a message, nothing else happens.
            for query in ["from=2026-13-01", "from=2026-03-05&to=2026-03-01", "from=2020-01-01&to=2026-03-01"] {
                let refused = try await web.request(.get, "/api/v1/figures?\(query)", token: leader)
                #expect(refused.status == .unprocessableContent, "\(query)")
            }
            #expect(
                try await web.request(.get, "/api/v1/figures/tickets?measure=signSeconds", token: leader).status == .unprocessableContent)
            #expect(try await web.request(.get, "/api/v1/figures/tickets?dimension=colour", token: leader).status == .unprocessableContent)
            #expect(try await web.request(.get, "/api/v1/figures").status == .unauthorized)
            // CSV of a table: UTF-8 with a byte-order mark.
            let csv = try await web.client.execute(
                uri: "/staff/dashboard.csv?from=2026-03-01&to=2026-03-02&table=rates", method: .get,
                headers: [.cookie: try await web.signIn("joint.leader")]
            ) { response in
                (response.status, Array(response.body.readableBytesView))
            }
            #expect(csv.0 == .ok && Array(csv.1.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(String(decoding: csv.1, as: UTF8.self).contains("\"响应率\",\"75.0%\""))
        }
    }

    @Test func administratorsDefineTheRatesAndEveryPageFollows() async throws {
        try await WebHarness.run { web in
            let joint = try await web.token("joint.dispatcher"), street = try await web.token("gh.dispatcher")
            for satisfaction in ["satisfied", "basicallySatisfied", "unsatisfied"] {
                let number = try #require(try await web.submitLeak()["number"] as? String)
                #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: joint).status == .ok)
                #expect(try await web.act(number, "acknowledge", as: street).status == .ok)
                #expect(try await web.act(number, "reply", ["text": "已处理", "contactMethod": "phone"], as: street).status == .ok)
                #expect(try await web.act(number, "follow-up", ["satisfaction": satisfaction, "note": "回访"], as: joint).status == .ok)
            }
            try await web.database.figures.refreshAll()
            let leader = try await web.token("joint.leader")
            func rates() async throws -> [String: Double] {
                try #require(
                    try await web.request(.get, "/api/v1/figures?from=2026-03-01&to=2026-03-02", token: leader)["rates"]
                        as? [String: Double])
            }
            #expect(try await rates()["satisfaction"].map { abs($0 - 2.0 / 3) < 1e-9 } == true)

            let admin = try await web.signIn("joint.admin")
            let form = try #require(try await web.page(.get, "/staff/admin/figures", cookie: admin).csrf)
            #expect(
                try await web.page(
                    .post, "/staff/admin/figures",
                    form: [
                        ("_csrf", form), ("response", "signed"), ("satisfiedWeight", "1"),
                        ("basicallySatisfiedWeight", "1.5"),
                    ], cookie: admin
                ).status == .unprocessableContent)
            #expect(
                try await web.page(
                    .post, "/staff/admin/figures",
                    form: [
                        ("_csrf", form), ("response", "always"), ("satisfiedWeight", "1"),
                        ("basicallySatisfiedWeight", "1"),
                    ], cookie: admin
                ).status == .unprocessableContent)
            #expect(try await rates()["satisfaction"].map { abs($0 - 2.0 / 3) < 1e-9 } == true, "refused changes change nothing")
            // A leader (with a valid form token of their own) may not change the definitions.
            let leaderSession = try await web.signIn("joint.leader")
            let leaderForm = try #require(try await web.page(.get, "/staff/dashboard", cookie: leaderSession).csrf)
            #expect(
                try await web.page(
                    .post, "/staff/admin/figures",
                    form: [
                        ("_csrf", leaderForm), ("response", "signed"), ("satisfiedWeight", "1"),
                        ("basicallySatisfiedWeight", "0"),
                    ], cookie: leaderSession
                ).status == .forbidden)
            let saved = try await web.page(
                .post, "/staff/admin/figures",
                form: [
                    ("_csrf", form), ("response", "signed"), ("satisfiedWeight", "1"),
                    ("basicallySatisfiedWeight", "0"),
                ], cookie: admin)
            #expect(saved.status == .seeOther)
            #expect(try await rates()["satisfaction"].map { abs($0 - 1.0 / 3) < 1e-9 } == true)
            // The resolution rate no longer counts not-rated closures; the page says so; the rate's list follows.
            let page = try await web.page(
                .get, "/staff/dashboard?from=2026-03-01&to=2026-03-02", cookie: try await web.signIn("joint.leader"))
            #expect(page.contains("基本满意 × 0") && page.contains("响应率 = 已签收件数 ÷ 受理件数"))
            let listed = try await web.request(
                .get, "/api/v1/figures/tickets?from=2026-03-01&to=2026-03-02&rate=satisfaction", token: leader)
            #expect(listed["total"] as? Int == 1)
        }
    }
}
