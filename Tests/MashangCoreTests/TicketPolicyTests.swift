import MashangCore
import MashangTesting
import Testing

struct TicketPolicyTests {
    @Test func theJointCentreSeesEverythingAndOrganisationsSeeWhatTheyLeadOrAssist() throws {
        var script = try TicketScript.at(.received)
        try script.run(
            .dispatch(organization: "guanghua-street", department: "gh-construction", assisting: ["qianjiang-traffic-police"], note: nil),
            as: Fixtures.jointDispatcher)
        let ticket = script.state
        #expect(Fixtures.actor("joint", .leader).canView(ticket))
        #expect(Fixtures.actor("guanghua-street", .leader).canView(ticket))
        #expect(Fixtures.actor("qianjiang-traffic-police", .dispatcher).canView(ticket))
        #expect(!Fixtures.actor("jianghan-oilfield", .dispatcher).canView(ticket))
        #expect(!Fixtures.actor("qianjiang-court", .supervisor).canView(ticket))
        // Handlers see their department's tickets only.
        #expect(Fixtures.actor("guanghua-street", .handler, department: "gh-construction").canView(ticket))
        #expect(!Fixtures.actor("guanghua-street", .handler, department: "gh-property").canView(ticket))
    }

    @Test func aTicketOutsideTheActorsScopeIsNotFoundNotForbidden() throws {
        let ticket = try TicketScript.at(.dispatched).state
        #expect(throws: AccessError.notFound) {
            try TicketPolicy.authorize(.acknowledge, by: Fixtures.enterpriseDispatcher, on: ticket, reference: Fixtures.reference)
        }
    }

    @Test func onlyTheLeadOrganisationsCoordinatorsSignForOrSendBack() throws {
        let ticket = try TicketScript.at(.dispatched).state
        let reference = Fixtures.reference
        try TicketPolicy.authorize(.acknowledge, by: Fixtures.governmentDispatcher, on: ticket, reference: reference)
        try TicketPolicy.authorize(
            .sendBack(reason: .other, note: "x"), by: Fixtures.actor("guanghua-street", .supervisor), on: ticket, reference: reference)
        for role in [Role.leader, .intake, .mediator, .assistance, .admin] {
            #expect(throws: AccessError.forbidden) {
                try TicketPolicy.authorize(.acknowledge, by: Fixtures.actor("guanghua-street", role), on: ticket, reference: reference)
            }
        }
    }

    @Test func handlersWorkTasksAndRepliesInTheirDepartmentOnly() throws {
        var script = try TicketScript.at(.inProgress)
        try script.run(
            .addTask(title: "核实", department: "gh-construction", responsiblePerson: "张伟", dueDate: "2026-12-01"),
            as: Fixtures.governmentDispatcher)
        let ticket = script.state
        let handler = Fixtures.actor("guanghua-street", .handler, department: "gh-construction")
        try TicketPolicy.authorize(.completeTask(id: 1, result: "ok"), by: handler, on: ticket, reference: Fixtures.reference)
        try TicketPolicy.authorize(.reply(text: "ok", contactMethod: .phone), by: handler, on: ticket, reference: Fixtures.reference)
        #expect(throws: AccessError.forbidden) {
            try TicketPolicy.authorize(
                .assign(department: "gh-property", handler: nil), by: handler, on: ticket, reference: Fixtures.reference)
        }
    }

    @Test func onlySupervisorsReopenAndOnlyDeskRolesTakeInTickets() throws {
        let closed = try TicketScript.at(.closed).state
        try TicketPolicy.authorize(.reopen(reason: "x"), by: Fixtures.jointSupervisor, on: closed, reference: Fixtures.reference)
        #expect(throws: AccessError.forbidden) {
            try TicketPolicy.authorize(.reopen(reason: "x"), by: Fixtures.jointDispatcher, on: closed, reference: Fixtures.reference)
        }
        #expect(TicketPolicy.mayCreateTickets(Fixtures.jointIntake))
        #expect(!TicketPolicy.mayCreateTickets(Fixtures.actor("joint", .leader)))
        #expect(!TicketPolicy.mayCreateTickets(Fixtures.actor("guanghua-street", .handler)))
    }
}
