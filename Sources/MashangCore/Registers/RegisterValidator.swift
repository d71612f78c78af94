import Foundation

/// Checks submitted field values against a list of field specifications and the reference data, and brings them
/// into their stored form. Every problem is named by field, as for tickets; unknown field names are refused too.
public enum RegisterValidator {
    public static func validate(
        _ input: RegisterFields, against specs: [RegisterField], reference: ReferenceData,
        entries: [RegisterEvent] = []
    ) throws(ValidationError) -> RegisterFields {
        var rules = FieldRules()
        var output: RegisterFields = [:]
        for name in input.keys.sorted() where !specs.contains(where: { $0.name == name }) { rules.add(name, "unknown") }
        for spec in specs {
            if let value = value(input[spec.name], spec, reference: reference, entries: entries, rules: &rules) {
                output[spec.name] = value
            }
        }
        try rules.check()
        return output
    }

    private static func value(
        _ raw: RegisterValue?, _ spec: RegisterField, reference: ReferenceData, entries: [RegisterEvent],
        rules: inout FieldRules
    ) -> RegisterValue? {
        let name = spec.name
        let text = raw?.plain.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty {
            if spec.required { rules.add(name, "required") }
            return nil
        }
        func refuse(_ problem: String = "invalid") -> RegisterValue? {
            rules.add(name, problem)
            return nil
        }
        switch spec.type {
        case .text(let max), .longText(let max):
            return rules.text(text, name, max: max).map(RegisterValue.text)
        case .date:
            return day(text) != nil ? .text(text) : refuse()
        case .time:
            let parts = text.split(separator: ":").compactMap { Int($0) }
            guard text.count == 5, parts.count == 2, (0...23).contains(parts[0]), (0...59).contains(parts[1]) else { return refuse() }
            return .text(text)
        case .month:
            return month(text) != nil ? .text(text) : refuse()
        case .choice(let codes):
            return codes.contains(text) ? .text(text) : refuse()
        case .choices(let codes):
            let list = unique(items(raw))
            return list.allSatisfy(codes.contains) ? .list(list) : refuse()
        case .number(let range):
            guard let number = raw?.number ?? Int(text) else { return refuse() }
            return range.contains(number) ? .number(number) : refuse(number < range.lowerBound ? "tooShort" : "tooLong")
        case .phone:
            return PhoneNumber.normalized(text).map(RegisterValue.text) ?? refuse()
        case .ticket:
            return TicketNumber.isNumber(text) ? .text(text) : refuse()
        case .tickets:
            let list = unique(items(raw))
            guard list.count <= 50 else { return refuse("tooLong") }
            return list.allSatisfy(TicketNumber.isNumber) ? .list(list) : refuse()
        case .organization:
            return reference.organization(text) != nil ? .text(text) : refuse("unknown")
        case .organizations:
            let list = unique(items(raw))
            return list.allSatisfy({ reference.organization($0) != nil }) ? .list(list) : refuse("unknown")
        case .area:
            return reference.hasArea(text) ? .text(text) : refuse("unknown")
        case .category:
            return reference.category(text) != nil ? .text(text) : refuse("unknown")
        case .consent:
            return ["yes", "on", "true", "1"].contains(text.lowercased()) ? .text("yes") : refuse("required")
        case .entry(let kind):
            guard let number = raw?.number ?? Int(text) else { return refuse() }
            return entries.contains { $0.kind == .entry && $0.name == kind && $0.sequence == number } ? .number(number) : refuse("unknown")
        }
    }

    /// A list given as an array, or as text separated by commas, spaces or ideographic commas.
    static func items(_ raw: RegisterValue?) -> [String] {
        guard let raw else { return [] }
        if case .list(let list) = raw { return list.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        return raw.plain.split(whereSeparator: { $0 == "," || $0 == "," || $0 == "、" || $0.isWhitespace }).map(String.init)
    }

    static func unique(_ list: [String]) -> [String] {
        var seen: [String] = []
        for item in list where !seen.contains(item) { seen.append(item) }
        return seen
    }

    /// `yyyy-MM-dd` as a day, nil unless it is a real date between 2000 and 2100.
    public static func day(_ text: String) -> ChinaDay? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (2000...2100).contains(year), (1...12).contains(month), (1...ChinaDay.length(year: year, month: month)).contains(day)
        else { return nil }
        return ChinaDay(year: year, month: month, day: day)
    }

    /// `yyyy-MM` as the first day of that month.
    public static func month(_ text: String) -> ChinaDay? {
        guard text.count == 7 else { return nil }
        return day(text + "-01")
    }
}
