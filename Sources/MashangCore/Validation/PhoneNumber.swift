/// Mainland China phone numbers as requesters write them.
public enum PhoneNumber {
    /// Removes spaces and dashes and a leading +86 / 0086 country code; nil if what is left is not a mainland
    /// mobile (1[3-9] + 9 digits) or landline (0 + 2–3 digit area code + 7–8 digits) number.
    public static func normalized(_ raw: String) -> String? {
        var digits = raw.filter { !$0.isWhitespace && $0 != "-" }
        if digits.hasPrefix("+86") { digits.removeFirst(3) } else if digits.hasPrefix("0086") { digits.removeFirst(4) }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let characters = Array(digits)
        if characters.count == 11, characters[0] == "1", ("3"..."9").contains(characters[1]) { return digits }
        if characters[0] == "0", characters.count >= 10, characters.count <= 12, characters[1] != "0" { return digits }
        return nil
    }

    /// `138****5678`: the form shown outside the handling chain.
    public static func masked(_ phone: String) -> String {
        guard phone.count > 7 else { return String(repeating: "*", count: phone.count) }
        return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
    }
}
