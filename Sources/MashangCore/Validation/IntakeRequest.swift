import Foundation

/// A request for a new ticket as submitted, before validation. Every field is optional so that a missing field is
/// reported by name rather than as a decoding failure.
public struct IntakeRequest: Codable, Sendable {
    public struct RequesterInput: Codable, Sendable {
        public var name: String?
        public var phone: String?
        public var idNumber: String?
        /// The WeChat OpenID, from a WeChat front end.
        public var wechat: String?
        public init(name: String? = nil, phone: String? = nil, idNumber: String? = nil, wechat: String? = nil) {
            self.name = name
            self.phone = phone
            self.idNumber = idNumber
            self.wechat = wechat
        }
    }

    /// Coordinates of where it happens: `latitude` and `longitude` in degrees, `system` `wgs84` (GPS, the default) or
    /// `gcj02` (Chinese map apps).
    public struct LocationInput: Codable, Sendable {
        public var latitude: Double?
        public var longitude: Double?
        public var system: String?
        public init(latitude: Double? = nil, longitude: Double? = nil, system: String? = nil) {
            self.latitude = latitude
            self.longitude = longitude
            self.system = system
        }
    }

    public var channel: String?
    public var kind: String?
    public var category: String?
    public var area: String?
    public var intakePoint: String?
    public var location: LocationInput?
    public var description: String?
    public var urgency: String?
    public var requester: RequesterInput?
    /// Whether the requester agrees to text messages about the request (nil: not asked).
    public var smsConsent: Bool?
    /// The language messages to the requester are written in: `zh-Hans` (the default) or `en`.
    public var language: String?
    /// The version of the privacy notice the requester was shown (`PrivacyNotice.versions`), if the front end knows it.
    public var privacyNotice: String?

    public init(
        channel: String? = nil, kind: String? = nil, category: String? = nil, area: String? = nil,
        intakePoint: String? = nil, description: String? = nil, urgency: String? = nil,
        requester: RequesterInput? = nil, smsConsent: Bool? = nil, language: String? = nil, location: LocationInput? = nil,
        privacyNotice: String? = nil
    ) {
        self.privacyNotice = privacyNotice
        self.channel = channel
        self.kind = kind
        self.category = category
        self.area = area
        self.intakePoint = intakePoint
        self.description = description
        self.urgency = urgency
        self.requester = requester
        self.smsConsent = smsConsent
        self.language = language
        self.location = location
    }
}

/// Where a request comes from, which decides the allowed channels and who holds the new ticket.
public enum IntakeSource: Sendable {
    /// Staff at the joint desk of an organisation.
    case staff(StaffActor)
    /// The public QR form; needs an intake point.
    case publicForm
    /// A connected system (Open311 with an organisation's API key, `client` naming the key): channel `api`, held by
    /// that organisation.
    case integration(organization: String, client: String)
    /// A historical record from a previous system (`mashang import tickets`): any channel, held by the joint centre.
    case imported

    var allowedChannels: Set<Channel> {
        switch self {
        case .staff: [.hotline, .walkIn, .legalDay, .sentimentReport, .homeVisit, .web]
        case .publicForm: [.qr, .web]
        case .integration: [.api]
        case .imported: Set(Channel.allCases)
        }
    }
}

/// Turns an `IntakeRequest` into a `TicketDraft`, naming every bad field at once.
public enum IntakeValidator {
    public static let descriptionLimit = 2000

    public static func validate(
        _ request: IntakeRequest, source: IntakeSource, reference: ReferenceData,
        rules: DispatchRuleSet, trackingCode: String?
    ) throws(ValidationError) -> TicketDraft {
        var check = FieldRules()

        let channel = parse(
            Channel.self, request.channel, "channel", &check,
            default: { () -> Channel? in
                if case .publicForm = source { return .qr }
                return nil
            }())
        if let channel, !source.allowedChannels.contains(channel) { check.add("channel", "notAllowed") }
        let kind = parse(TicketKind.self, request.kind, "kind", &check)
        let urgency = parse(Urgency.self, request.urgency, "urgency", &check, default: .normal)

        // A retired item is offered no more to new requests; imported history keeps what it had.
        let takesRetired: Bool = if case .imported = source { true } else { false }
        let category = request.category.flatMap { reference.category($0) }
        if request.category == nil { check.add("category", "required") } else if category == nil { check.add("category", "unknown") }
        if let category, category.isRetired && !takesRetired { check.add("category", "retired") }

        var area = request.area
        // Coordinates place the request in the area holding them; an area given too must contain that one.
        let location = request.location.flatMap { locate($0, reference: reference, &check) }
        let located = location.flatMap { reference.areaLocator.area(containing: $0.point) }
        if let located {
            if let given = area, reference.hasArea(given), !reference.areaTree.isSelfOrAncestor(given, of: located) {
                check.add("area", "notAtLocation")
            }
            area = located
        }
        var intakePoint: IntakePoint?
        if let code = request.intakePoint {
            intakePoint = reference.intakePoint(code)
            if let intakePoint {
                if intakePoint.isRetired && !takesRetired { check.add("intakePoint", "retired") }
                if area == nil { area = intakePoint.area }
                // A QR code's area is where the code hangs; coordinates say where the matter is, and win.
                if located == nil && area != intakePoint.area && !reference.areaTree.isSelfOrAncestor(intakePoint.area, of: area!) {
                    check.add("area", "invalid")
                }
            } else {
                check.add("intakePoint", "unknown")
            }
        } else if case .publicForm = source {
            check.add("intakePoint", "required")
        }
        if let code = area {
            if !reference.hasArea(code) {
                check.add("area", "unknown")
            } else if reference.area(code)?.isRetired == true && !takesRetired {
                check.add("area", "retired")
            }
        } else if request.intakePoint == nil && !check.problems.contains(where: { $0.name.hasPrefix("location") }) {
            // Coordinates that place nothing have their own problem.
            check.add("area", "required")
        }

        let description = check.text(request.description, "description", max: descriptionLimit)
        if let description, description.count < 2 { check.add("description", "tooShort") }

        let anonymityAllowed = category.map { anonymousAllowed(in: $0.code, reference: reference) } ?? false
        let name = check.text(request.requester?.name, "requester.name", max: 30, required: !anonymityAllowed)
        var phone: String?
        if let raw = check.text(request.requester?.phone, "requester.phone", max: 20, required: !anonymityAllowed) {
            phone = PhoneNumber.normalized(raw)
            if phone == nil { check.add("requester.phone", "invalid") }
        }
        var idNumber: String?
        if let raw = check.text(request.requester?.idNumber, "requester.idNumber", max: 30, required: false) {
            idNumber = IdentityNumber.normalized(raw)
            if idNumber == nil { check.add("requester.idNumber", "invalid") }
        }
        var wechat: String?
        if let raw = check.text(request.requester?.wechat, "requester.wechat", max: 64, required: false) {
            // OpenIDs are 28 characters of letters, digits, `-` and `_`.
            let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
            if raw.count >= 16, raw.unicodeScalars.allSatisfy(allowed.contains) {
                wechat = raw
            } else {
                check.add("requester.wechat", "invalid")
            }
        }
        let language = request.language ?? "zh-Hans"
        if !DefaultTemplates.languages.contains(language) { check.add("language", "invalid") }
        let notice = check.text(request.privacyNotice, "privacyNotice", max: 40, required: false)
        if let notice, !PrivacyNotice.versions.contains(notice) { check.add("privacyNotice", "invalid") }
        try check.check()

        let text = description!
        let decision = rules.route(category: category!.code, area: area!, kind: kind!, text: text)
        let holder: String =
            switch source {
            case .staff(let actor): actor.organization
            case .publicForm: TicketLifecycle.jointCentre
            case .integration(let organization, _): organization
            case .imported: TicketLifecycle.jointCentre
            }
        return TicketDraft(
            channel: channel!, kind: kind!, category: category!.code, area: area!,
            intakePoint: intakePoint?.code, urgency: urgency!, description: text,
            requester: Requester(name: name, phone: phone, idNumber: idNumber, wechat: wechat),
            trackingCode: source.isPublic ? trackingCode : nil, holder: holder,
            suggestedOrganization: decision?.organization, suggestedDepartment: decision?.department,
            contactConsent: request.smsConsent.map { ContactConsent(sms: $0 && (phone != nil || wechat != nil), language: language) },
            location: location, privacyNotice: notice)
    }

    /// The coordinates in WGS-84, or nil with the problems noted: both numbers in range, a known system, and (when any
    /// area has a boundary) inside the mechanism's territory. Without any boundary the point is kept but cannot place
    /// the request, which then needs its area.
    public static func locate(_ input: IntakeRequest.LocationInput, reference: ReferenceData, _ check: inout FieldRules) -> TicketLocation?
    {
        let system = input.system.map { CoordinateSystem(named: $0) } ?? .wgs84
        if system == nil { check.add("location.system", "invalid") }
        if input.latitude.map({ !(-90...90).contains($0) }) ?? false { check.add("location.latitude", "invalid") }
        if input.longitude.map({ !(-180...180).contains($0) }) ?? false { check.add("location.longitude", "invalid") }
        guard let system, let latitude = input.latitude, let longitude = input.longitude,
            GeoPoint(latitude: latitude, longitude: longitude).isValid
        else {
            if input.latitude == nil { check.add("location.latitude", "required") }
            if input.longitude == nil { check.add("location.longitude", "required") }
            return nil
        }
        let location = TicketLocation(point: system.wgs84(GeoPoint(latitude: latitude, longitude: longitude)), system: system)
        let locator = reference.areaLocator
        if !locator.isEmpty && locator.area(containing: location.point) == nil {
            let territory = locator.territory.compactMap { reference.area($0) }
            check.add(
                "location", "outsideTerritory",
                values: [
                    "territory": territory.map(\.name).joined(separator: "、"),
                    "territoryEn": territory.map(\.nameEn).joined(separator: ", "),
                ])
            return nil
        }
        return location
    }

    /// Every problem of a request, none when it is valid: for forms that found problems of their own first and name
    /// all of them in one answer.
    public static func problems(
        _ request: IntakeRequest, source: IntakeSource, reference: ReferenceData, rules: DispatchRuleSet
    ) -> [ValidationError.Field] {
        do {
            _ = try validate(request, source: source, reference: reference, rules: rules, trackingCode: nil)
            return []
        } catch {
            return error.fields
        }
    }

    /// Anonymity is allowed when the category or one of its ancestors allows it.
    public static func anonymousAllowed(in category: String, reference: ReferenceData) -> Bool {
        reference.categoryTree.lineage(of: category).contains { reference.category($0)?.allowsAnonymous == true }
    }

    private static func parse<Value: RawRepresentable>(
        _ type: Value.Type, _ raw: String?, _ field: String,
        _ check: inout FieldRules, default fallback: Value? = nil
    ) -> Value?
    where Value.RawValue == String {
        guard let raw else {
            if fallback == nil { check.add(field, "required") }
            return fallback
        }
        guard let value = Value(rawValue: raw) else {
            check.add(field, "invalid")
            return nil
        }
        return value
    }
}

extension IntakeSource {
    var isPublic: Bool {
        if case .publicForm = self { return true }
        return false
    }
}
