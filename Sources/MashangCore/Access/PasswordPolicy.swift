/// The minimum rules for staff passwords, checked wherever a password is set.
public enum PasswordPolicy {
    public static let minimumLength = 10
    /// bcrypt reads at most 72 bytes.
    public static let maximumBytes = 72

    private static let common: Set<String> = [
        "1234567890", "12345678910", "0123456789", "qwertyuiop", "1qaz2wsx3edc", "password123", "password1234",
        "iloveyou123", "abc1234567", "a123456789", "woaini1314", "admin12345", "qwerty12345", "1q2w3e4r5t",
    ]

    /// The problem codes of a proposed password (empty when it is acceptable): `tooShort`, `tooLong`, `tooSimple`
    /// (fewer than two of letters, digits and other characters, or a well-known password), `containsUsername`.
    /// Twelve letters and digits (nine and three, shuffled; no look-alikes such as l, 1, O, 0), which the policy
    /// accepts: for passwords shown once (generated demo and imported users).
    public static func generated() -> String {
        let letters = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"), digits = Array("23456789")
        var generator = SystemRandomNumberGenerator()
        let body =
            (0..<9).map { _ in letters.randomElement(using: &generator)! } + (0..<3).map { _ in digits.randomElement(using: &generator)! }
        return String(body.shuffled(using: &generator))
    }

    public static func problems(_ password: String, username: String) -> [String] {
        var problems: [String] = []
        if password.count < minimumLength { problems.append("tooShort") }
        if password.utf8.count > maximumBytes { problems.append("tooLong") }
        let classes = [
            password.contains { $0.isLetter }, password.contains { $0.isNumber },
            password.contains { !$0.isLetter && !$0.isNumber },
        ].filter { $0 }.count
        if classes < 2 || common.contains(password.lowercased()) { problems.append("tooSimple") }
        let name = username.lowercased()
        if name.count >= 3, password.lowercased().contains(name) { problems.append("containsUsername") }
        return problems
    }
}

/// After repeated failed sign-ins an account is locked for a while, doubling with each further failure.
public enum LoginLockout {
    /// Failures in a row before the first lock.
    public static let threshold = 5
    public static let firstLock: Double = 60
    public static let longestLock: Double = 3600

    /// Seconds the account is locked after this many failures in a row (0: not locked).
    public static func lockSeconds(afterFailures failures: Int) -> Double {
        guard failures >= threshold else { return 0 }
        let doublings = min(failures - threshold, 16)
        return min(longestLock, firstLock * Double(1 << doublings))
    }
}

/// What an API token may do: `read` tokens only read (GET); `write` tokens do everything their user may.
public enum TokenScope: String, Sendable, Codable, CaseIterable {
    case read, write
}
