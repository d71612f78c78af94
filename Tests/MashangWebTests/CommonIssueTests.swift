import Foundation
import HTTPTypes
import MashangCore
import MashangStore
import MashangTesting
import SQLKit
import Testing

/// 源头治理: a hotspot becomes one common issue for one responsible unit; its answer reaches every requester, at once
/// and only once; bad or unauthorised attempts change nothing.
struct CommonIssueTests {
    static let texts = ["三栋电梯经常困人", "电梯又困人了，三栋", "三栋电梯困人，请尽快修", "电梯经常困人，很危险"]

    static func elevatorRequests(_ web: WebClient) async throws -> [(number: String, code: String)] {
        var submitted: [(String, String)] = []
        for text in texts {
            let response = try await web.request(
                .post, "/api/v1/intake",
                body: [
                    "intakePoint": "jiangzuan-gate", "kind": "complaint", "category": "property.elevator", "description": text,
                    "requester": ["name": "王华", "phone": "13812345678"],
                ])
            submitted.append((try #require(response["number"] as? String), try #require(response["trackingCode"] as? String)))
        }
        return submitted
    }

    @Test func aHotspotHandledAtTheSourceAnswersEveryRequester() async throws {
        try await WebHarness.run { web in
            let requests = try await Self.elevatorRequests(web)
            let numbers = requests.map(\.number)
            let supervisor = try await web.signIn("joint.supervisor")
            let hotspots = try await web.page(.get, "/staff/hotspots", cookie: supervisor)
            #expect(
                hotspots.contains("common-issue-form")
                    && numbers.allSatisfy { hotspots.contains("name=\"tickets\" value=\"") && hotspots.contains($0) })
            // An organisation's coordinator may not open one; the joint centre's may.
            let body: [String: Any] = ["title": "江钻小区三栋电梯困人", "organization": "guanghua-street", "tickets": numbers]
            #expect(
                try await web.request(.post, "/api/v1/common-issues", body: body, token: try await web.token("gh.dispatcher")).status
                    == .forbidden)
            let created = try await web.request(.post, "/api/v1/common-issues", body: body, token: try await web.token("joint.dispatcher"))
            #expect(created.status == .created, "\(created.json)")
            let id = try #require(created["id"] as? Int)
            #expect(created["tickets"] as? [String] == numbers && created["status"] as? String == "open")
            #expect(created["category"] as? String == "property.elevator")
            // A ticket joins one issue only.
            let again = try await web.request(.post, "/api/v1/common-issues", body: body, token: try await web.token("joint.dispatcher"))
            #expect(again.status == .unprocessableContent)
            // Another organisation does not see it.
            #expect(
                try await web.request(.get, "/api/v1/common-issues/\(id)", token: try await web.token("jh.dispatcher")).status == .notFound)

            // The responsible unit answers once, at the source; every requester gets the answer on their tracking page.
            let street = try await web.token("gh.dispatcher")
            let answered = try await web.request(
                .post, "/api/v1/common-issues/\(id)/answer",
                body: ["text": "已更换三栋电梯控制柜并完成安全检测"], token: street)
            #expect(answered.status == .ok, "\(answered.json)")
            #expect(Set(answered["replied"] as? [String] ?? []) == Set(numbers))
            for request in requests {
                let track = try await web.page(.post, "/track", form: [("number", request.number), ("code", request.code)])
                #expect(track.contains("已更换三栋电梯控制柜并完成安全检测") && track.contains("江钻小区三栋电梯困人"))
                let ticket = try await web.request(
                    .get, "/api/v1/tickets/\(request.number)", token: try await web.token("joint.dispatcher"))
                #expect(ticket["status"] as? String == "replied")
            }
            // Answering twice is refused and adds nothing.
            let events = try await web.database.backend.read { database in
                try await database.raw("SELECT COUNT(*) AS n FROM ticket_events").first()!.decode(column: "n", as: Int.self)
            }
            let twice = try await web.request(.post, "/api/v1/common-issues/\(id)/answer", body: ["text": "再次答复"], token: street)
            #expect(twice.status == .conflict && twice.json.description.contains("已经答复"))
            let after = try await web.database.backend.read { database in
                try await database.raw("SELECT COUNT(*) AS n FROM ticket_events").first()!.decode(column: "n", as: Int.self)
            }
            #expect(after == events)
            // Each requester then rates their own ticket as usual; the figures count the answer as a contact.
            #expect(
                try await web.act(numbers[0], "follow-up", ["satisfaction": "satisfied"], as: try await web.token("joint.dispatcher"))
                    .status == .ok)
            try await web.database.figures.refreshAll()
            let figures = try await web.request(
                .get, "/api/v1/figures?from=2026-03-01&to=2026-03-02", token: try await web.token("joint.leader"))
            #expect((figures["total"] as? [String: Int])?["contacted"] == 4)
            let page = try await web.page(.get, "/staff/common-issues/\(id)", cookie: try await web.signIn("gh.leader"))
            #expect(page.text(id: "issue-answer")?.contains("已更换三栋电梯控制柜") == true && !page.contains("answer-form"))
            let open = try await web.page(.get, "/staff/common-issues", cookie: try await web.signIn("joint.supervisor"))
            #expect(open.contains("江钻小区三栋电梯困人") && !open.contains("nil"))
            let listed = try await web.request(.get, "/api/v1/common-issues", token: try await web.token("joint.leader"))
            #expect((listed["issues"] as? [[String: Any]])?.first?["tickets"] as? [String] == numbers)
        }
    }

    @Test func anIssueWithATicketThatMayNotJoinIsRefusedWhole() async throws {
        try await WebHarness.run { web in
            let numbers = try await Self.elevatorRequests(web).map(\.number)
            let joint = try await web.token("joint.dispatcher")
            #expect(try await web.act(numbers[3], "reject", ["reason": "重复诉求"], as: joint).status == .ok)
            let body: [String: Any] = ["title": "电梯困人", "organization": "guanghua-street", "tickets": numbers]
            let refused = try await web.request(.post, "/api/v1/common-issues", body: body, token: joint)
            #expect(refused.status == .unprocessableContent)
            for (body, reason) in [
                (["title": "", "organization": "guanghua-street", "tickets": numbers] as [String: Any], "empty title"),
                (["title": "电梯", "organization": "nowhere", "tickets": numbers], "unknown unit"),
                (["title": "电梯", "organization": "guanghua-street", "tickets": [numbers[0]]], "one ticket"),
                (["title": "电梯", "organization": "guanghua-street", "tickets": ["X", "Y"]], "not numbers"),
            ] {
                #expect(
                    try await web.request(.post, "/api/v1/common-issues", body: body, token: joint).status == .unprocessableContent,
                    "\(reason)")
            }
            // Nothing was linked, nothing was created.
            for number in numbers {
                let ticket = try #require(try await web.database.tickets.ticket(number: number))
                #expect(ticket.state.commonIssue == nil)
            }
            let list = try await web.request(.get, "/api/v1/common-issues", token: joint)
            #expect((list["issues"] as? [Any])?.isEmpty == true)
        }
    }
}
