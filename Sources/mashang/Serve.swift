import ArgumentParser
import Foundation
import Hummingbird
import MashangStore
import MashangWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (migrates the database first).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Load the demo data when the database is empty.") var demo = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = CLILogger.make()
        let hours = ProcessInfo.processInfo.environment["MASHANG_TOKEN_HOURS"].flatMap(Int.init) ?? 12
        let secure = ProcessInfo.processInfo.environment["MASHANG_SECURE_COOKIES"] == "1"
        var configuration = AppConfiguration(host: host, port: port, database: database.location,
                                             seedDemoData: demo, tokenLifetimeHours: hours, secureCookies: secure,
                                             publicURL: ProcessInfo.processInfo.environment["MASHANG_PUBLIC_URL"])
        configuration.trustedProxies = Set((ProcessInfo.processInfo.environment["MASHANG_TRUSTED_PROXIES"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        configuration.open311Jurisdiction = ProcessInfo.processInfo.environment["MASHANG_OPEN311_JURISDICTION"].flatMap { $0.isEmpty ? nil : $0 }
        if let seconds = ProcessInfo.processInfo.environment["MASHANG_SWEEP_SECONDS"].flatMap(Int.init), seconds >= 0 {
            configuration.sweepSeconds = seconds
        }
        if let seconds = ProcessInfo.processInfo.environment["MASHANG_FIGURES_SECONDS"].flatMap(Int.init), seconds >= 0 {
            configuration.figuresSeconds = seconds
        }
        let opened = try await database.open(logger: logger, contacts: demo ? .demo : .production)
        if demo {
            if try await DemoSeeder(database: opened).isEmpty() { try await Seed.seedDemo(into: opened) }
            let password = ProcessInfo.processInfo.environment["MASHANG_DEMO_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            print("""
                Mashang demo: \(configuration.publicURL)/m/jiangzuan-school (resident's QR form), \(configuration.publicURL)/track, \(configuration.publicURL)/guide
                Staff workbench: \(configuration.publicURL)/staff — sign in as joint.dispatcher, gh.dispatcher, jh.dispatcher, jh.handler, joint.intake …
                Password: \(password ?? "the one printed when the demo data was loaded (or set MASHANG_DEMO_PASSWORD before the first start)")
                """)
            // Out now: to a file or a service manager's log, standard output is block-buffered and would hold the
            // banner until the server stops.
            fflush(nil)
        }
        let dependencies = try await AppDependencies.load(database: opened)
        let app = buildApplication(configuration: configuration, dependencies: dependencies, logger: logger)
        try await app.runService()
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply pending database migrations and exit.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        // Opening migrates.
        try await database.withDatabase { _ in print("database is up to date") }
    }
}
