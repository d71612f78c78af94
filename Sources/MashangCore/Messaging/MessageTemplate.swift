import Foundation

/// The text of one purpose's message in one language, with `{variable}` placeholders. Administrators may edit it; a
/// template naming a variable its purpose does not have, or an unclosed brace, is refused when saved.
public struct MessageTemplate: Codable, Sendable, Equatable {
    public var purpose: MessagePurpose
    /// `zh-Hans` or `en`.
    public var language: String
    public var text: String

    public init(purpose: MessagePurpose, language: String, text: String) {
        self.purpose = purpose
        self.language = language
        self.text = text
    }

    /// Longest text accepted: a Chinese text message is billed per 70 characters, and three is the most worth sending.
    public static let maximumLength = 210

    public enum Problem: Equatable, Sendable {
        case empty
        case tooLong
        case unclosedBrace
        case unknownVariable(String)
    }

    /// The variables the text names, in order.
    public var placeholders: [String] {
        get throws(TemplateRefused) { try Self.parse(text).compactMap { if case .variable(let name) = $0 { name } else { nil } } }
    }

    /// Refuses a text that could not be rendered for its purpose.
    public func validated() throws(TemplateRefused) -> MessageTemplate {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw TemplateRefused(problem: .empty) }
        guard trimmed.count <= Self.maximumLength else { throw TemplateRefused(problem: .tooLong) }
        for name in try placeholders where !purpose.variables.contains(name) {
            throw TemplateRefused(problem: .unknownVariable(name))
        }
        return MessageTemplate(purpose: purpose, language: language, text: trimmed)
    }

    /// The text with each placeholder replaced by its value (an empty string for one not given).
    public func render(_ values: [String: String]) throws(TemplateRefused) -> String {
        try Self.parse(text).map { part in
            switch part {
            case .text(let text): text
            case .variable(let name): values[name] ?? ""
            }
        }.joined()
    }

    enum Part: Equatable {
        case text(String)
        case variable(String)
    }

    static func parse(_ text: String) throws(TemplateRefused) -> [Part] {
        var parts: [Part] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.text(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else { throw TemplateRefused(problem: .unclosedBrace) }
            parts.append(.variable(String(rest[rest.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return parts
    }
}

/// A template refused when saved, with what is wrong.
public struct TemplateRefused: Error, Equatable {
    public var problem: MessageTemplate.Problem
}

extension MessagePurpose {
    /// Plausible values of every variable, for an administrator's preview and test send.
    public static func sampleValues(_ language: String, publicURL: String) -> [String: String] {
        let english = language == "en"
        return [
            "number": "MS-2026-000123", "code": "ABCD2345", "trackURL": publicURL + "/track?number=MS-2026-000123",
            "organization": english ? "Guanghua Subdistrict Office" : "广华街道办事处", "rateURL": publicURL + "/r/sample",
            "reason": english ? "outside the mechanism's remit" : "不属于受理范围", "until": "2026-12-20",
            "task": english ? "Site inspection" : "现场核查", "due": "2026-12-05", "month": "2026-11",
            "deadline": english ? "resolution" : "办结", "tier": english ? "joint centre" : "联合中心", "day": "2026-12-21",
            "time": "09:00–11:30", "place": english ? "Joint reception hall" : "联合接待大厅",
        ]
    }
}
