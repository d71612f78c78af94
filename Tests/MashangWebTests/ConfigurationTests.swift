import Foundation
import Logging
import MashangCore
import MashangServices
import MashangStore
import MashangWeb
import Testing

/// The server's settings are read once from flags and the environment; a value that does not parse stops the start
/// with the key and what it accepts, instead of a silent default.
struct ConfigurationTests {
    func read(_ environment: [String: String], port: Int = 8080) throws(ConfigurationError) -> AppConfiguration {
        try AppConfiguration.from(
            environment: environment, host: "0.0.0.0", port: port, database: .sqlite(directory: "./data"), seedDemoData: false)
    }

    @Test func thePublicIntakeLimitPerAddressCanBeRaised() throws {
        #expect(try read([:]).intakePerAddress == 20)
        #expect(try read(["MASHANG_INTAKE_PER_ADDRESS": "500"]).intakePerAddress == 500)
        #expect(throws: ConfigurationError.self) { try read(["MASHANG_INTAKE_PER_ADDRESS": "4"]) }
        let limiter = RateLimiter(store: MemoryRateLimits(), publicIntakePerAddress: 500)
        #expect(limiter.publicIntakePerAddress.attempts == 500 && limiter.publicIntakePerAddress.window == 600)
        #expect(RateLimiter(store: MemoryRateLimits()).publicIntakePerAddress.attempts == 20)
    }

    @Test func theAuditRetentionIsSixMonthsToTenYears() throws {
        #expect(try read([:]).auditRetentionMonths == 36)
        #expect(try read(["MASHANG_AUDIT_RETENTION_MONTHS": "6"]).auditRetentionMonths == 6)
        #expect(throws: ConfigurationError.self) { try read(["MASHANG_AUDIT_RETENTION_MONTHS": "5"]) }
        #expect(throws: ConfigurationError.self) { try read(["MASHANG_AUDIT_RETENTION_MONTHS": "121"]) }
    }

    @Test func requestersContactsAreKeptOneToThirtyYearsAfterClosure() throws {
        #expect(try read([:]).contactRetentionYears == 3)
        #expect(try read(["MASHANG_CONTACT_RETENTION_YEARS": "10"]).contactRetentionYears == 10)
        #expect(throws: ConfigurationError.self) { try read(["MASHANG_CONTACT_RETENTION_YEARS": "0"]) }
        #expect(throws: ConfigurationError.self) { try read(["MASHANG_CONTACT_RETENTION_YEARS": "31"]) }
    }

    @Test func unsetAndEmptyVariablesTakeTheDefaults() throws {
        let configuration = try read(["MASHANG_SWEEP_SECONDS": "", "LOG_LEVEL": " "])
        #expect(configuration.tokenLifetimeHours == 12 && !configuration.secureCookies)
        #expect(configuration.sweepSeconds == 60 && configuration.figuresSeconds == 2)
        #expect(configuration.publicURL == "http://0.0.0.0:8080" && configuration.trustedProxies.isEmpty)
        #expect(configuration.process.logLevel == .info && configuration.process.logFormat == .text)
        #expect(configuration.process.databaseURL == nil && configuration.process.dataKey == nil)
        #expect(configuration.database == .sqlite(directory: "./data"))
    }

    @Test func givenValuesAreUsed() throws {
        let configuration = try read([
            "MASHANG_TOKEN_HOURS": "8", "MASHANG_SECURE_COOKIES": "1", "MASHANG_PUBLIC_URL": "https://mashang.example.cn/",
            "MASHANG_TRUSTED_PROXIES": "10.0.0.1, ::1", "MASHANG_SWEEP_SECONDS": "0", "MASHANG_FIGURES_SECONDS": "30",
            "MASHANG_OPEN311_JURISDICTION": "qianjiang.gov.cn", "LOG_LEVEL": "warning",
        ])
        #expect(configuration.tokenLifetimeHours == 8 && configuration.secureCookies)
        #expect(configuration.publicURL == "https://mashang.example.cn")
        #expect(configuration.trustedProxies == ["10.0.0.1", "::1"])
        #expect(configuration.sweepSeconds == 0 && configuration.figuresSeconds == 30)
        #expect(configuration.open311Jurisdiction == "qianjiang.gov.cn")
        #expect(configuration.process.logLevel == .warning)
    }

    @Test func theProcessSettingsAreReadWithTheServers() throws {
        let key = Data(repeating: 7, count: 32).base64EncodedString()
        let configuration = try read([
            "DATABASE_URL": "postgres://mashang:pw@db.intranet:5432/mashang", "MASHANG_DATA_KEY": key,
            "MASHANG_DEMO_PASSWORD": "demo-pass", "MASHANG_LOG_FORMAT": "json",
        ])
        // DATABASE_URL wins over --data.
        #expect(configuration.database == .postgres(url: "postgres://mashang:pw@db.intranet:5432/mashang"))
        #expect(configuration.process.dataKey == key && configuration.process.demoPassword == "demo-pass")
        #expect(configuration.process.logFormat == .json)
        // The commands other than serve read the same keys the same way.
        let settings = try ProcessSettings.from(environment: ["DATABASE_URL": "postgresql://db/mashang", "LOG_LEVEL": "error"])
        #expect(settings.databaseURL == "postgresql://db/mashang" && settings.logLevel == .error)
        #expect(settings.databaseLocation(directory: "d") == .postgres(url: "postgresql://db/mashang", connections: 32))
        // The node's PostgreSQL connections: a number from 2 to 1000.
        let wider = try ProcessSettings.from(environment: ["DATABASE_URL": "postgres://db/m", "MASHANG_DATABASE_CONNECTIONS": "64"])
        #expect(wider.databaseLocation(directory: "d") == .postgres(url: "postgres://db/m", connections: 64))
        for bad in ["1", "1001", "many"] {
            #expect(throws: ConfigurationError.self) { try ProcessSettings.from(environment: ["MASHANG_DATABASE_CONNECTIONS": bad]) }
        }
        #expect(try ProcessSettings.from(environment: [:]).databaseLocation(directory: "d") == .sqlite(directory: "d"))
    }

    @Test func secretsAreRefusedWithoutRepeatingThem() {
        let shortKey = Data(repeating: 7, count: 16).base64EncodedString()
        do {
            _ = try read([
                "MASHANG_DATA_KEY": shortKey, "MASHANG_METRICS_TOKEN": "tooshort", "DATABASE_URL": "mysql://db/mashang",
                "MASHANG_LOG_FORMAT": "xml",
            ])
            Issue.record("accepted bad settings")
        } catch {
            #expect(error.problems.count == 4)
            for key in ["MASHANG_DATA_KEY=", "MASHANG_METRICS_TOKEN=", "DATABASE_URL=mysql://db/mashang", "MASHANG_LOG_FORMAT=xml"] {
                #expect(error.description.contains(key), "\(key)")
            }
            #expect(!error.description.contains(shortKey) && !error.description.contains("tooshort"))
        }
        #expect(throws: ConfigurationError.self) { try ProcessSettings.from(environment: ["MASHANG_DATA_KEY": "not base64!"]) }
    }

    @Test func badValuesAreRefusedAllAtOnceNamingTheKey() {
        do {
            _ = try read(
                [
                    "MASHANG_TOKEN_HOURS": "12h", "MASHANG_SECURE_COOKIES": "yes", "MASHANG_PUBLIC_URL": "mashang.example.cn",
                    "MASHANG_TRUSTED_PROXIES": "nginx", "MASHANG_SWEEP_SECONDS": "-5", "LOG_LEVEL": "verbose",
                ], port: 70_000)
            Issue.record("accepted bad settings")
        } catch {
            let keys = [
                "--port 70000", "MASHANG_TOKEN_HOURS=12h", "MASHANG_SECURE_COOKIES=yes", "MASHANG_PUBLIC_URL=mashang.example.cn",
                "MASHANG_TRUSTED_PROXIES=nginx", "MASHANG_SWEEP_SECONDS=-5", "LOG_LEVEL=verbose",
            ]
            #expect(error.problems.count == keys.count)
            for key in keys { #expect(error.description.contains(key), "\(key)") }
        }
    }

    @Test func everyKeyIsInTheReadmeTable() throws {
        let readme = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("README.md"), encoding: .utf8)
        for setting in AppConfiguration.environmentKeys {
            #expect(readme.contains("| `\(setting.key)` | environment"), "\(setting.key)")
        }
    }
}
