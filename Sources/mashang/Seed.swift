import ArgumentParser
import Foundation
import Logging
import MashangStore
import MashangWeb

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load data into the database.")
    @Flag(help: "Load the demo organisations, users and two years of tickets (refused if data exists).") var demo = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard demo else { throw ValidationError("say what to seed: --demo") }
        try await database.withDatabase(contacts: .demo) { opened in
            guard try await DemoSeeder(database: opened).isEmpty() else {
                print("the database already holds data; nothing seeded")
                return
            }
            try await Self.seedDemo(into: opened)
        }
    }

    /// Seeds the demo; the password is `MASHANG_DEMO_PASSWORD`, or generated and printed once.
    static func seedDemo(into database: MashangDatabase) async throws {
        var password = ProcessInfo.processInfo.environment["MASHANG_DEMO_PASSWORD"] ?? ""
        let generated = password.isEmpty
        if generated {
            var generator = SystemRandomNumberGenerator()
            password = String((0..<12).map { _ in Array("abcdefghijkmnpqrstuvwxyz23456789").randomElement(using: &generator)! })
        }
        let hash = try await PasswordHasher(cost: 10).hash(password)
        let count = try await DemoSeeder(database: database).seed(passwordHash: hash, now: Date())
        print("demo data loaded: \(count) tickets; users such as joint.dispatcher, gh.handler (see README)")
        if generated { print("demo users' password (generated, shown once): \(password)") }
    }
}
