import ArgumentParser
import Foundation
import Hummingbird
import MashangCore
import MashangServices
import MashangStore
import MashangWeb

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the server (migrates the database first).")

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Load the demo data when the database is empty.") var demo = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        // Every setting read once, before anything opens; a bad value stops the start with what is wrong.
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration.from(
                environment: ProcessEnvironment.variables, host: host, port: port,
                database: .sqlite(directory: database.dataDirectory), seedDemoData: demo)
        } catch {
            throw ValidationError(error.description)
        }
        let settings = configuration.process
        LogSettings.bootstrap(level: settings.logLevel, format: settings.logFormat)
        let logger = CLILogger.make(level: settings.logLevel)
        let opened = try await database.open(settings: settings, logger: logger, contacts: demo ? .demo : .production)
        if demo {
            if try await DemoSeeder(database: opened).isEmpty() { try await Seed.seedDemo(into: opened) }
            let password = settings.demoPassword
            print(
                """
                Mashang demo: \(configuration.publicURL)/m/jiangzuan-school (resident's QR form), \(configuration.publicURL)/track, \(configuration.publicURL)/guide
                Staff workbench: \(configuration.publicURL)/staff — sign in as joint.dispatcher, gh.dispatcher, jh.dispatcher, jh.handler, joint.intake …
                Password: \(password ?? "the one printed when the demo data was loaded (or set MASHANG_DEMO_PASSWORD before the first start)")
                """)
            // Out now: to a file or a service manager's log, standard output is block-buffered and would hold the
            // banner until the server stops.
            fflush(nil)
        }
        var dependencies = try await AppDependencies.load(stores: opened.stores)
        dependencies.limiter = RateLimiter(store: opened.stores.rateLimits, publicIntakePerAddress: configuration.intakePerAddress)
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
