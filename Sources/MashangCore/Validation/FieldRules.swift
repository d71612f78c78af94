import Foundation

/// Small checks shared by intake and actions; each appends to a list of field problems instead of throwing,
/// so that one response names every bad field.
public struct FieldRules {
    public private(set) var problems: [ValidationError.Field] = []

    public init() {}

    /// Trims the text and checks it is present and not longer than `max` characters. Returns the trimmed text.
    @discardableResult
    public mutating func text(_ value: String?, _ field: String, max: Int, required: Bool = true) -> String? {
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if trimmed.isEmpty {
            if required { add(field, "required") }
            return nil
        }
        if trimmed.count > max {
            add(field, "tooLong")
            return nil
        }
        if trimmed.unicodeScalars.contains(where: Self.isRefusedScalar) {
            add(field, "invalidCharacters")
            return nil
        }
        return trimmed
    }

    public mutating func require(_ condition: Bool, _ field: String, _ problem: String) {
        if !condition { add(field, problem) }
    }

    public mutating func add(_ field: String, _ problem: String, values: [String: String]? = nil) {
        problems.append(.init(field, problem, values: values))
    }

    public func check() throws(ValidationError) {
        if !problems.isEmpty { throw ValidationError(problems) }
    }

    /// Control characters other than tab and line breaks (NUL, escape, …) are refused: no database or page can
    /// show them faithfully. Everything else in Unicode, including RTL marks, zero-width joiners and emoji, is kept.
    static func isRefusedScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: false
        case 0x00...0x1F, 0x7F: true
        default: false
        }
    }
}
