import Foundation

/// A question a category asks of every request in it (and in its subcategories), e.g. the lamp post's number for a
/// broken street light. Open311 publishes them as a service definition's attributes; the answers are kept with the
/// request's description, so everyone who handles it reads them.
public struct CategoryQuestion: Codable, Sendable, Equatable {
    /// The kinds of answer, named as Open311 GeoReport v2 names them.
    public enum Datatype: String, Codable, Sendable, CaseIterable {
        case string, number, datetime, text, singlevaluelist, multivaluelist

        public var isList: Bool { self == .singlevaluelist || self == .multivaluelist }
    }

    public struct Choice: Codable, Sendable, Equatable {
        public var key: String
        public var name: String
        public var nameEn: String

        public init(key: String, name: String, nameEn: String) {
            self.key = key
            self.name = name
            self.nameEn = nameEn
        }
    }

    /// Lower-case ASCII, unique within the category's lineage.
    public var code: String
    public var datatype: Datatype
    public var required: Bool
    public var prompt: String
    public var promptEn: String
    /// The allowed answers of a list question; empty otherwise.
    public var choices: [Choice]

    public init(code: String, datatype: Datatype, required: Bool, prompt: String, promptEn: String, choices: [Choice] = []) {
        self.code = code
        self.datatype = datatype
        self.required = required
        self.prompt = prompt
        self.promptEn = promptEn
        self.choices = choices
    }
}

/// Checks answers to a category's questions and writes them as lines of the request's text.
public enum CategoryAnswers {
    public static let stringLimit = 200
    public static let textLimit = 1000

    /// `given` maps a question's code to its answers (several only for a multi-value list). Every problem is named
    /// (`attribute[code]`: required, invalid, tooLong, unknown); the answers come back as `提问：回答` lines, in the
    /// questions' order, with list answers by their Chinese names.
    public static func lines(
        for given: [String: [String]], questions: [CategoryQuestion],
        problems: inout FieldRules
    ) -> [String] {
        let known = Set(questions.map(\.code))
        for code in given.keys.sorted() where !known.contains(code) { problems.add("attribute[\(code)]", "unknown") }
        var lines: [String] = []
        for question in questions {
            let field = "attribute[\(question.code)]"
            let values = (given[question.code] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            if values.isEmpty {
                if question.required { problems.add(field, "required") }
                continue
            }
            if values.count > 1 && question.datatype != .multivaluelist {
                problems.add(field, "invalid")
                continue
            }
            if let answer = answer(values, to: question, field: field, problems: &problems) {
                lines.append("\(question.prompt)：\(answer)")
            }
        }
        return lines
    }

    private static func answer(
        _ values: [String], to question: CategoryQuestion, field: String,
        problems: inout FieldRules
    ) -> String? {
        let value = values[0]
        switch question.datatype {
        case .singlevaluelist, .multivaluelist:
            var names: [String] = []
            for key in values {
                guard let choice = question.choices.first(where: { $0.key == key }) else {
                    problems.add(field, "invalid")
                    return nil
                }
                if !names.contains(choice.name) { names.append(choice.name) }
            }
            return names.joined(separator: "、")
        case .number:
            guard value.count <= 30, let number = Double(value), number.isFinite else {
                problems.add(field, "invalid")
                return nil
            }
            return value
        case .datetime:
            guard W3CDateTime.parse(value) != nil else {
                problems.add(field, "invalid")
                return nil
            }
            return value
        case .string, .text:
            let limit = question.datatype == .string ? stringLimit : textLimit
            if question.datatype == .string && value.contains(where: \.isNewline) {
                problems.add(field, "invalid")
                return nil
            }
            return problems.text(value, field, max: limit)
        }
    }
}

/// The date-time form Open311 uses (the W3C note on ISO 8601): `2026-11-27T15:30:00+08:00` or `…Z`; the zone is
/// required. Fractions of a second are accepted.
public enum W3CDateTime {
    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }

    /// China time, with its offset: `2026-11-27T15:30:00+08:00`.
    public static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = ChinaTime.timeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
