import ArgumentParser
import Foundation
import Logging
import MashangCore
import MashangServices
import MashangStore

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Load data into the database.")
    @Flag(help: "Load the demo organisations, users and two years of tickets (refused if data exists).") var demo = false
    @Option(
        help: "Add N generated tickets with full histories over the last --years (benchmarks; demo configuration and users first if none).")
    var synthetic: Int?
    @Option(help: "With --synthetic: the years the tickets are spread over.") var years = 2
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        if let synthetic {
            guard synthetic > 0, synthetic <= 50_000_000, (1...10).contains(years) else {
                throw ValidationError("--synthetic takes 1 to 50,000,000 tickets and --years 1 to 10")
            }
            try await database.withDatabase(contacts: .demo) { opened in
                let password = try ProcessEnvironment.settings().demoPassword ?? "synthetic-pass-1"
                let hash = try await PasswordHasher(cost: 10).hash(password)
                let started = Date()
                let written = try await DemoSeeder(database: opened).seedSynthetic(
                    count: synthetic, years: years, now: Date(), passwordHash: hash
                ) { done in
                    if done % 100_000 == 0 || done == synthetic {
                        let seconds = Date().timeIntervalSince(started)
                        FileHandle.standardError.write(
                            Data("  \(done) tickets, \(Int(seconds)) s (\(Int(Double(done) / max(seconds, 0.001)))/s)\n".utf8))
                    }
                }
                print("seeded \(written) synthetic tickets in \(Int(Date().timeIntervalSince(started))) s")
                // The deadline sweep and the figures' rollups are brought up to date now, so that a server started on
                // this data serves (and is measured) without first working through every generated backlog.
                let sweeping = Date()
                let sweeper = DeadlineSweeper(dependencies: try await AppDependencies.load(stores: opened.stores))
                var examined = 0
                while true {
                    let report = try await sweeper.sweepOnce(batch: 1000)
                    if report.examined == 0 { break }
                    examined += report.examined
                }
                print("deadline sweep caught up over \(examined) tickets in \(Int(Date().timeIntervalSince(sweeping))) s")
                let rolling = Date()
                let folded = try await opened.figures.refreshAll(batch: 1000)
                print("figures rolled up for \(folded) tickets in \(Int(Date().timeIntervalSince(rolling))) s")
            }
            return
        }
        guard demo else { throw ValidationError("say what to seed: --demo or --synthetic N") }
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
        let given = try ProcessEnvironment.settings().demoPassword
        let password = given ?? PasswordPolicy.generated()
        let generated = given == nil
        let hash = try await PasswordHasher(cost: 10).hash(password)
        let count = try await DemoSeeder(database: database).seed(passwordHash: hash, now: Date())
        print("demo data loaded: \(count) tickets; users such as joint.dispatcher, gh.handler (see README)")
        if generated { print("demo users' password (generated, shown once): \(password)") }
    }
}
