import Foundation
import MashangCore
import MashangTesting
import Testing

/// Property-based fuzzing of the parsers and the rules loader: thousands of generated inputs (seeded, so a failure
/// reproduces; `MASHANG_FUZZ_ITERATIONS` raises the count), each checked against an invariant, never a crash.
struct PropertyFuzzTests {
    static let iterations = ProcessInfo.processInfo.environment["MASHANG_FUZZ_ITERATIONS"].flatMap(Int.init) ?? 20_000

    /// Characters that break naive parsers: digits and separators, letters, CJK (including 4-byte), emoji with
    /// joiners, combining marks, RTL and zero-width marks, control characters.
    static let alphabet: [Character] =
        Array("0123456789+-() \t\n.xX") + Array("abcXYZ屋顶漏水物业电梯𠮷野") + [
            "👨‍👩‍👧", "é", "\u{202E}", "\u{200B}", "\u{200D}", "\u{0000}", "\u{001B}", "\u{FEFF}", "%", "_", "'", "\"", "\\", "<", ">", "&",
        ]

    static func randomText(_ random: inout SeededRandom, maxLength: Int = 24) -> String {
        String((0..<Int.random(in: 0...maxLength, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
    }

    @Test func phoneNumbersNormaliseToDigitsIdempotentlyAndMaskWithoutTheMiddle() {
        var random = SeededRandom(seed: 1)
        var accepted = 0
        for index in 0..<Self.iterations {
            // Half the inputs start from a real number written some way, half are noise.
            let raw =
                index.isMultiple(of: 2)
                ? ["", "+86 ", "0086", "+86-"].randomElement(using: &random)! + "1" + String(Int.random(in: 3...9, using: &random))
                    + String((0..<9).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
                    + Self.randomText(&random, maxLength: 2)
                : Self.randomText(&random)
            guard let phone = PhoneNumber.normalized(raw) else { continue }
            accepted += 1
            #expect(phone.allSatisfy { $0.isASCII && $0.isNumber } && (10...12).contains(phone.count), "\(raw.debugDescription)")
            #expect(PhoneNumber.normalized(phone) == phone)
            let masked = PhoneNumber.masked(phone)
            // Three digits, four stars, four digits: never the middle of the number.
            #expect(masked.count == 11 && masked.dropFirst(3).prefix(4) == "****" && masked.filter(\.isNumber).count == 7)
        }
        #expect(accepted > Self.iterations / 10)
        print("fuzz phone: \(Self.iterations) inputs, \(accepted) accepted")
    }

    @Test func identityNumbersAcceptOnlyCorrectCheckCharacters() {
        var random = SeededRandom(seed: 2)
        var accepted = 0
        for _ in 0..<Self.iterations {
            var digits = (0..<17).map { _ in Character(String(Int.random(in: 0...9, using: &random))) }
            if random.chance(0.1) { digits[Int.random(in: 0..<17, using: &random)] = Self.alphabet.randomElement(using: &random)! }
            let check = "0123456789Xx".randomElement(using: &random)!
            let raw = String(digits) + String(check) + (random.chance(0.1) ? Self.randomText(&random, maxLength: 2) : "")
            guard let number = IdentityNumber.normalized(raw) else { continue }
            accepted += 1
            #expect(number.count == 18 && IdentityNumber.normalized(number) == number)
            // Changing any one digit of a valid number makes it invalid.
            var changed = Array(number)
            let position = Int.random(in: 0..<17, using: &random)
            changed[position] = changed[position] == "0" ? "1" : "0"
            #expect(IdentityNumber.normalized(String(changed)) == nil, "\(number) → \(String(changed))")
            #expect(IdentityNumber.masked(number).filter { $0 == "*" }.count == 11)
        }
        #expect(accepted > Self.iterations / 20)
        print("fuzz identity numbers: \(Self.iterations) inputs, \(accepted) valid")
    }

    @Test func anySubstringFromAWordStartIsFoundByItsSearchPhrases() {
        var random = SeededRandom(seed: 3)
        var checked = 0
        for _ in 0..<Self.iterations {
            let text = Self.randomText(&random, maxLength: 40)
            let terms = SearchText.indexTerms(text)
            let characters = Array(text)
            guard characters.count >= 2 else { continue }
            // Words of letters and digits are matched from their start (ideographs from any character), so the
            // query starts at a word's beginning.
            func inWord(_ character: Character) -> Bool { (character.isLetter || character.isNumber) && !SearchText.isIdeograph(character) }
            var start = Int.random(in: 0..<characters.count, using: &random)
            while start > 0 && inWord(characters[start]) && inWord(characters[start - 1]) { start -= 1 }
            let end = Int.random(in: start...characters.count, using: &random)
            let query = String(characters[start..<end])
            for phrase in SearchText.queryPhrases(query) {
                checked += 1
                // Every term of the phrase is an index term or the prefix of one (FTS5 prefix queries; the last
                // term of a cut-off word or run).
                for term in phrase {
                    #expect(
                        terms.contains { $0 == term || $0.hasPrefix(term) || term.hasPrefix($0) && $0.count == term.count },
                        "\(query.debugDescription) in \(text.debugDescription): \(term)")
                }
            }
        }
        print("fuzz search: \(Self.iterations) texts, \(checked) phrases checked")
    }

    @Test func datesAndTicketNumbersParseOnlyWhatTheyPrint() {
        var random = SeededRandom(seed: 4)
        for _ in 0..<Self.iterations {
            let raw =
                random.chance(0.5)
                ? String(
                    format: "%04d-%02d-%02d", Int.random(in: 1990...2100, using: &random), Int.random(in: 0...13, using: &random),
                    Int.random(in: 0...32, using: &random))
                : Self.randomText(&random, maxLength: 12)
            if let day = ChinaTime.day(raw) { #expect(ChinaTime.dayString(day) == raw, "\(raw)") }
            let number =
                random.chance(0.5)
                ? TicketNumber.format(
                    year: Int.random(in: 2000...2099, using: &random), sequence: Int64.random(in: 1...999_999, using: &random))
                : "MS-" + Self.randomText(&random, maxLength: 12)
            if TicketNumber.isNumber(number) {
                #expect(number.hasPrefix("MS-") && number.count == 14 && number.dropFirst(3).allSatisfy { $0.isNumber || $0 == "-" })
            }
        }
    }

    /// The rules loader either refuses a rule set naming real problems, or routes every ticket exactly as a
    /// brute-force reading of the rules would: the most specific matching rule, ties broken by code.
    @Test func theRulesLoaderRefusesBadSetsAndOtherwiseRoutesLikeBruteForce() {
        var random = SeededRandom(seed: 5)
        let reference = Fixtures.reference
        let categories = reference.categories.map(\.code), areas = reference.areas.map(\.code)
        let organizations = reference.organizations.map(\.code)
        let keywords = ["漏水", "电梯", "停车", "噪音", "诈骗"]
        var loaded = 0, refused = 0, routed = 0
        for round in 0..<max(1, Self.iterations / 100) {
            let rules = (0..<Int.random(in: 1...25, using: &random)).map { index in
                DispatchRule(
                    code: "R\(round)-\(index)",
                    category: random.chance(0.7) ? (random.chance(0.05) ? "no.such" : categories.randomElement(using: &random)) : nil,
                    area: random.chance(0.4) ? (random.chance(0.05) ? "nowhere" : areas.randomElement(using: &random)) : nil,
                    kind: random.chance(0.3) ? TicketKind.allCases.randomElement(using: &random) : nil,
                    keywords: random.chance(0.3)
                        ? Array(keywords.shuffled(using: &random).prefix(Int.random(in: 1...2, using: &random))) : [],
                    organization: organizations.randomElement(using: &random)!)
            }
            let set: DispatchRuleSet
            do {
                set = try DispatchRuleSet(rules: rules, categoryTree: reference.categoryTree, areaTree: reference.areaTree)
            } catch {
                refused += 1
                #expect(!error.problems.isEmpty)
                for problem in error.problems {
                    switch problem {
                    case .unknownCategory(let code):
                        #expect(rules.first { $0.code == code }.map { !reference.categoryTree.contains($0.category!) } == true)
                    case .unknownArea(let code):
                        #expect(rules.first { $0.code == code }.map { !reference.areaTree.contains($0.area!) } == true)
                    case .tie(let first, let second): #expect(first != second)
                    }
                }
                continue
            }
            loaded += 1
            for _ in 0..<50 {
                let category = categories.randomElement(using: &random)!, area = areas.randomElement(using: &random)!
                let kind = TicketKind.allCases.randomElement(using: &random)!
                let text = keywords.filter { _ in random.chance(0.3) }.joined(separator: "、") + "问题"
                let expected = rules.filter { rule in
                    (rule.category.map { reference.categoryTree.isSelfOrAncestor($0, of: category) } ?? true)
                        && (rule.area.map { reference.areaTree.isSelfOrAncestor($0, of: area) } ?? true)
                        && (rule.kind.map { $0 == kind } ?? true)
                        && (rule.keywords.isEmpty || rule.keywords.contains { text.contains($0) })
                }.max { lhs, rhs in
                    let left = specificity(lhs), right = specificity(rhs)
                    return left != right ? left.lexicographicallyPrecedes(right) : lhs.code > rhs.code
                }
                let decision = set.route(category: category, area: area, kind: kind, text: text)
                #expect(decision?.rule == expected?.code, "\(category) \(area) \(kind) \(text)")
                routed += 1
            }
        }
        func specificity(_ rule: DispatchRule) -> [Int] {
            [
                rule.category.map(reference.categoryTree.depth(of:)) ?? 0, rule.area.map(reference.areaTree.depth(of:)) ?? 0,
                rule.kind == nil ? 0 : 1, rule.keywords.isEmpty ? 0 : 1,
            ]
        }
        #expect(loaded > 0 && refused > 0)
        print("fuzz rules: \(loaded + refused) generated rule sets, \(loaded) loaded, \(refused) refused, \(routed) routings checked")
    }
}
