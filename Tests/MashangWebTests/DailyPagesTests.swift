import Foundation
import HTTPTypes
import MashangCore
import MashangServices
import MashangStore
import MashangTesting
import MashangWeb
import Testing

/// What a clerk meets in the first hour: filter forms submitted as shown, the dispatch form starting from the rules'
/// suggestion, and actions that end a request asking to be confirmed.
struct DailyPagesTests {
    @Test func emptyFiltersMeanAnyOnPagesAndInTheAPI() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.signIn("joint.dispatcher")
            // As the list's form sends its "全部分类 / 不限" options.
            let list = try await web.page(.get, "/staff/tickets?status=&category=&due=&sort=newest&q=+", cookie: joint)
            #expect(list.status == .ok)
            #expect(list.contains("/staff/tickets/\(number)"))
            let token = try await web.token("joint.dispatcher")
            let all = try await web.request(.get, "/api/v1/tickets", token: token)
            let blank = try await web.request(.get, "/api/v1/tickets?category=&due=&area=%20&organization=", token: token)
            #expect(blank.status == .ok && blank["total"] as? Int == all["total"] as? Int && all["total"] as? Int == 1)
            // A value that means something wrong is still refused by name.
            let wrong = try await web.request(.get, "/api/v1/tickets?category=volcano&due=", token: token)
            #expect(wrong.status == .unprocessableContent && wrong.errorFields.map { $0["field"] } == ["category"])
        }
    }

    @Test func theDispatchFormStartsFromTheRulesSuggestionWithDepartmentsByOrganization() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let state = try #require(try await web.database.tickets.ticket(number: number)).state
            let organization = try #require(state.suggestedOrganization), department = try #require(state.suggestedDepartment)
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: try await web.signIn("joint.dispatcher"))
            let form = try #require(page.html.range(of: #"id="action-dispatch""#)).upperBound
            let formEnd = try #require(page.html[form...].range(of: "</form>")).lowerBound
            let dispatch = String(page.html[form..<formEnd])
            #expect(dispatch.contains(#"<option value="\#(organization)" selected>"#))
            // The suggested department is chosen, under its organisation's heading.
            let group = try #require(dispatch.range(of: #"data-organization="\#(organization)">"#))
            let end = try #require(dispatch[group.upperBound...].range(of: "</optgroup>"))
            #expect(dispatch[group.upperBound..<end.lowerBound].contains(#"<option value="\#(department)" selected>"#))
            #expect(page.text(id: "dispatch-organization-hint")?.hasPrefix("分派规则建议：") == true)
            #expect(dispatch.components(separatedBy: " selected>").count - 1 == 2)
        }
    }

    @Test func rejectingAndMergingAskToConfirmAndChangeNothingUntilThen() async throws {
        try await WebHarness.run { web in
            let number = try #require(try await web.submitLeak()["number"] as? String)
            let other = try #require(try await web.submitLeak()["number"] as? String)
            let joint = try await web.signIn("joint.dispatcher")
            let page = try await web.page(.get, "/staff/tickets/\(number)", cookie: joint)
            #expect(
                page.contains(#"class="action ending" id="action-reject""#) && page.contains(#"class="action ending" id="action-merge""#))
            #expect(page.contains(#"class="action" id="action-dispatch""#))
            let csrf = try #require(page.csrf)
            let asked = try await web.page(
                .post, "/staff/tickets/\(number)/reject", form: [("_csrf", csrf), ("reason", "不属于受理范围")], cookie: joint)
            #expect(asked.status == .ok)
            #expect(asked.text(id: "confirm-heading") == "确认不予受理")
            #expect(asked.text(id: "confirm-text")?.contains("“不属于受理范围”") == true)
            #expect(try await web.database.tickets.ticket(number: number)?.state.status == .received)
            let confirmed = try await web.page(
                .post, "/staff/tickets/\(number)/reject",
                form: [("_csrf", csrf), ("reason", "不属于受理范围"), ("confirm", "yes")], cookie: joint)
            #expect(confirmed.status == .seeOther)
            #expect(try await web.database.tickets.ticket(number: number)?.state.status == .rejected)

            let merge = try await web.page(
                .post, "/staff/tickets/\(other)/merge", form: [("_csrf", csrf), ("into", number.lowercased())], cookie: joint)
            #expect(merge.text(id: "confirm-heading") == "确认合并" && merge.contains(#"name="into" value="\#(number)""#))
            #expect(try await web.database.tickets.ticket(number: other)?.state.status == .received)
            // Bad input is refused before anything is asked.
            let bad = try await web.page(.post, "/staff/tickets/\(other)/merge", form: [("_csrf", csrf), ("into", "")], cookie: joint)
            #expect(bad.status == .unprocessableContent && bad.text(id: "confirm-heading") == nil)
        }
    }
}
