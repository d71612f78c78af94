/// The six registers. Field, status, entry and action names are stable codes (stored, and in the API); their labels
/// are in the message catalogues under `register.<kind>.…` and choices under `register.choice.<code>`.
enum RegisterSchemas {
    static let mediationRequires = ["party=side:applicant", "party=side:respondent", "mediator", "session"]

    /// 矛盾联调、多元化解: parties, mediators from any member organisation, sessions, and an outcome.
    static let mediation = RegisterSchema(
        kind: .mediation,
        fields: [
            RegisterField("ticket", .ticket), RegisterField("title", .text(max: 100)), RegisterField("summary", .longText(max: 2000)),
        ],
        initialStatus: "open",
        statuses: ["open", "agreed", "partial", "failed", "confirmation", "confirmed"],
        closedStatuses: ["agreed", "partial", "failed", "confirmed"],
        entries: [
            RegisterEntryKind(
                "party",
                [
                    RegisterField("side", .choice(["applicant", "respondent"])),
                    RegisterField("name", .text(max: 50), personal: true),
                    RegisterField("phone", .phone, required: false, personal: true),
                    RegisterField("role", .text(max: 50), required: false),
                ], statuses: ["open"]),
            RegisterEntryKind(
                "mediator",
                [
                    RegisterField("type", .choice(["peopleMediator", "judge", "lawyer", "police"])),
                    RegisterField("name", .text(max: 50)), RegisterField("organization", .organization),
                ],
                statuses: ["open"]),
            RegisterEntryKind(
                "session",
                [
                    RegisterField("date", .date), RegisterField("place", .text(max: 100)),
                    RegisterField("attendees", .text(max: 300)), RegisterField("minutes", .longText(max: 4000)),
                ],
                statuses: ["open"]),
        ],
        actions: [
            RegisterAction(
                "agree", from: ["open"], to: "agreed",
                [RegisterField("terms", .longText(max: 4000)), RegisterField("signedOn", .date)], requires: mediationRequires),
            RegisterAction(
                "settlePartly", from: ["open"], to: "partial",
                [RegisterField("terms", .longText(max: 4000)), RegisterField("remaining", .longText(max: 2000))],
                requires: mediationRequires),
            RegisterAction(
                "fail", from: ["open"], to: "failed",
                [
                    RegisterField("reason", .longText(max: 2000)),
                    RegisterField("route", .choice(["litigation", "arbitration", "administrativeReview", "labourArbitration"])),
                ],
                requires: ["session"]),
            RegisterAction(
                "requestConfirmation", from: ["agreed"], to: "confirmation",
                [RegisterField("court", .organization), RegisterField("submittedOn", .date)]),
            RegisterAction(
                "confirm", from: ["confirmation"], to: "confirmed",
                [RegisterField("ruling", .text(max: 100)), RegisterField("confirmedOn", .date)]),
        ],
        titleField: "title", dayField: nil, organizationField: nil, quantityField: nil, ticketChannels: [], uniqueFields: [])

    /// 风险联防、平安共治: hazards with owners, duty posts (护学岗) and inspections.
    static let risk = RegisterSchema(
        kind: .risk,
        fields: [
            RegisterField("title", .text(max: 100)),
            RegisterField("type", .choice(["schoolRoad", "flood", "fraud", "publicOrder", "fireSafety", "other"])),
            RegisterField("area", .area), RegisterField("place", .text(max: 200)),
            RegisterField("level", .choice(["low", "medium", "high", "major"])),
            RegisterField("owners", .organizations), RegisterField("measures", .longText(max: 4000)),
            RegisterField("category", .category, required: false),
        ],
        initialStatus: "identified",
        statuses: ["identified", "controlling", "resolved"],
        closedStatuses: ["resolved"],
        entries: [
            RegisterEntryKind(
                "dutyPost",
                [
                    RegisterField("post", .text(max: 100)), RegisterField("organization", .organization),
                    RegisterField("person", .text(max: 50)),
                    RegisterField("weekdays", .choices(["mon", "tue", "wed", "thu", "fri", "sat", "sun"])),
                    RegisterField("from", .time), RegisterField("to", .time),
                    RegisterField("startsOn", .date), RegisterField("endsOn", .date, required: false),
                ]),
            RegisterEntryKind(
                "inspection",
                [
                    RegisterField("date", .date), RegisterField("inspector", .text(max: 50)),
                    RegisterField("findings", .longText(max: 2000)),
                    RegisterField("result", .choice(["ok", "issuesFound"])),
                ]),
        ],
        actions: [
            RegisterAction("control", from: ["identified"], to: "controlling", [RegisterField("note", .longText(max: 2000))]),
            RegisterAction(
                "changeLevel", from: ["identified", "controlling"], to: "",
                [RegisterField("level", .choice(["low", "medium", "high", "major"])), RegisterField("note", .longText(max: 2000))]),
            RegisterAction(
                "resolve", from: ["identified", "controlling"], to: "resolved",
                [RegisterField("note", .longText(max: 2000))], requires: ["inspection"]),
            RegisterAction("reopen", from: ["resolved"], to: "controlling", [RegisterField("note", .longText(max: 2000))]),
        ],
        titleField: "title", dayField: nil, organizationField: "owners", quantityField: nil, ticketChannels: [], uniqueFields: [])

    /// 员工思想动态快报: one report per grassroots unit and month.
    static let sentiment = RegisterSchema(
        kind: .sentiment,
        fields: [
            RegisterField("unit", .organization), RegisterField("period", .month),
            RegisterField("topics", .choices(["wages", "housing", "pension", "medical", "safety", "reform", "family", "other"])),
            RegisterField("mood", .choice(["stable", "attention", "alert"])),
            RegisterField("concerns", .longText(max: 2000), required: false),
            RegisterField("suggestions", .longText(max: 2000), required: false),
            RegisterField("reporter", .text(max: 50)),
        ],
        initialStatus: "filed",
        statuses: ["filed", "reviewed"],
        closedStatuses: [],
        entries: [RegisterEntryKind("note", [RegisterField("text", .longText(max: 2000))])],
        actions: [
            RegisterAction("review", from: ["filed"], to: "reviewed", [RegisterField("comment", .longText(max: 2000), required: false)])
        ],
        titleField: "period", dayField: "period", organizationField: "unit", quantityField: nil,
        ticketChannels: [.sentimentReport], uniqueFields: ["unit", "period"])

    /// 员工帮扶服务部: households with consented contact data, visit plans, visits, help given and hotline calls.
    static let household = RegisterSchema(
        kind: .household,
        fields: [
            RegisterField("name", .text(max: 50), personal: true), RegisterField("phone", .phone, required: false, personal: true),
            RegisterField("address", .text(max: 200), personal: true), RegisterField("area", .area),
            RegisterField("type", .choice(["elderlyAlone", "employeeAway", "specialNeeds", "hardship"])),
            RegisterField("members", .number(1...20), required: false),
            RegisterField("needs", .longText(max: 1000), required: false),
            RegisterField("consent", .consent), RegisterField("consentOn", .date),
        ],
        initialStatus: "active",
        statuses: ["active", "ended"],
        closedStatuses: ["ended"],
        entries: [
            RegisterEntryKind(
                "visitPlan",
                [
                    RegisterField("plannedOn", .date), RegisterField("visitor", .text(max: 50)),
                    RegisterField("purpose", .text(max: 200)),
                ], statuses: ["active"]),
            RegisterEntryKind(
                "visit",
                [
                    RegisterField("date", .date), RegisterField("visitors", .text(max: 100)),
                    RegisterField("persons", .number(1...50)), RegisterField("findings", .longText(max: 2000)),
                ],
                statuses: ["active"], quantity: "persons"),
            RegisterEntryKind(
                "assistance",
                [
                    RegisterField("date", .date),
                    RegisterField("type", .choice(["emergency", "medical", "dailyLife", "other"])),
                    RegisterField("helpers", .text(max: 100)), RegisterField("minutes", .number(1...10_000)),
                    RegisterField("persons", .number(1...50)), RegisterField("description", .longText(max: 2000)),
                ],
                statuses: ["active"], quantity: "persons"),
            RegisterEntryKind(
                "call",
                [
                    RegisterField("date", .date), RegisterField("summary", .longText(max: 1000)),
                    RegisterField("outcome", .choice(["assistance", "ticket", "advice"])),
                ], statuses: ["active"]),
        ],
        actions: [
            RegisterAction("end", from: ["active"], to: "ended", [RegisterField("reason", .text(max: 200))]),
            RegisterAction("resume", from: ["ended"], to: "active", [RegisterField("reason", .text(max: 200))]),
            // The household withdraws its consent: it is no longer followed, and its name, phone and address go.
            RegisterAction(
                "withdrawConsent", from: ["active", "ended"], to: "ended", [RegisterField("reason", .text(max: 200))],
                erasesPersonalData: true),
        ],
        titleField: "name", dayField: nil, organizationField: nil, quantityField: nil,
        ticketChannels: [.homeVisit, .hotline], uniqueFields: [])

    /// 锦旗、感谢信: praise received, linked to the people, unit and tickets it praises.
    static let commendation = RegisterSchema(
        kind: .commendation,
        fields: [
            RegisterField("form", .choice(["banner", "letter", "other"])), RegisterField("receivedOn", .date),
            RegisterField("giver", .text(max: 100), personal: true), RegisterField("organization", .organization),
            RegisterField("praised", .text(max: 200)), RegisterField("wording", .text(max: 200), required: false),
            RegisterField("tickets", .tickets, required: false),
        ],
        initialStatus: "recorded", statuses: ["recorded"], closedStatuses: [], entries: [], actions: [],
        titleField: "praised", dayField: "receivedOn", organizationField: "organization", quantityField: nil, ticketChannels: [],
        uniqueFields: [])

    /// 法治宣讲、居民代表座谈: events, their attendance and the questions raised.
    static let outreach = RegisterSchema(
        kind: .outreach,
        fields: [
            RegisterField("type", .choice(["legalTalk", "residentForum"])), RegisterField("topic", .text(max: 100)),
            RegisterField("date", .date), RegisterField("place", .text(max: 200)), RegisterField("speakers", .text(max: 200)),
            RegisterField("organization", .organization), RegisterField("attendance", .number(0...100_000), required: false),
        ],
        initialStatus: "planned",
        statuses: ["planned", "held"],
        closedStatuses: [],
        entries: [
            RegisterEntryKind(
                "question",
                [
                    RegisterField("asker", .text(max: 50), required: false, personal: true),
                    RegisterField("text", .longText(max: 1000)),
                    RegisterField("answer", .longText(max: 2000), required: false),
                ]),
            RegisterEntryKind("answer", [RegisterField("question", .entry("question")), RegisterField("text", .longText(max: 2000))]),
        ],
        actions: [RegisterAction("hold", from: ["planned"], to: "held", [RegisterField("attendance", .number(0...100_000))])],
        titleField: "topic", dayField: "date", organizationField: "organization", quantityField: "attendance",
        ticketChannels: [.walkIn], uniqueFields: [])
}
