/// A setting given with a value Mashang cannot use: it refuses to start and says which and why, rather than falling
/// back to a default the operator did not choose.
public struct ConfigurationError: Error, CustomStringConvertible {
    public var problems: [String]

    public init(problems: [String]) {
        self.problems = problems
    }

    public var description: String { "Mashang cannot start with these settings:\n" + problems.map { "  " + $0 }.joined(separator: "\n") }
}
