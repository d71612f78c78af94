import Foundation

/// One field's value in a register record or entry: a text (also dates `2026-11-20`, times `09:30`, codes), a whole
/// number, or a list of codes. Encoded in JSON as a string, a number or an array of strings.
public enum RegisterValue: Sendable, Equatable, Hashable, Codable {
    case text(String)
    case number(Int)
    case list([String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else if let list = try? container.decode([String].self) {
            self = .list(list)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .number(let number): try container.encode(number)
        case .list(let list): try container.encode(list)
        }
    }

    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }

    public var number: Int? {
        if case .number(let number) = self { return number }
        return nil
    }

    public var list: [String] {
        switch self {
        case .list(let list): list
        case .text(let text): [text]
        case .number(let number): [String(number)]
        }
    }

    /// How the value reads in a form field or a CSV cell (lists joined by commas).
    public var plain: String {
        switch self {
        case .text(let text): text
        case .number(let number): String(number)
        case .list(let list): list.joined(separator: ",")
        }
    }
}

/// The fields of a record or entry by name.
public typealias RegisterFields = [String: RegisterValue]
