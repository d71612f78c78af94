import Foundation
import MashangCore
import Testing

/// Answers to a category's questions (Open311 attributes): each kind of answer checked, every problem named, the
/// answers written as the request's lines in the questions' order; and a generated password the policy accepts.
struct CategoryAnswersTests {
    static let questions = [
        CategoryQuestion(code: "floor", datatype: .number, required: true, prompt: "楼层", promptEn: "Floor"),
        CategoryQuestion(code: "since", datatype: .datetime, required: false, prompt: "开始时间", promptEn: "Since"),
        CategoryQuestion(
            code: "where", datatype: .multivaluelist, required: false, prompt: "部位", promptEn: "Where",
            choices: [.init(key: "roof", name: "屋顶", nameEn: "Roof"), .init(key: "wall", name: "外墙", nameEn: "Wall")]),
        CategoryQuestion(code: "note", datatype: .string, required: false, prompt: "备注", promptEn: "Note"),
    ]

    @Test func answersBecomeLinesInTheQuestionsOrder() {
        var problems = FieldRules()
        let lines = CategoryAnswers.lines(
            for: ["where": ["wall", "roof", "wall"], "floor": ["6"], "since": ["2026-11-27T09:30:00+08:00"]],
            questions: Self.questions, problems: &problems)
        #expect(problems.problems.isEmpty)
        #expect(lines == ["楼层：6", "开始时间：2026-11-27T09:30:00+08:00", "部位：外墙、屋顶"])
    }

    @Test func everyBadAnswerIsNamed() {
        var problems = FieldRules()
        let lines = CategoryAnswers.lines(
            for: [
                "floor": ["six"], "since": ["2026-11-27"], "where": ["door"], "note": ["两行\n备注"],
                "colour": ["red"],
            ], questions: Self.questions, problems: &problems)
        #expect(lines.isEmpty)
        #expect(
            problems.problems == [
                .init("attribute[colour]", "unknown"), .init("attribute[floor]", "invalid"),
                .init("attribute[since]", "invalid"), .init("attribute[where]", "invalid"),
                .init("attribute[note]", "invalid"),
            ])
        var missing = FieldRules()
        _ = CategoryAnswers.lines(for: ["floor": ["  "], "note": ["a", "b"]], questions: Self.questions, problems: &missing)
        #expect(missing.problems == [.init("attribute[floor]", "required"), .init("attribute[note]", "invalid")])
    }

    @Test func generatedPasswordsPassThePolicy() {
        let passwords = (0..<50).map { _ in PasswordPolicy.generated() }
        #expect(passwords.allSatisfy { $0.count == 12 && PasswordPolicy.problems($0, username: "gh.wang").isEmpty })
        #expect(Set(passwords).count == 50)
    }
}
