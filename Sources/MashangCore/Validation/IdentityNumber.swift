/// Resident identity card numbers (居民身份证号码, GB 11643-1999): 17 digits and a check character.
public enum IdentityNumber {
    private static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    private static let checkCharacters: [Character] = ["1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2"]

    /// The number in canonical form (upper-case X, no spaces), or nil when its length, digits or check character
    /// are wrong.
    public static func normalized(_ raw: String) -> String? {
        let characters = Array(raw.filter { !$0.isWhitespace }.uppercased())
        guard characters.count == 18, characters.prefix(17).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let sum = zip(characters.prefix(17), weights).reduce(0) { $0 + Int(String($1.0))! * $1.1 }
        guard characters[17] == checkCharacters[sum % 11] else { return nil }
        return String(characters)
    }

    /// `420***********123X`: the region prefix and the last four only.
    public static func masked(_ number: String) -> String {
        guard number.count > 7 else { return String(repeating: "*", count: number.count) }
        return String(number.prefix(3)) + String(repeating: "*", count: number.count - 7) + String(number.suffix(4))
    }
}
