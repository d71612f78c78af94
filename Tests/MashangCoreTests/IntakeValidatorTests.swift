import MashangCore
import MashangTesting
import Testing

struct IntakeValidatorTests {
    func validate(_ request: IntakeRequest, _ source: IntakeSource = .publicForm) throws -> TicketDraft {
        try IntakeValidator.validate(
            request, source: source, reference: Fixtures.reference, rules: Fixtures.rules, trackingCode: "ABCD2345")
    }

    let requester = IntakeRequest.RequesterInput(name: "王华", phone: "138 1234 5678")

    @Test func aQRSubmissionTakesItsAreaFromTheIntakePointAndGetsASuggestionAndATrackingCode() throws {
        let draft = try validate(
            IntakeRequest(
                kind: "complaint", category: "housing.leak", intakePoint: "jiangzuan-gate",
                description: "  屋顶漏水  ", requester: requester))
        #expect(draft.channel == .qr)
        #expect(draft.area == "jiangzuan-grid1")
        #expect(draft.description == "屋顶漏水")
        #expect(draft.requester.phone == "13812345678")
        #expect(draft.holder == TicketLifecycle.jointCentre)
        #expect(draft.suggestedOrganization == "guanghua-street")
        #expect(draft.trackingCode == "ABCD2345")
    }

    @Test func staffIntakeIsHeldByTheDesksOrganisationAndHasNoTrackingCode() throws {
        let draft = try validate(
            IntakeRequest(
                channel: "hotline", kind: "help", category: "employee.welfare", area: "wuqi-grid1",
                description: "困难职工申请帮扶", requester: requester),
            .staff(Fixtures.actor("guanghua-street", .intake)))
        #expect(draft.holder == "guanghua-street")
        #expect(draft.trackingCode == nil)
        #expect(draft.suggestedOrganization == "jianghan-oilfield")
    }

    @Test func everyBadFieldIsNamedAtOnce() {
        #expect(
            throws: ValidationError([
                .init("channel", "notAllowed"), .init("kind", "required"), .init("category", "unknown"),
                .init("intakePoint", "unknown"), .init("description", "required"),
                .init("requester.name", "required"), .init("requester.phone", "invalid"),
            ])
        ) {
            try validate(
                IntakeRequest(
                    channel: "hotline", category: "nothing", intakePoint: "nowhere",
                    requester: .init(name: nil, phone: "12345")))
        }
    }

    @Test func anonymityIsAllowedOnlyWhereTheCategoryAllowsIt() throws {
        let anonymous = try validate(
            IntakeRequest(
                kind: "complaint", category: "security.hazard", intakePoint: "wuqi-gate",
                description: "楼道堆放杂物"))
        #expect(anonymous.requester.isAnonymous)
        #expect(throws: ValidationError([.init("requester.name", "required"), .init("requester.phone", "required")])) {
            try validate(IntakeRequest(kind: "complaint", category: "property", intakePoint: "wuqi-gate", description: "电梯停运"))
        }
    }

    @Test func aPublicSubmissionNeedsAnIntakePointAndAQRChannel() {
        #expect(throws: ValidationError([.init("intakePoint", "required")])) {
            try validate(IntakeRequest(kind: "complaint", category: "property", area: "wuqi", description: "电梯停运", requester: requester))
        }
        #expect(throws: ValidationError([.init("channel", "notAllowed")])) {
            try validate(
                IntakeRequest(
                    channel: "hotline", kind: "complaint", category: "property", intakePoint: "wuqi-gate",
                    description: "电梯停运", requester: requester))
        }
    }

    @Test(arguments: [
        ("13812345678", "13812345678"), ("+86 139-1234-5678", "13912345678"), ("0728-6543210", "07286543210"),
        ("027 87654321", "02787654321"),
    ])
    func mainlandNumbersAreAcceptedAndNormalised(_ raw: String, _ normalised: String) {
        #expect(PhoneNumber.normalized(raw) == normalised)
    }

    @Test(arguments: ["12812345678", "1381234567", "abc", "", "00123456789", "138123456789"])
    func otherNumbersAreRefused(_ raw: String) {
        #expect(PhoneNumber.normalized(raw) == nil)
    }

    @Test func phonesAreMaskedToTheirEnds() {
        #expect(PhoneNumber.masked("13812345678") == "138****5678")
    }
}
