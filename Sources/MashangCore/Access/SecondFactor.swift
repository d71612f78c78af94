/// Who signs in with a second factor: the three administrators (等保 level 3 asks two kinds of proof of those who
/// administer a system). Everyone else signs in with a password.
public enum SecondFactor {
    public static func isRequired(for role: Role) -> Bool { Role.administration.contains(role) }

    /// How long a right password waits for its code, in seconds.
    public static let challengeLifetime: Double = 300
    /// Wrong codes a waiting sign-in may have before it must start again with the password.
    public static let attemptsPerChallenge = 5
}
