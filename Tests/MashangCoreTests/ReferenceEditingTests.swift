import Foundation
import MashangCore
import MashangTesting
import Testing

/// Renaming and retiring reference data: a retired item is found by its code (history and figures keep its name) but
/// offered no more, and new requests, dispatches and tasks refuse it.
struct ReferenceEditingTests {
    static let rules = DemoReference.rules
    static let day = "2026-12-04"

    func edit(
        _ table: ReferenceTable, _ code: String, _ edit: ReferenceEdit, name: String? = nil, nameEn: String? = nil,
        in data: ReferenceData = Fixtures.reference
    ) throws(ValidationError) -> ReferenceData {
        try data.editing(table, code: code, edit, name: name, nameEn: nameEn, day: Self.day, rules: Self.rules)
    }

    @Test func renamingChangesTheGivenNamesOnly() throws {
        let renamed = try edit(.departments, "jh-petition", .rename, name: "综治信访维稳办公室", nameEn: "")
        #expect(renamed.department("jh-petition")?.name == "综治信访维稳办公室")
        #expect(renamed.department("jh-petition")?.nameEn == Fixtures.reference.department("jh-petition")?.nameEn)
        #expect(throws: ValidationError([.init("name", "required")])) {
            try edit(.departments, "jh-petition", .rename, name: " ", nameEn: nil)
        }
        #expect(throws: ValidationError([.init("code", "unknown")])) { try edit(.departments, "nowhere", .rename, name: "某部门") }
    }

    @Test func aRetiredItemIsFoundButNotOfferedAndTakesItsDependantsAlong() throws {
        let retired = try edit(.areas, "jiangzuan", .retire)
        #expect(retired.area("jiangzuan")?.retiredOn == Self.day)
        #expect(retired.hasArea("jiangzuan-grid1") && retired.areaTree.contains("jiangzuan-grid1"))
        #expect(!retired.areas.contains { $0.code.hasPrefix("jiangzuan") })
        #expect(retired.intakePoint("jiangzuan-school")?.isRetired == true)
        #expect(!retired.intakePoints.contains { $0.code == "jiangzuan-school" })
        #expect(retired.allAreas.count == Fixtures.reference.allAreas.count)

        let categories = try edit(.categories, "elderly", .retire)
        #expect(categories.categories.filter { $0.code.hasPrefix("elderly") }.isEmpty)
        #expect(categories.category("elderly.canteen")?.isRetired == true)
        // Restoring a child needs its parent in use; the parent comes back alone.
        #expect(throws: ValidationError([.init("code", "notAllowed")])) {
            try edit(.categories, "elderly.canteen", .restore, in: categories)
        }
        let parent = try edit(.categories, "elderly", .restore, in: categories)
        #expect(parent.category("elderly")?.isRetired == false && parent.category("elderly.canteen")?.isRetired == true)
    }

    @Test func unitsInUseByARuleAndTheJointCentreStay() throws {
        #expect(throws: ValidationError([.init("code", "inUse")])) { try edit(.departments, "gh-property", .retire) }
        #expect(throws: ValidationError([.init("code", "inUse")])) { try edit(.organizations, "qianjiang-court", .retire) }
        #expect(throws: ValidationError([.init("code", "notAllowed")])) { try edit(.organizations, "joint", .retire) }
        let department = try edit(.departments, "jh-petition", .retire)
        #expect(department.departments.count == Fixtures.reference.departments.count - 1)
    }

    @Test func newRequestsDispatchesAndTasksRefuseRetiredItems() throws {
        let retired = try edit(.departments, "jh-petition", .retire, in: try edit(.categories, "property.greening", .retire))
        let request = IntakeRequest(
            channel: "hotline", kind: "complaint", category: "property.greening", area: "jiangzuan-grid1",
            description: "小区绿化带无人修剪", requester: .init(name: "王华", phone: "13812345678"))
        #expect(throws: ValidationError([.init("category", "retired")])) {
            try IntakeValidator.validate(
                request, source: .staff(Fixtures.jointIntake), reference: retired, rules: Fixtures.rules, trackingCode: nil)
        }
        // Imported history keeps what it had.
        _ = try IntakeValidator.validate(request, source: .imported, reference: retired, rules: Fixtures.rules, trackingCode: nil)

        let script = try TicketScript.at(.received)
        let context = DecisionContext(reference: retired, now: Fixtures.now)
        #expect(throws: ValidationError([.init("department", "retired")])) {
            try TicketLifecycle.decide(
                .dispatch(organization: "jianghan-oilfield", department: "jh-petition", assisting: [], note: nil),
                on: script.state, by: Fixtures.jointDispatcher, context: context)
        }
    }
}
