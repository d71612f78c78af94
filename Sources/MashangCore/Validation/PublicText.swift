import Foundation

/// A request's text as anyone may read it (Open311 answers to clients without a key): the requester's name, names
/// after 我叫 / 姓名 / 联系人, ID numbers, phone numbers and any run of seven or more digits, and the parts of an address
/// below the building (单元, rooms, `3-2-501`'s unit and room) are taken out; what was asked stays readable.
public enum PublicText {
    public static let hiddenName = "某某"
    public static let hiddenNumber = "***"

    public static func deidentified(_ text: String, requesterName: String?) -> String {
        var result = text
        if let name = requesterName?.trimmingCharacters(in: .whitespaces), name.count >= 2 {
            result = result.replacingOccurrences(of: name, with: hiddenName)
        }
        let rules: [(String, String)] = [
            // Names after the words that introduce them.
            (#"(我叫|我是|姓名[:：]?|联系人[:：]?|本人)\s*[\p{Han}]{2,4}"#, "$1" + hiddenName),
            // ID numbers (18 characters), mobile and fixed-line phones with common separators.
            (#"\d{17}[\dXx]"#, hiddenNumber),
            (#"(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}"#, hiddenNumber),
            (#"0\d{2,3}[- ]?\d{7,8}"#, hiddenNumber),
            // Below the building: 3-2-501 keeps its building; units and rooms go.
            (#"(\d{1,3})[-－]\d{1,2}[-－]\d{2,4}"#, "$1栋"),
            // Any other run of seven or more digits (an account, a plate's digits, a number without its prefix).
            (#"\d[\d\- ]{5,}\d"#, hiddenNumber),
            (#"([0-9一二三四五六七八九十]+)\s*单元"#, ""),
            (#"\d+\s*(室|号房|房间|户)"#, ""),
        ]
        for (pattern, replacement) in rules {
            guard let expression = try? NSRegularExpression(pattern: pattern) else { continue }
            result = expression.stringByReplacingMatches(
                in: result, range: NSRange(result.startIndex..., in: result), withTemplate: replacement)
        }
        return result
    }
}
