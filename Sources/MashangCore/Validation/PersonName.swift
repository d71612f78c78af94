import Foundation

/// A person's name as everyone sees it until the contact is revealed: the first and the last character kept, the
/// rest starred (`王*兰`, `欧阳**锋`); a two-character name keeps its first (`王*`), a one-character name none.
public enum PersonName {
    public static func masked(_ name: String) -> String {
        let characters = Array(name.trimmingCharacters(in: .whitespaces))
        switch characters.count {
        case 0: return ""
        case 1: return "*"
        case 2: return String(characters[0]) + "*"
        default:
            return String(characters[0]) + String(repeating: "*", count: characters.count - 2) + String(characters[characters.count - 1])
        }
    }
}
