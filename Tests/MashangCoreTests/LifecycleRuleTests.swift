import Foundation
import MashangCore
import MashangTesting
import Testing

struct LifecycleRuleTests {
    let government = Fixtures.governmentDispatcher

    @Test func sendingBackTwiceHandsTheTicketToTheJointCentreWhoseDispatchIsBinding() throws {
        var script = TicketScript(Fixtures.receivedTicket(Fixtures.draft(holder: "jianghan-oilfield")))
        let enterprise = Fixtures.enterpriseDispatcher
        try script.run(.dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), as: enterprise)
        try script.run(.sendBack(reason: .notOurJurisdiction, note: "属于油田内部管理"), as: government)
        #expect(script.state.status == .received)
        #expect(script.state.leadOrganization == "jianghan-oilfield")
        #expect(!script.state.awaitingJointDecision)

        try script.run(.dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), as: enterprise)
        try script.run(.sendBack(reason: .notOurJurisdiction, note: "仍不属于本单位"), as: government)
        #expect(script.state.sendBackCount == 2)
        #expect(script.state.awaitingJointDecision)
        #expect(script.state.leadOrganization == TicketLifecycle.jointCentre)

        #expect(throws: LifecycleError(.jointDecisionRequired, status: .received, action: .dispatch)) {
            try script.run(.dispatch(organization: "guanghua-street", department: nil, assisting: [], note: nil), as: enterprise)
        }
        let change = try script.run(
            .dispatch(organization: "guanghua-street", department: nil, assisting: [], note: "裁定由街道办理"),
            as: Fixtures.jointDispatcher)
        guard case .dispatched(let dispatch) = change else { Issue.record("expected a dispatch"); return }
        #expect(dispatch.binding)
        #expect(throws: LifecycleError(.bindingDispatch, status: .dispatched, action: .sendBack)) {
            try script.run(.sendBack(reason: .other, note: "再退"), as: government)
        }
        try script.run(.acknowledge, as: government)
        #expect(script.state.status == .inProgress)
    }

    @Test func aReplyWaitsUntilEveryTaskIsComplete() throws {
        var script = try TicketScript.at(.inProgress)
        try script.run(
            .addTask(title: "现场核实", department: "gh-construction", responsiblePerson: "张伟", dueDate: "2026-03-10"), as: government)
        try script.run(
            .addTask(title: "组织维修", department: "gh-construction", responsiblePerson: "刘芳", dueDate: "2026-03-12"), as: government)
        #expect(throws: LifecycleError(.openTasks, status: .inProgress, action: .reply)) {
            try script.run(.reply(text: "已修好", contactMethod: .phone), as: government)
        }
        try script.run(.completeTask(id: 1, result: "已核实"), as: government)
        #expect(throws: LifecycleError(.taskNotOpen, status: .inProgress, action: .completeTask)) {
            try script.run(.completeTask(id: 1, result: "again"), as: government)
        }
        try script.run(.completeTask(id: 2, result: "已维修"), as: government)
        try script.run(.reply(text: "已修好", contactMethod: .visit), as: government)
        #expect(script.state.status == .replied)
        #expect(script.state.tasks.allSatisfy { $0.completed })
        #expect(script.state.replies == [TicketReply(text: "已修好", contactMethod: .visit)])
    }

    @Test func anUnsatisfiedFollowUpReopensAndASatisfiedOneCloses() throws {
        var script = try TicketScript.at(.replied)
        #expect(throws: ValidationError("note", "required")) {
            try script.run(.followUp(satisfaction: .unsatisfied, note: nil), as: Fixtures.jointIntake)
        }
        try script.run(.followUp(satisfaction: .unsatisfied, note: "还在漏水"), as: Fixtures.jointIntake)
        #expect(script.state.status == .reopened)
        #expect(script.state.closedAt == nil)
        try script.run(.acknowledge, as: government)
        try script.run(.reply(text: "已重新维修", contactMethod: .visit), as: government)
        try script.run(.followUp(satisfaction: .basicallySatisfied, note: nil), as: Fixtures.jointIntake)
        #expect(script.state.status == .closed)
        #expect(script.state.satisfaction == .basicallySatisfied)
        #expect(script.state.closedAt != nil)
    }

    @Test func escalationClimbsOneTierAtATimeAndStopsAtTheJointTier() throws {
        var script = try TicketScript.at(.inProgress)
        #expect(script.state.tier == .organization)
        try script.run(.escalate(note: "疑难"), as: Fixtures.jointSupervisor)
        #expect(script.state.tier == .joint)
        #expect(script.state.status == .inProgress)
        #expect(throws: LifecycleError(.topTier, status: .inProgress, action: .escalate)) {
            try script.run(.escalate(note: nil), as: Fixtures.jointSupervisor)
        }
    }

    @Test func onlyConsultationsAreAnsweredDirectly() throws {
        var complaint = try TicketScript.at(.received, kind: .complaint)
        #expect(throws: LifecycleError(.notConsultation, status: .received, action: .answer)) {
            try complaint.run(.answer(text: "答复"), as: Fixtures.jointIntake)
        }
        var consultation = try TicketScript.at(.received, kind: .consultation)
        try consultation.run(.answer(text: "可到社区服务中心办理"), as: Fixtures.jointIntake)
        #expect(consultation.state.status == .closed)
        #expect(consultation.state.answer == "可到社区服务中心办理")
    }

    @Test func aTicketCannotBeMergedIntoItselfAClosedTicketOrAnUnknownOne() throws {
        var script = try TicketScript.at(.received)
        #expect(throws: LifecycleError(.invalidMergeTarget, status: .received, action: .merge)) {
            try script.run(.merge(into: script.state.number), as: Fixtures.jointDispatcher, mergeTarget: script.state)
        }
        let closed = try TicketScript.at(.closed).state
        #expect(throws: LifecycleError(.invalidMergeTarget, status: .received, action: .merge)) {
            try script.run(
                .merge(into: "MS-2026-000009"), as: Fixtures.jointDispatcher,
                mergeTarget: {
                    var other = closed; other.number = "MS-2026-000009"; return other
                }())
        }
        #expect(throws: ValidationError("into", "unknown")) {
            try script.run(.merge(into: "MS-2026-999999"), as: Fixtures.jointDispatcher, mergeTarget: nil)
        }
    }

    @Test func badActionInputIsNamedFieldByField() throws {
        var received = try TicketScript.at(.received)
        #expect(throws: ValidationError([.init("organization", "unknown"), .init("department", "unknown")])) {
            try received.run(
                .dispatch(organization: "nowhere", department: "gh-property", assisting: [], note: nil), as: Fixtures.jointDispatcher)
        }
        #expect(throws: ValidationError("organization", "unknown")) {
            try received.run(.dispatch(organization: "joint", department: nil, assisting: [], note: nil), as: Fixtures.jointDispatcher)
        }
        #expect(throws: ValidationError("department", "unknown")) {
            try received.run(
                .dispatch(organization: "guanghua-street", department: "jh-hr", assisting: [], note: nil), as: Fixtures.jointDispatcher)
        }
        #expect(throws: ValidationError("assisting", "invalid")) {
            try received.run(
                .dispatch(organization: "guanghua-street", department: nil, assisting: ["guanghua-street"], note: nil),
                as: Fixtures.jointDispatcher)
        }
        #expect(throws: ValidationError("reason", "required")) {
            try received.run(.reject(reason: "   "), as: Fixtures.jointDispatcher)
        }
        var working = try TicketScript.at(.inProgress)
        #expect(
            throws: ValidationError([
                .init("title", "required"), .init("department", "unknown"),
                .init("responsiblePerson", "required"), .init("dueDate", "invalid"),
            ])
        ) {
            try working.run(.addTask(title: "", department: "court-civil", responsiblePerson: "", dueDate: "2026-02-30"), as: government)
        }
        #expect(throws: ValidationError("dueDate", "past")) {
            try working.run(
                .addTask(title: "核实", department: "gh-property", responsiblePerson: "张伟", dueDate: "2026-01-01"), as: government)
        }
        #expect(throws: ValidationError("text", "tooLong")) {
            try working.run(.reply(text: String(repeating: "长", count: 2001), contactMethod: .phone), as: government)
        }
        #expect(working.state.version == 3)
    }
}
