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
        return trimmed
    }

    public mutating func require(_ condition: Bool, _ field: String, _ problem: String) {
        if !condition { add(field, problem) }
    }

    public mutating func add(_ field: String, _ problem: String) {
        problems.append(.init(field, problem))
    }

    public func check() throws(ValidationError) {
        if !problems.isEmpty { throw ValidationError(problems) }
    }
}
