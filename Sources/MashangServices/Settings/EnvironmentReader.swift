import Foundation

/// Reads settings from environment variables and collects every value it refuses, so that one start reports all of
/// them. An empty (or blank) variable counts as unset.
public struct EnvironmentReader {
    public let environment: [String: String]
    /// What each key accepts, for the refusal's message.
    private let accepts: [String: String]
    /// Keys whose values are secrets: a refusal names the key but never repeats the value.
    private let secrets: Set<String>
    public private(set) var problems: [String] = []

    public init(environment: [String: String], keys: [SettingKey]) {
        self.environment = environment
        accepts = Dictionary(keys.map { ($0.key, $0.accepts) }, uniquingKeysWith: { first, _ in first })
        secrets = Set(keys.filter(\.secret).map(\.key))
    }

    public func value(_ key: String) -> String? {
        environment[key].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    public mutating func refuse(_ key: String) {
        let given = secrets.contains(key) ? "(the value given)" : environment[key] ?? ""
        problems.append("\(key)=\(given): expected \(accepts[key] ?? "another value")")
    }

    /// A problem that is not one variable's (a flag's value, two settings that do not go together).
    public mutating func problem(_ text: String) {
        problems.append(text)
    }

    public mutating func number(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = value(key) else { return nil }
        guard let number = Int(text), range.contains(number) else { refuse(key); return nil }
        return number
    }

    /// Throws every problem found, if any.
    public func check() throws(ConfigurationError) {
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
    }
}

/// One environment variable Mashang reads, with what it accepts (the README's table says what it means).
public struct SettingKey: Sendable {
    public var key: String
    public var accepts: String
    public var secret: Bool

    public init(_ key: String, _ accepts: String, secret: Bool = false) {
        self.key = key
        self.accepts = accepts
        self.secret = secret
    }
}
