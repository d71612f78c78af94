import Foundation

/// The one JSON encoding of the product (API answers, webhook bodies, exports): ISO 8601 dates, sorted keys,
/// slashes left as they are.
public enum JSONCoding {
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// Numbers as tables and spreadsheets show them: whole numbers without a decimal point, others to one place.
public enum NumberText {
    public static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.1f", value)
    }
}
