import Foundation
import MashangCore
import MashangServices

/// A GeoReport v2 "POST Service Request" turned into Mashang's intake request: the service is the category, the
/// location is an area (`address_id` = an area or intake point code, or an `address_string` naming a known area,
/// or `lat`/`long` alone, which place it in the area holding them), `attribute[kind]` / `attribute[urgency]` are
/// Mashang's own questions and the rest are the category's questions, whose answers, the address text and the media
/// link are kept as lines of the description; the coordinates are kept as the ticket's location.
struct Open311Submission {
    /// Mashang's own attributes, asked of every service.
    static let kindAttribute = "kind"
    static let urgencyAttribute = "urgency"
    /// What a request is when a client does not say (civic apps report problems to be fixed).
    static let defaultKind = TicketKind.help

    let request: IntakeRequest
    /// Problems found before intake validation (attributes, coordinates, links), named by Open311 parameter.
    let problems: [ValidationError.Field]

    /// `parameters` holds every value of every parameter, query and body together.
    init(parameters: [String: [String]], category: String, reference: ReferenceData) {
        func value(_ name: String) -> String? {
            parameters[name]?.last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        var rules = FieldRules()
        var attributes = Self.attributes(in: parameters)
        let kind = attributes.removeValue(forKey: Self.kindAttribute)?.last ?? Self.defaultKind.rawValue
        let urgency = attributes.removeValue(forKey: Self.urgencyAttribute)?.last
        var lines = CategoryAnswers.lines(for: attributes, questions: reference.questions(for: category), problems: &rules)

        var area: String?
        var intakePoint: String?
        if let id = value("address_id") {
            if reference.hasArea(id) {
                area = id
            } else if reference.intakePoint(id) != nil {
                intakePoint = id
            } else {
                rules.add("address_id", "unknown")
            }
        }
        let addressText = rules.text(parameters["address_string"]?.last, "address_string", max: 200, required: false)
        if let addressText {
            lines.append("地址：\(addressText)")
            // With coordinates the area is the one holding them, not a guess from the text.
            if area == nil && intakePoint == nil && value("address_id") == nil && value("lat") == nil && value("long") == nil {
                area = Self.area(named: addressText, in: reference)
            }
        }
        // GeoReport locates a request by an address or by coordinates alone (WGS-84, as the specification has them).
        var location: IntakeRequest.LocationInput?
        switch (value("lat"), value("long")) {
        case (nil, nil):
            break
        case (let lat?, let long?):
            if let latitude = Double(lat), let longitude = Double(long), latitude.isFinite, longitude.isFinite {
                location = .init(latitude: latitude, longitude: longitude, system: CoordinateSystem.wgs84.rawValue)
            } else {
                rules.add(Double(lat)?.isFinite == true ? "long" : "lat", "invalid")
            }
        default:
            rules.add(value("lat") == nil ? "lat" : "long", "required")
        }
        if area == nil && intakePoint == nil && value("address_id") == nil && location == nil && value("lat") == nil {
            rules.add("address_id", addressText == nil ? "required" : "unknown")
        }
        if let media = value("media_url") {
            if media.count <= 500, let url = URL(string: media), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
            {
                lines.append("图片链接：\(media)")
            } else {
                rules.add("media_url", "invalid")
            }
        }
        var description = value("description")
        if let text = description, !lines.isEmpty { description = text + "\n\n" + lines.joined(separator: "\n") }
        let name = [value("last_name"), value("first_name")].compactMap { $0 }
        let joinedName =
            name.isEmpty
            ? nil
            : name.allSatisfy({ $0.unicodeScalars.allSatisfy(\.isASCII) }) ? name.reversed().joined(separator: " ") : name.joined()
        request = IntakeRequest(
            channel: Channel.api.rawValue, kind: kind, category: category, area: area, intakePoint: intakePoint,
            description: description, urgency: urgency,
            requester: .init(name: joinedName, phone: value("phone")), location: location)
        problems = rules.problems
    }

    /// `attribute[code]=v` and `attribute[code][]=v` (multi-value lists), by code.
    static func attributes(in parameters: [String: [String]]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (name, values) in parameters where name.hasPrefix("attribute[") {
            var code = name.dropFirst("attribute[".count)
            if code.hasSuffix("][]") { code = code.dropLast(3) } else if code.hasSuffix("]") { code = code.dropLast() } else { continue }
            result[String(code), default: []].append(contentsOf: values)
        }
        return result
    }

    /// The most specific area whose Chinese or English name the address text contains.
    static func area(named text: String, in reference: ReferenceData) -> String? {
        let lowered = text.lowercased()
        return reference.areas
            .filter { text.contains($0.name) || (!$0.nameEn.isEmpty && lowered.contains($0.nameEn.lowercased())) }
            .max { reference.areaTree.depth(of: $0.code) < reference.areaTree.depth(of: $1.code) }?.code
    }

    /// Mashang's intake field names as the Open311 parameters a client sent.
    static func parameterName(_ field: String) -> String {
        switch field {
        case "category": "service_code"
        case "area", "intakePoint": "address_id"
        case "location", "location.latitude": "lat"
        case "location.longitude": "long"
        case "requester.name": "first_name"
        case "requester.phone": "phone"
        case "kind": "attribute[\(kindAttribute)]"
        case "urgency": "attribute[\(urgencyAttribute)]"
        default: field
        }
    }
}
