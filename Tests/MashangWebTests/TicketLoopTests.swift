import Foundation
import HTTPTypes
import Hummingbird
import MashangTesting
import Testing

struct TicketLoopTests {
    @Test func aPublicRequestTravelsTheWholeLoopToClosure() async throws {
        try await WebHarness.run { web in
            let submitted = try await web.submitLeak()
            #expect(submitted.status == .created)
            #expect(submitted["status"] as? String == "received")
            #expect(submitted["suggestedOrganization"] as? String == "guanghua-street")
            #expect((submitted["trackingCode"] as? String)?.count == 8)
            let number = try #require(submitted["number"] as? String)
            #expect(number == "MS-2026-000001")

            let joint = try await web.token("joint.dispatcher")
            let government = try await web.token("gh.dispatcher")
            let handler = try await web.token("gh.handler")
            let followUp = try await web.token("joint.intake")

            #expect(
                try await web.act(number, "dispatch", ["organization": "guanghua-street", "department": "gh-construction"], as: joint)
                    .status == .ok)
            #expect(try await web.act(number, "acknowledge", as: government)["status"] as? String == "inProgress")
            #expect(
                try await web.act(number, "assign", ["department": "gh-construction", "handler": "gh.handler"], as: government).status
                    == .ok)
            let task = try await web.act(
                number, "tasks",
                [
                    "title": "现场核实", "department": "gh-construction",
                    "responsiblePerson": "张伟", "dueDate": "2026-03-05",
                ], as: handler)
            #expect(task.status == .ok)
            #expect((task["tasks"] as? [[String: Any]])?.first?["responsiblePerson"] as? String == "张伟")
            #expect(try await web.act(number, "tasks/1/complete", ["result": "已修复屋顶防水层"], as: handler).status == .ok)
            #expect(
                try await web.act(number, "reply", ["text": "屋顶已修复，请您查看", "contactMethod": "phone"], as: handler)["status"] as? String
                    == "replied")
            let closed = try await web.act(number, "follow-up", ["satisfaction": "satisfied"], as: followUp)
            #expect(closed["status"] as? String == "closed")

            let detail = try await web.request(.get, "/api/v1/tickets/\(number)", token: joint)
            let types = (detail["events"] as? [[String: Any]])?.compactMap { ($0["change"] as? [String: Any])?["type"] as? String }
            #expect(types == ["created", "dispatched", "acknowledged", "assigned", "taskAdded", "taskCompleted", "replied", "followedUp"])
            #expect((detail["followUps"] as? [[String: Any]])?.first?["satisfaction"] as? String == "satisfied")
            #expect((detail["replies"] as? [[String: Any]])?.count == 1)

            let list = try await web.request(.get, "/api/v1/tickets?status=closed&organization=guanghua-street", token: government)
            #expect((list["items"] as? [[String: Any]])?.map { $0["number"] as? String } == [number])
        }
    }

    @Test func twoSendBacksPutTheTicketBeforeTheJointCentre() async throws {
        try await WebHarness.run { web in
            let enterpriseDesk = try await web.token("jh.intake")
            let created = try await web.request(
                .post, "/api/v1/tickets",
                body: [
                    "channel": "walkIn", "kind": "help", "category": "property.elevator", "area": "wuqi-grid1",
                    "description": "电梯经常停运，老人上下楼困难", "requester": ["name": "李华", "phone": "0728-6543210"],
                ], token: enterpriseDesk)
            #expect(created.status == .created)
            #expect(created["leadOrganization"] as? String == "jianghan-oilfield")
            #expect(created["trackingCode"] == nil)
            let number = try #require(created["number"] as? String)
            let enterprise = try await web.token("jh.dispatcher")
            let government = try await web.token("gh.dispatcher")
            for _ in 0..<2 {
                #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: enterprise).status == .ok)
                #expect(
                    try await web.act(number, "send-back", ["reason": "notOurJurisdiction", "note": "属于油田自管电梯"], as: government).status
                        == .ok)
            }
            // The enterprise no longer holds it: it sees what it sent (我单位派出) but may not act; the joint centre decides.
            #expect(try await web.act(number, "dispatch", ["organization": "guanghua-street"], as: enterprise).status == .forbidden)
            #expect(try await web.request(.get, "/api/v1/tickets/\(number)", token: enterprise).status == .ok)
            let joint = try await web.token("joint.dispatcher")
            let decided = try await web.act(number, "dispatch", ["organization": "guanghua-street", "note": "裁定街道办理"], as: joint)
            #expect(decided["bindingDispatch"] as? Bool == true)
            let refused = try await web.act(number, "send-back", ["reason": "other", "note": "再退"], as: government)
            #expect(refused.status == .conflict)
            #expect(refused.errorCode == "bindingDispatch")
            #expect(refused.errorMessage == "该工单由联合调解中心裁定派发，不能再退回。")
        }
    }
}
